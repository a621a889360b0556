//! Dataset outputs, predicates and lineage of dataflows and recipes.

use super::*;

use super::tests::{mutants, wrap};

/// (column, object.field) pairs reaching output `i`.
fn reaching(c: &WaveContent, i: usize) -> Vec<(String, String)> {
    c.outputs[i]
        .columns
        .iter()
        .map(|k| {
            let r = &c.reads[k.read];
            (
                k.column.clone(),
                format!("{}.{}", r.object.value, r.field.value),
            )
        })
        .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

const DATAFLOW: &str = r#"{"nodes":{
"Extract_Contact":{"action":"sobjectDigest","parameters":{"object":"Contact","fields":[{"name":"Id"},{"name":"AccountId"},{"name":"National_Id__c"}],"filterConditions":[{"field":"Status__c","operator":"=","value":"A"}]}},
"Extract_Account":{"action":"sobjectDigest","parameters":{"object":"Account","fields":[{"name":"Id"},{"name":"Name"},{"name":"Tax_Id__c"}]}},
"Join":{"action":"augment","parameters":{"leftKey":["AccountId"],"rightKey":["Id"],"rightSelect":["Name"],"relationship":"Account"},"sources":["Extract_Contact","Extract_Account"]},
"Compute":{"action":"computeExpression","parameters":{"computedFields":[],"mergeWithSource":true},"sources":["Join"]},
"Register":{"action":"register","parameters":{"name":"contacts","label":"Contacts","rowLevelSecurityFilter":""},"sources":["Compute"]},
"Slice":{"action":"sliceDataset","parameters":{"mode":"drop","fields":[{"name":"National_Id__c"}]},"sources":["Compute"]},
"Register_Sliced":{"action":"register","parameters":{"name":"sliced","label":"S","rowLevelSecurityFilter":"'OwnerId' == \"$User.Id\" || 'Region' == \"$User.Sales_Region__c\""},"sources":["Slice"]},
"Only_Computed":{"action":"computeExpression","parameters":{"computedFields":[],"mergeWithSource":false},"sources":["Join"]},
"Register_Computed":{"action":"register","parameters":{"name":"computed","label":"C"},"sources":["Only_Computed"]},
"Predict":{"action":"prediction","parameters":{},"sources":["Join"]},
"Register_Predicted":{"action":"register","parameters":{"name":"predicted","label":"P"},"sources":["Predict"]}
}}"#;

#[test]
fn lineage_follows_digest_augment_and_compute_to_register() {
    for text in [DATAFLOW.to_string(), wrap(DATAFLOW)] {
        let c = parse_dataflow(&text).unwrap();
        let names: Vec<_> = c.outputs.iter().map(|o| o.node.value.as_str()).collect();
        assert_eq!(
            names,
            [
                "Register",
                "Register_Sliced",
                "Register_Computed",
                "Register_Predicted"
            ]
        );
        // The filter-only field never becomes a column; the right side passes only
        // what rightSelect names, renamed after the relationship.
        assert_eq!(
            reaching(&c, 0),
            pairs(&[
                ("Id", "Contact.Id"),
                ("AccountId", "Contact.AccountId"),
                ("National_Id__c", "Contact.National_Id__c"),
                ("Account.Name", "Account.Name"),
            ])
        );
        assert!(c.outputs[0].unsecured());
        assert_eq!(c.outputs[0].dataset.as_ref().unwrap().value, "contacts");
        assert_eq!(&text[c.outputs[0].node.span.range()], "Register");
        // The slice drops the field.
        assert!(
            !reaching(&c, 1)
                .iter()
                .any(|(_, f)| f == "Contact.National_Id__c")
        );
        assert!(!c.outputs[1].unsecured());
        // mergeWithSource false and an unknown action pass nothing on.
        assert!(reaching(&c, 2).is_empty());
        assert!(reaching(&c, 3).is_empty());
    }
}

