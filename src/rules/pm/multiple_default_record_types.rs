//! PM007: a profile makes more than one record type of the same object its default
//! (`<default>true</default>`), or, in a project with Person Accounts, more than one its
//! person account default (`<personAccountDefault>true</personAccountDefault>`).

use crate::model::perms::is_person_account_field;
use crate::model::{Flag, Model, PermSet, RecordTypeVis, SetKind};
use crate::rules::{Context, Rule, RuleMeta, Sink, declare_rule};

declare_rule! {
    pub struct MultipleDefaultRecordTypes {
        code: "PM007",
        name: "multiple-default-record-types",
        severity: Error,
        summary: "A profile makes more than one record type of the same object the default",
    }
}

/// Does the project show Person Accounts: a `PersonAccount.X` record type in any
/// profile or permission set, a person account field (`X__pc`) in any field permission,
/// or a field defined on `PersonAccount` or named `X__pc`?
pub fn shows_person_accounts(model: &Model) -> bool {
    // Each set's answer is in its head: a set from the cache is not read for it.
    model.sets.iter().any(|s| s.head().person_accounts)
        || model.fields.iter().any(|f| {
            f.object.eq_ignore_ascii_case("PersonAccount") || is_person_account_field(&f.name)
        })
}

/// Which flag of a record type visibility is checked.
struct Which {
    element: &'static str,
    what: &'static str,
    get: fn(&RecordTypeVis) -> Option<Flag>,
}

const DEFAULT: Which = Which {
    element: "default",
    what: "default record type",
    get: |rt| rt.default,
};

/// Checked per object like `default`: business account record types (`Account.X`) have
/// one, person account record types (`PersonAccount.X`) another. An org with Person
/// Accounts retrieves profiles that set it on one of each.
const PERSON_ACCOUNT_DEFAULT: Which = Which {
    element: "personAccountDefault",
    what: "person account default record type",
    get: |rt| rt.person_account_default,
};

fn check(set: &PermSet, which: &Which, sink: &mut Sink) {
    // Per object, the first record type marked default.
    let mut firsts: Vec<(&str, &RecordTypeVis, Flag)> = Vec::new();
    for rt in &set.record_types {
        let Some(flag) = (which.get)(rt).filter(|f| f.value) else {
            continue;
        };
        let object = rt.object();
        if object.is_empty() {
            continue;
        }
        let Some(&(object, first, first_flag)) = firsts
            .iter()
            .find(|(o, _, _)| o.eq_ignore_ascii_case(object))
        else {
            firsts.push((object, rt, flag));
            continue;
        };
        if first
            .record_type
            .value
            .eq_ignore_ascii_case(&rt.record_type.value)
        {
            continue; // the same record type listed twice: not a second default
        }
        let element = which.element;
        let d = sink.report(
            flag.at,
            format!(
                "profile `{}` makes both {} and {} its {} for {object}",
                set.name, first.record_type.value, rt.record_type.value, which.what
            ),
        );
        d.help(format!(
            "a profile has one {} per object: keep <{element}>true</{element}> on the record type users should get and set it to false on {}; the deploy fails with \"More than 1 default record type specified for: {object}\"",
            which.what, rt.record_type.value
        ))
        .identity(format!("recordTypeVisibilities/{}/{element}", rt.record_type.value))
        .label(format!("second {} for {object}", which.what));
        d.related(
            first_flag.at,
            format!("{} is already the {}", first.record_type.value, which.what),
        );
    }
}

impl Rule for MultipleDefaultRecordTypes {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &Context<'_>, sink: &mut Sink) {
        let person_accounts = shows_person_accounts(cx.model);
        for (_, set) in super::reported_own_sets(cx, |h| h.kind == SetKind::Profile) {
            check(set, &DEFAULT, sink);
            if person_accounts {
                check(set, &PERSON_ACCOUNT_DEFAULT, sink);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::FileId;
    use crate::model::{Facts, FieldPerm, Loc, ProjectInfo, Text};
    use crate::source::Span;

    fn text(value: &str) -> Text {
        Text {
            value: value.into(),
            at: Loc::new(FileId(0), Span::new(0, 0)),
        }
    }

    fn model(record_type: &str, field: &str) -> Model {
        let at = Loc::new(FileId(0), Span::new(0, 0));
        let mut set = PermSet::new(SetKind::PermissionSet, "Client".into(), at);
        set.record_types.push(RecordTypeVis {
            record_type: text(record_type),
            elem: at,
            default: None,
            person_account_default: None,
            visible: None,
        });
        set.fields.push(FieldPerm {
            field: text(field),
            elem: at,
            readable: None,
            editable: None,
        });
        Model::from_facts(
            vec![Facts::Set(std::sync::Arc::new(set))],
            ProjectInfo::default(),
        )
    }

    #[test]
    fn person_account_signs() {
        assert!(!shows_person_accounts(&model(
            "Account.Business",
            "Account.Tier__c"
        )));
        assert!(shows_person_accounts(&model(
            "personaccount.PersonAccount",
            "Account.Tier__c"
        )));
        assert!(shows_person_accounts(&model(
            "Account.Business",
            "Account.Channel__PC"
        )));
        assert!(!shows_person_accounts(&model(
            "Account.Business",
            "Account.__pc"
        )));
    }
}