#[test]
fn predicate_user_fields_have_exact_file_spans() {
    for text in [DATAFLOW.to_string(), wrap(DATAFLOW)] {
        let c = parse_dataflow(&text).unwrap();
        let o = &c.outputs[1];
        let fields: Vec<_> = o.user_fields.iter().map(|f| f.value.as_str()).collect();
        assert_eq!(fields, ["Id", "Sales_Region__c"]);
        for f in &o.user_fields {
            assert_eq!(&text[f.span.range()], format!("$User.{}", f.value));
        }
        let p = o.predicate.as_ref().unwrap();
        assert!(p.value.starts_with("'OwnerId' == \"$User.Id\""));
    }
}

const RECIPE: &str = r#"{"version":"59.0","nodes":{
"LOAD_CONTACT":{"action":"load","sources":[],"parameters":{"fields":["Id","AccountId","National_Id__c","Phone"],"dataset":{"type":"connectedDataset","label":"Contact","connectionName":"SFDC_LOCAL","sourceObjectName":"Contact"}}},
"LOAD_ACCOUNT":{"action":"load","sources":[],"parameters":{"fields":["Id","Tax_Id__c"],"dataset":{"type":"connectedDataset","label":"Account","connectionName":"SFDC_LOCAL","sourceObjectName":"Account"}}},
"JOIN0":{"action":"join","sources":["LOAD_CONTACT","LOAD_ACCOUNT"],"schema":{"fields":[],"slice":{"mode":"DROP","ignoreMissingFields":true,"fields":["Phone"]}},"parameters":{"joinType":"LOOKUP","leftKeys":["AccountId"],"rightQualifier":"Acct","rightKeys":["Id"]}},
"RENAME":{"action":"schema","sources":["JOIN0"],"parameters":{"fields":[{"name":"Acct.Tax_Id__c","newProperties":{"name":"TaxId"}}]}},
"OUTPUT0":{"action":"save","sources":["RENAME"],"parameters":{"fields":[],"dataset":{"type":"analyticsDataset","label":"C","name":"ContactDataset"}}},
"OUTPUT1":{"action":"save","sources":["JOIN0"],"parameters":{"fields":[],"dataset":{"type":"analyticsDataset","label":"S","name":"Shared","rowLevelSharingSource":"Contact","rowLevelSecurityFilter":"false"}}},
"ANTI":{"action":"join","sources":["LOAD_CONTACT","LOAD_ACCOUNT"],"parameters":{"joinType":"LEFT_ANTI","leftKeys":["AccountId"],"rightQualifier":"A","rightKeys":["Id"]}},
"OUTPUT2":{"action":"save","sources":["ANTI"],"parameters":{"fields":["Id"],"dataset":{"type":"analyticsDataset","label":"A","name":"Anti"}}},
"EXPORT":{"action":"save","sources":["JOIN0"],"parameters":{"fields":[],"dataset":{"type":"connectedDataset","label":"S3","name":"Export","connectionName":"S3_Output"}}},
"NO_DATASET":{"action":"save","sources":["JOIN0"],"parameters":{"fields":[]}}
},"ui":{"nodes":{}}}"#;

#[test]
fn recipe_join_schema_and_save() {
    for text in [RECIPE.to_string(), wrap(RECIPE)] {
        let c = parse_recipe(&text).unwrap();
        assert_eq!(c.outputs.len(), 3);
        assert_eq!(
            reaching(&c, 0),
            pairs(&[
                ("Id", "Contact.Id"),
                ("AccountId", "Contact.AccountId"),
                ("National_Id__c", "Contact.National_Id__c"),
                ("Acct.Id", "Account.Id"),
                ("TaxId", "Account.Tax_Id__c"),
            ])
        );
        assert!(c.outputs[0].unsecured());
        assert_eq!(c.outputs[0].describe(), "dataset `ContactDataset`");
        let shared = &c.outputs[1];
        assert!(!shared.unsecured());
        assert_eq!(shared.sharing_source.as_ref().unwrap().value, "Contact");
        // A left anti join passes no right column; a save field list selects.
        assert_eq!(reaching(&c, 2), pairs(&[("Id", "Contact.Id")]));
    }
}

#[test]
fn documented_vocabulary_uses_source_left_right_and_alias() {
    let text = r#"{
"Extract": {"action": "sfdcDigest", "parameters": {"object": "Case", "fields": [{"name": "Id"}, {"name": "Diagnosis__c"}]}},
"Users": {"action": "sfdcDigest", "parameters": {"object": "User", "fields": [{"name": "Id"}, {"name": "Name"}]}},
"Aug": {"action": "augment", "parameters": {"left": "Extract", "right": "Users", "left_key": ["OwnerId"], "right_key": ["Id"], "right_select": ["Name"], "relationship": "Owner"}},
"Filter": {"action": "filter", "parameters": {"source": "Aug", "filter": "Id:EQ:x"}},
"Relative": {"action": "computeRelative", "parameters": {"source": "Filter", "partitionBy": ["Id"], "orderBy": [], "computedFields": []}},
"Measures": {"action": "dim2mea", "parameters": {"source": "Relative", "dimension": "Id", "measure": "IdNum", "measureDefault": "0", "measureType": "long"}},
"Reg": {"action": "sfdcRegister", "parameters": {"source": "Measures", "alias": "cases", "name": "Cases", "rowLevelSharingSource": " "}}
}"#;
    let c = parse_dataflow(text).unwrap();
    assert_eq!(c.outputs.len(), 1);
    assert_eq!(c.outputs[0].dataset.as_ref().unwrap().value, "cases");
    assert!(c.outputs[0].unsecured(), "a blank sharing source is none");
    assert_eq!(
        reaching(&c, 0),
        pairs(&[
            ("Id", "Case.Id"),
            ("Diagnosis__c", "Case.Diagnosis__c"),
            ("Owner.Name", "User.Name"),
        ])
    );
}

#[test]
fn cycles_missing_sources_and_bad_slices_pass_nothing() {
    let text = r#"{"nodes":{
"A":{"action":"filter","sources":["B"]},
"B":{"action":"filter","sources":["A"]},
"R1":{"action":"register","parameters":{"name":"r1"},"sources":["A"]},
"R2":{"action":"register","parameters":{"name":"r2"},"sources":["Nowhere"]},
"D":{"action":"sobjectDigest","parameters":{"object":"Case","fields":[{"name":"Id"}]}},
"S":{"action":"sliceDataset","parameters":{"fields":[{"name":"X"}]},"sources":["D"]},
"R3":{"action":"register","parameters":{"name":"r3"},"sources":["S"]}
}}"#;
    let c = parse_dataflow(text).unwrap();
    assert_eq!(c.outputs.len(), 3);
    for i in 0..3 {
        assert!(reaching(&c, i).is_empty());
    }
}

#[test]
fn long_chains_do_not_overflow_the_stack() {
    let mut nodes = vec![
        r#""N0":{"action":"sobjectDigest","parameters":{"object":"Case","fields":[{"name":"Id"}]}}"#
            .to_string(),
    ];
    for i in 1..3000 {
        nodes.push(format!(
            r#""N{i}":{{"action":"filter","sources":["N{}"]}}"#,
            i - 1
        ));
    }
    nodes.push(r#""R":{"action":"register","parameters":{"name":"r"},"sources":["N2999"]}"#.into());
    let text = format!("{{\"nodes\":{{{}}}}}", nodes.join(","));
    let c = parse_dataflow(&text).unwrap();
    assert!(reaching(&c, 0).is_empty());
}

#[test]
fn mutated_outputs_never_panic_and_spans_stay_in_the_file() {
    let texts = [wrap(DATAFLOW), DATAFLOW.to_string(), wrap(RECIPE)];
    for text in &texts {
        for mutated in mutants(text, 1_500, b"{}[]\\\",:u0 a$'", 0x9E37_79B9_7F4A_7C15) {
            for content in [parse_dataflow(&mutated), parse_recipe(&mutated)]
                .into_iter()
                .flatten()
            {
                for o in &content.outputs {
                    assert!(mutated.get(o.node.span.range()).is_some());
                    for f in &o.user_fields {
                        assert!(mutated.get(f.span.range()).is_some());
                    }
                    for k in &o.columns {
                        assert!(k.read < content.reads.len());
                    }
                }
            }
        }
    }
}
