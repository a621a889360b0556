//! Which `Object.Field`s a CRM Analytics dataflow (`.wdf`) or recipe (`.wdpr`) reads.
//!
//! File shapes handled, for both kinds:
//!
//! * **Array-wrapped** (as retrieved by the Metadata API): `["<JSON text>", null]`. Each
//!   string element holds a document as JSON text; it is unescaped and parsed, and every
//!   span found inside is mapped back to the outer file. A RecipeV3 companion dataflow is
//!   `["{}", null]`, or `["{}", "<recipe JSON>"]` with the recipe definition in the
//!   second element.
//! * **Plain object**: `{"nodes": {...}}` (retrieved dataflows, recipes), the documented
//!   form keyed directly by node name, or either of those wrapped in
//!   `{"workflowDefinition": ...}` (templates).
//!
//! Reads come from:
//!
//! * dataflow digest nodes: `sfdcDigest` (documented vocabulary) and `sobjectDigest`
//!   (retrieved vocabulary), and `digest` when its `connectionName` is absent or
//!   `SFDC_LOCAL`: `parameters.object` with `parameters.fields[].name` and every
//!   `field` in `parameters.filterConditions` (nested `conditions` lists included);
//! * recipe `load` nodes whose `parameters.dataset` is a `connectedDataset` on
//!   `SFDC_LOCAL`: `dataset.sourceObjectName` with the plain strings of
//!   `parameters.fields`.
//!
//! Filters written as SOQL text (`complexFilterConditions`, the retrieved
//! `passthroughFilter`) are not parsed. Object and field names must be non-empty strings.
//!
//! The two action vocabularies do not overlap, so both entry points recognise both (the
//! RecipeV3 companion `.wdf` carries recipe nodes). Anything unexpected inside a node is
//! skipped silently; only malformed JSON is an error.
//!
//! Datasets written (register and save nodes), their row-level security and the extracted
//! fields that reach them: see [`rls`] and [`lineage`].
//!
//! The file is walked once without building a tree: only the `parameters` of nodes whose
//! action can read fields or shapes the node graph are built, with each node's `sources`
//! and `schema`; everything else is checked and skipped. A top-level
//! member called `nodes` (or `workflowDefinition`) holding an object is always taken as
//! the node container, never as a node of the documented form.

use std::borrow::Cow;

use crate::json::{Json, JsonError, JsonValue, Parser};
use crate::source::{Span, Spanned};

mod lineage;
mod rls;

#[cfg(test)]
mod lineage_tests;

pub use lineage::Carried;
pub use rls::{DatasetOutput, user_refs};

/// One field a dataflow or recipe reads from a Salesforce object.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AnalyticsRead {
    /// The object's API name; the span covers the string content (no quotes) in the
    /// original file text.
    pub object: Spanned<String>,
    /// The field's API name; the span covers the string content (no quotes) in the
    /// original file text.
    pub field: Spanned<String>,
    /// The key of the node that reads the field.
    pub node: String,
}

/// What one `.wdf` or `.wdpr` file reads.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WaveContent {
    /// Reads in document order.
    pub reads: Vec<AnalyticsRead>,
    /// True when the file defines no nodes at all, such as the `["{}",null]` or `{}` of a
    /// RecipeV3 companion dataflow.
    pub is_empty: bool,
    /// The datasets the file writes (register and save nodes), in document order, with
    /// their row-level security and the extracted fields that reach them.
    pub outputs: Vec<DatasetOutput>,
}

/// The fields a dataflow (`.wdf`) reads.
pub fn parse_dataflow(text: &str) -> Result<WaveContent, JsonError> {
    parse_wave(text, "dataflow")
}

/// The fields a recipe (`.wdpr`) reads.
pub fn parse_recipe(text: &str) -> Result<WaveContent, JsonError> {
    parse_wave(text, "recipe")
}

fn parse_wave(text: &str, kind: &str) -> Result<WaveContent, JsonError> {
    let mut p = Parser::new(text);
    let mut collector = Collector::default();
    if p.peek() == Some(b'[') {
        p.array(|p| collector.part(p, kind))?;
    } else {
        collector.part(&mut p, kind)?;
    }
    p.finish()?;
    let Parts {
        reads,
        graph,
        mut outputs,
    } = collector.parts;
    let field_of = |r: usize| reads[r].field.value.clone();
    let mut lineage = lineage::Lineage::new(&graph, &field_of);
    for o in &mut outputs {
        o.columns = lineage.columns(o.doc, &o.node.value);
    }
    Ok(WaveContent {
        is_empty: collector.nodes == 0,
        reads,
        outputs,
    })
}

/// Maps byte offsets in a decoded (unescaped) string back to the file it was read from.
///
/// Decoded bytes outside escapes are copied one for one, so only the escapes need
/// recording; a byte produced by an escape maps to the whole escape.
struct OffsetMap {
    /// File offset of decoded byte 0.
    base: usize,
    /// In order of position (decoded and file order agree).
    escapes: Vec<EscapeMap>,
}

/// One escape: decoded bytes `inner_start..inner_end` came from file bytes
/// `outer_start..outer_end`. Offsets are `u32` like [`Span`]'s, to keep the map small.
struct EscapeMap {
    inner_start: u32,
    inner_end: u32,
    outer_start: u32,
    outer_end: u32,
}

impl OffsetMap {
    fn identity() -> Self {
        OffsetMap {
            base: 0,
            escapes: Vec::new(),
        }
    }

    /// The last escape starting at or before decoded offset `x`.
    fn escape_before(&self, x: usize) -> Option<&EscapeMap> {
        let idx = self
            .escapes
            .partition_point(|e| e.inner_start as usize <= x);
        idx.checked_sub(1).map(|i| &self.escapes[i])
    }

    /// File offset where decoded byte `x` starts.
    fn start(&self, x: usize) -> usize {
        match self.escape_before(x) {
            None => self.base + x,
            Some(e) if x < e.inner_end as usize => e.outer_start as usize,
            Some(e) => e.outer_end as usize + (x - e.inner_end as usize),
        }
    }

    /// File offset where decoded byte `x - 1` ends.
    fn end(&self, x: usize) -> usize {
        let Some(last) = x.checked_sub(1) else {
            return self.base;
        };
        match self.escape_before(last) {
            None => self.base + x,
            Some(e) if last < e.inner_end as usize => e.outer_end as usize,
            Some(e) => e.outer_end as usize + (x - e.inner_end as usize),
        }
    }

    fn span(&self, span: Span) -> Span {
        if self.escapes.is_empty() {
            return span.offset_by(self.base);
        }
        let start = self.start(span.start as usize);
        if span.is_empty() {
            Span::empty_at(start)
        } else {
            Span::new(start, self.end(span.end as usize))
        }
    }
}

fn to_u32(v: usize) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

/// Walks the file once: containers are walked, node `parameters` are built into trees
/// only for actions that read fields, and everything else is checked and skipped.
#[derive(Default)]
struct Collector {
    parts: Parts,
    nodes: usize,
    /// Number of the document being walked (node names are unique per document).
    doc: usize,
}

/// What the nodes of a document contribute.
#[derive(Default)]
struct Parts {
    reads: Vec<AnalyticsRead>,
    graph: Vec<lineage::GraphNode>,
    outputs: Vec<DatasetOutput>,
}

impl Parts {
    fn append(&mut self, mut other: Parts) {
        let n = self.reads.len();
        for g in &mut other.graph {
            g.shift(n);
        }
        self.reads.append(&mut other.reads);
        self.graph.append(&mut other.graph);
        self.outputs.append(&mut other.outputs);
    }
}

impl Collector {
    /// One element of the file's top-level array, or the file's top-level value.
    fn part(&mut self, p: &mut Parser<'_>, kind: &str) -> Result<(), JsonError> {
        self.doc += 1;
        match p.peek() {
            Some(b'"') => {
                let mut map = OffsetMap {
                    base: p.pos() + 1,
                    escapes: Vec::new(),
                };
                let inner =
                    p.string_value_with(|inner_start, inner_end, outer_start, outer_end| {
                        map.escapes.push(EscapeMap {
                            inner_start: to_u32(inner_start),
                            inner_end: to_u32(inner_end),
                            outer_start: to_u32(outer_start),
                            outer_end: to_u32(outer_end),
                        })
                    })?;
                let inner = inner.value;
                let mut ip = Parser::new(&inner);
                let walked = match ip.peek() {
                    Some(b'{') => self.document(&mut ip, &map),
                    _ => ip.skip().map(drop),
                };
                walked.and_then(|()| ip.finish()).map_err(|e| JsonError {
                    message: format!("in the {kind} JSON held in a string: {}", e.message),
                    span: map.span(e.span),
                })
            }
            Some(b'{') => self.document(p, &OffsetMap::identity()),
            _ => p.skip().map(drop),
        }
    }

    /// A dataflow or recipe document: `{"nodes": {...}}`, `{"workflowDefinition": ...}`,
    /// or the documented form keyed directly by node name. The members of the documented
    /// form are read as nodes only when the object has no "nodes" or "workflowDefinition"
    /// member (so a recipe's "ui" object is never mistaken for a node).
    fn document(&mut self, p: &mut Parser<'_>, map: &OffsetMap) -> Result<(), JsonError> {
        let mut container = false;
        let mut loose = Parts::default();
        let mut loose_nodes = 0;
        let doc = self.doc;
        p.object(|p, key| {
            if p.peek() != Some(b'{') {
                return p.skip().map(drop);
            }
            match key.value.as_ref() {
                "workflowDefinition" => {
                    container = true;
                    self.document(p, map)
                }
                "nodes" => {
                    container = true;
                    p.object(|p, name| {
                        if p.peek() == Some(b'{') {
                            self.nodes += 1;
                            node(p, &name, doc, map, &mut self.parts)
                        } else {
                            p.skip().map(drop)
                        }
                    })
                    .map(drop)
                }
                _ => {
                    loose_nodes += 1;
                    node(p, &key, doc, map, &mut loose)
                }
            }
        })?;
        if !container {
            self.nodes += loose_nodes;
            self.parts.append(loose);
        }
        Ok(())
    }
}

/// Whether a node with this action can read Salesforce fields.
fn reads_fields(action: &str) -> bool {
    matches!(action, "sfdcDigest" | "sobjectDigest" | "digest" | "load")
}

/// One node object at `p`. Its `parameters` are built into a tree only when the action
/// reads fields or matters to the graph ([`lineage::needs_params`]); when `parameters`
/// comes before `action`, it is skipped first and parsed again from its start once the
/// action is known. Every node with an action joins the graph.
fn node(
    p: &mut Parser<'_>,
    name: &Spanned<Cow<'_, str>>,
    doc: usize,
    map: &OffsetMap,
    out: &mut Parts,
) -> Result<(), JsonError> {
    let text = p.text();
    let wanted = |a: &str| reads_fields(a) || lineage::needs_params(a);
    let mut action = None;
    let mut seen_action = false;
    let mut seen_params = false;
    let mut params = None;
    let mut params_at = None;
    let mut sources = None;
    let mut schema = None;
    p.object(|p, key| {
        match key.value.as_ref() {
            "action" if !seen_action => {
                seen_action = true;
                if p.peek() == Some(b'"') {
                    action = Some(p.string_value()?.value);
                } else {
                    p.skip()?;
                }
            }
            "parameters" if !seen_params => {
                seen_params = true;
                match &action {
                    Some(a) if wanted(a) => params = Some(p.value()?),
                    None if !seen_action => params_at = Some(p.skip()?.start as usize),
                    _ => {
                        p.skip()?;
                    }
                }
            }
            "sources" if sources.is_none() => sources = Some(p.value()?),
            "schema" if schema.is_none() => schema = Some(p.value()?),
            _ => {
                p.skip()?;
            }
        }
        Ok(())
    })?;
    let Some(action) = action else {
        return Ok(());
    };
    let params = match (params, params_at) {
        (Some(params), _) => Some(params),
        // Already checked by the skip, nesting limit included.
        (None, Some(at)) if wanted(&action) => Some(Parser::at(text, at).value()?),
        _ => None,
    };
    let mut reads = Reads {
        out: &mut out.reads,
        node: &name.value,
        map,
        columns: Vec::new(),
    };
    if let Some(params) = &params {
        match action.as_ref() {
            "sfdcDigest" | "sobjectDigest" => reads.digest(params),
            "digest" => {
                let local = match params.get("connectionName") {
                    None => true,
                    Some(c) => c.as_str() == Some("SFDC_LOCAL"),
                };
                if local {
                    reads.digest(params);
                }
            }
            "load" => reads.load(params),
            _ => {}
        }
    }
    let columns = std::mem::take(&mut reads.columns);
    let source_names = sources
        .as_ref()
        .and_then(Json::as_array)
        .unwrap_or_default()
        .iter()
        .filter_map(Json::as_str)
        .map(str::to_string)
        .collect();
    out.graph.push(lineage::GraphNode::new(
        doc,
        &name.value,
        &action,
        source_names,
        params.as_ref(),
        schema.as_ref().filter(|s| s.as_object().is_some()),
        columns,
    ));
    if rls::is_output(&action)
        && let Some(params) = &params
    {
        let key = Span::new(
            name.span.start as usize + 1,
            (name.span.end as usize)
                .saturating_sub(1)
                .max(name.span.start as usize + 1),
        );
        let node = Spanned::new(name.value.to_string(), map.span(key));
        out.outputs
            .extend(rls::output(doc, node, &action, params, text, map));
    }
    Ok(())
}

/// Collects the reads of one node from its `parameters`.
struct Reads<'o> {
    out: &'o mut Vec<AnalyticsRead>,
    node: &'o str,
    map: &'o OffsetMap,
    /// Indexes (into `out`) of the reads that become columns of the node's output: the
    /// digested or loaded fields, not the fields filter conditions only test.
    columns: Vec<usize>,
}

impl Reads<'_> {
    /// `sfdcDigest`, `sobjectDigest` and local `digest`: `object`, `fields[].name` and
    /// the fields of `filterConditions`, in document order.
    fn digest(&mut self, params: &Json) {
        let Some(object) = spanned_str(params.get("object"), self.map) else {
            return;
        };
        for (key, value) in params.as_object().unwrap_or_default() {
            match key.value.as_str() {
                "fields" => {
                    for field in value.as_array().unwrap_or_default() {
                        let name = match field.value {
                            JsonValue::Object(_) => field.get("name"),
                            _ => Some(field),
                        };
                        if self.read(&object, name) {
                            self.columns.push(self.out.len() - 1);
                        }
                    }
                }
                "filterConditions" => self.conditions(&object, value),
                _ => {}
            }
        }
    }

    /// A filter condition `{"field": ...}`, a group `{"conditions": [...]}`, or a list
    /// of either. Recursion is bounded by the parser's nesting limit.
    fn conditions(&mut self, object: &Spanned<String>, cond: &Json) {
        match &cond.value {
            JsonValue::Array(items) => {
                for item in items {
                    self.conditions(object, item);
                }
            }
            JsonValue::Object(members) => {
                for (key, value) in members {
                    match key.value.as_str() {
                        "field" => {
                            self.read(object, Some(value));
                        }
                        "conditions" => self.conditions(object, value),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }

    /// Recipe `load` of a `connectedDataset` on `SFDC_LOCAL`.
    fn load(&mut self, params: &Json) {
        let Some(dataset) = params.get("dataset") else {
            return;
        };
        let connected = dataset.get("type").and_then(Json::as_str) == Some("connectedDataset");
        let local = dataset.get("connectionName").and_then(Json::as_str) == Some("SFDC_LOCAL");
        if !connected || !local {
            return;
        }
        let Some(object) = spanned_str(dataset.get("sourceObjectName"), self.map) else {
            return;
        };
        let Some(fields) = params.get("fields").and_then(Json::as_array) else {
            return;
        };
        for field in fields {
            if self.read(&object, Some(field)) {
                self.columns.push(self.out.len() - 1);
            }
        }
    }

    /// Records the read; false when `field` is not a non-empty string.
    fn read(&mut self, object: &Spanned<String>, field: Option<&Json>) -> bool {
        let Some(field) = spanned_str(field, self.map) else {
            return false;
        };
        self.out.push(AnalyticsRead {
            object: object.clone(),
            field,
            node: self.node.to_string(),
        });
        true
    }
}

/// A non-empty string value with the file span of its content.
fn spanned_str(value: Option<&Json>, map: &OffsetMap) -> Option<Spanned<String>> {
    let value = value?;
    let s = value.as_str().filter(|s| !s.is_empty())?;
    Some(Spanned::new(
        s.to_string(),
        map.span(value.string_content_span()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(content: &WaveContent) -> Vec<(String, String, String)> {
        content
            .reads
            .iter()
            .map(|r| {
                (
                    r.node.clone(),
                    r.object.value.clone(),
                    r.field.value.clone(),
                )
            })
            .collect()
    }

    fn triples(expected: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
        expected
            .iter()
            .map(|&(n, o, f)| (n.to_string(), o.to_string(), f.to_string()))
            .collect()
    }

    /// Wrap a dataflow document the way the Metadata API retrieves it.
    pub(super) fn wrap(inner: &str) -> String {
        let mut out = String::from("[\"");
        for c in inner.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                c => out.push(c),
            }
        }
        out.push_str("\", null]");
        out
    }

    /// `count` mutants of `text`, each with 1 to 3 bytes replaced from `alphabet`
    /// (reproducible from `seed`; invalid UTF-8 is replaced).
    pub(super) fn mutants(text: &str, count: usize, alphabet: &[u8], seed: u64) -> Vec<String> {
        let mut state = seed;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        (0..count)
            .map(|_| {
                let mut bytes = text.as_bytes().to_vec();
                for _ in 0..1 + next() % 3 {
                    let at = (next() % bytes.len() as u64) as usize;
                    bytes[at] = alphabet[(next() % alphabet.len() as u64) as usize];
                }
                String::from_utf8_lossy(&bytes).into_owned()
            })
            .collect()
    }

    /// Every read's spans slice `text` to exactly its names (none of the test names
    /// contain escapes).
    fn assert_spans_exact(text: &str, content: &WaveContent) {
        for r in &content.reads {
            assert_eq!(&text[r.field.span.range()], r.field.value, "{r:?}");
            assert_eq!(&text[r.object.span.range()], r.object.value, "{r:?}");
        }
    }

    const RETRIEVED: &str = r#"{"nodes":{"Extract_Contact":{"action":"sobjectDigest","parameters":{"object":"Contact","fields":[{"name":"Id"},{"name":"Email"},{"name":"National_Id__c"}]}},"Join":{"action":"augment","parameters":{"leftKey":["AccountId"],"rightKey":["Id"],"rightSelect":["Name"],"relationship":"Account"},"sources":["Extract_Contact"]},"Register":{"action":"register","parameters":{"name":"C","label":"C"},"sources":["Join"]}}}"#;

    #[test]
    fn array_wrapped_dataflow_spans_point_into_the_outer_file() {
        let text = wrap(RETRIEVED);
        assert!(text.starts_with(r#"["{\"nodes\":{\"Extract_Contact\""#));
        let content = parse_dataflow(&text).unwrap();
        assert!(!content.is_empty);
        assert_eq!(
            fields(&content),
            triples(&[
                ("Extract_Contact", "Contact", "Id"),
                ("Extract_Contact", "Contact", "Email"),
                ("Extract_Contact", "Contact", "National_Id__c"),
            ])
        );
        let national = &content.reads[2];
        assert_eq!(&text[national.field.span.range()], "National_Id__c");
        let expected_at = text.find("National_Id__c").unwrap();
        assert_eq!(
            national.field.span,
            Span::new(expected_at, expected_at + 14)
        );
        assert_spans_exact(&text, &content);
    }

    #[test]
    fn plain_object_dataflow_has_the_same_reads() {
        let content = parse_dataflow(RETRIEVED).unwrap();
        assert_eq!(
            fields(&content),
            fields(&parse_dataflow(&wrap(RETRIEVED)).unwrap())
        );
        assert_spans_exact(RETRIEVED, &content);
        // Pretty-printed with a BOM, too.
        let pretty = format!("\u{feff}{}\n", RETRIEVED.replace(',', ",\n  "));
        let content = parse_dataflow(&pretty).unwrap();
        assert_eq!(content.reads.len(), 3);
        assert_spans_exact(&pretty, &content);
    }

    #[test]
    fn documented_vocabulary_keyed_by_node_name() {
        let text = r#"{
  "Extract_Opportunities": {
    "action": "sfdcDigest",
    "parameters": {
      "object": "Opportunity",
      "fields": [ { "name": "Id" }, { "name": "Amount" }, { "name": "OwnerId" } ]
    }
  },
  "Extract_Users": {
    "action": "sfdcDigest",
    "parameters": { "object": "User", "fields": [ { "name": "Id" }, { "name": "Name" } ] }
  },
  "Augment": {
    "action": "augment",
    "parameters": { "left": "Extract_Opportunities", "left_key": [ "OwnerId" ], "right": "Extract_Users", "right_key": [ "Id" ], "right_select": [ "Name" ], "relationship": "Owner" }
  },
  "Dataset": { "action": "edgemart", "parameters": { "alias": "Existing" } },
  "Register": { "action": "sfdcRegister", "parameters": { "alias": "Opps", "name": "Opps", "source": "Augment" } }
}"#;
        let content = parse_dataflow(text).unwrap();
        assert_eq!(
            fields(&content),
            triples(&[
                ("Extract_Opportunities", "Opportunity", "Id"),
                ("Extract_Opportunities", "Opportunity", "Amount"),
                ("Extract_Opportunities", "Opportunity", "OwnerId"),
                ("Extract_Users", "User", "Id"),
                ("Extract_Users", "User", "Name"),
            ])
        );
        assert_spans_exact(text, &content);
    }

    #[test]
    fn workflow_definition_wrapper() {
        let text = r#"{"workflowDefinition": {"Extract": {"action": "sfdcDigest", "parameters": {"object": "Case", "fields": [{"name": "Status"}]}}}}"#;
        let content = parse_dataflow(text).unwrap();
        assert_eq!(fields(&content), triples(&[("Extract", "Case", "Status")]));
        let nested = r#"{"workflowDefinition": {"nodes": {"E": {"action": "sobjectDigest", "parameters": {"object": "Lead", "fields": [{"name": "Email"}]}}}}}"#;
        let content = parse_dataflow(nested).unwrap();
        assert_eq!(fields(&content), triples(&[("E", "Lead", "Email")]));
        assert_spans_exact(nested, &content);
    }

    #[test]
    fn filter_conditions_are_read_recursively_in_document_order() {
        let text = r#"{"Extract": {"action": "sfdcDigest", "parameters": {
            "filterConditions": [
                {"field": "StageName", "operator": "=", "value": "Closed Won"},
                {"operator": "OR", "conditions": [
                    {"field": "Amount", "operator": ">", "value": "100"},
                    {"conditions": [{"field": "Type", "operator": "=", "value": "New"}], "operator": "AND"}
                ]},
                {"field": 7},
                "junk"
            ],
            "object": "Opportunity",
            "fields": [{"name": "Id"}]
        }}}"#;
        let content = parse_dataflow(text).unwrap();
        assert_eq!(
            fields(&content),
            triples(&[
                ("Extract", "Opportunity", "StageName"),
                ("Extract", "Opportunity", "Amount"),
                ("Extract", "Opportunity", "Type"),
                ("Extract", "Opportunity", "Id"),
            ])
        );
        assert_spans_exact(text, &content);
        // The same, array-wrapped.
        let wrapped = wrap(text);
        let content = parse_dataflow(&wrapped).unwrap();
        assert_eq!(content.reads.len(), 4);
        assert_spans_exact(&wrapped, &content);
    }

    #[test]
    fn digest_counts_only_local_connections() {
        let text = r#"{"nodes": {
            "Local": {"action": "digest", "parameters": {"connectionName": "SFDC_LOCAL", "object": "Account", "fields": [{"name": "Name"}]}},
            "Implicit": {"action": "digest", "parameters": {"object": "Contact", "fields": [{"name": "Email"}]}},
            "Remote": {"action": "digest", "parameters": {"connectionName": "postgres_dw", "object": "steps", "fields": [{"name": "id"}]}}
        }}"#;
        let content = parse_dataflow(text).unwrap();
        assert_eq!(
            fields(&content),
            triples(&[
                ("Local", "Account", "Name"),
                ("Implicit", "Contact", "Email")
            ])
        );
    }

    #[test]
    fn unexpected_node_contents_are_skipped() {
        let text = r#"{"nodes": {
            "NoObject": {"action": "sfdcDigest", "parameters": {"fields": [{"name": "A"}]}},
            "NumberObject": {"action": "sfdcDigest", "parameters": {"object": 3, "fields": [{"name": "A"}]}},
            "FieldsNotArray": {"action": "sfdcDigest", "parameters": {"object": "Account", "fields": {"name": "A"}}},
            "OddFields": {"action": "sobjectDigest", "parameters": {"object": "Account", "fields": [{"name": 1}, {"label": "x"}, null, [], {"name": ""}, {"name": "Ok__c"}]}},
            "NoParams": {"action": "sfdcDigest"},
            "ParamsNotObject": {"action": "sfdcDigest", "parameters": []},
            "NoAction": {"parameters": {"object": "Account", "fields": [{"name": "B"}]}},
            "ActionNotString": {"action": 1},
            "NotANode": 5
        }}"#;
        let content = parse_dataflow(text).unwrap();
        assert_eq!(
            fields(&content),
            triples(&[("OddFields", "Account", "Ok__c")])
        );
        assert!(!content.is_empty);
    }

    #[test]
    fn escapes_in_the_wrapped_document_map_to_the_escape() {
        // The inner document spells "Café__c" with \u00e9, and "Quote\"d" with an escaped
        // quote; in the outer file each inner backslash is itself escaped.
        let inner = r#"{"nodes":{"N\u00f6de":{"action":"sfdcDigest","parameters":{"object":"Acc\u006funt","fields":[{"name":"Caf\u00e9__c"},{"name":"Quote\"d"},{"name":"Plain__c"}]}}}}"#;
        let text = wrap(inner);
        let content = parse_dataflow(&text).unwrap();
        assert_eq!(
            fields(&content),
            triples(&[
                ("Nöde", "Account", "Café__c"),
                ("Nöde", "Account", "Quote\"d"),
                ("Nöde", "Account", "Plain__c"),
            ])
        );
        assert_eq!(
            &text[content.reads[0].object.span.range()],
            r"Acc\\u006funt"
        );
        assert_eq!(&text[content.reads[0].field.span.range()], r"Caf\\u00e9__c");
        assert_eq!(&text[content.reads[1].field.span.range()], r#"Quote\\\"d"#);
        assert_eq!(&text[content.reads[2].field.span.range()], "Plain__c");

        // Escapes in the outer string itself: \u00e9 and \/ decode to one inner character
        // each; the span covers the whole outer escape.
        let text = r#"["{\"A\":{\"action\":\"sfdcDigest\",\"parameters\":{\"object\":\"Acc\/x\",\"fields\":[{\"name\":\"Caf\u00e9__c\"},{\"name\":\"\ud83d\ude00\"},{\"name\":\"After__c\"}]}}}",null]"#;
        let content = parse_dataflow(text).unwrap();
        assert_eq!(
            fields(&content),
            triples(&[
                ("A", "Acc/x", "Café__c"),
                ("A", "Acc/x", "😀"),
                ("A", "Acc/x", "After__c"),
            ])
        );
        assert_eq!(&text[content.reads[0].object.span.range()], r"Acc\/x");
        assert_eq!(&text[content.reads[0].field.span.range()], r"Caf\u00e9__c");
        assert_eq!(&text[content.reads[1].field.span.range()], r"\ud83d\ude00");
        assert_eq!(&text[content.reads[2].field.span.range()], "After__c");
    }

    #[test]
    fn offset_map_maps_starts_ends_and_empty_spans() {
        // Outer content `a\"bc\u00e9d` at file offset 10 decodes to `a"bcéd`.
        let map = OffsetMap {
            base: 10,
            escapes: vec![
                EscapeMap {
                    inner_start: 1,
                    inner_end: 2,
                    outer_start: 11,
                    outer_end: 13,
                },
                EscapeMap {
                    inner_start: 4,
                    inner_end: 6,
                    outer_start: 15,
                    outer_end: 21,
                },
            ],
        };
        assert_eq!(map.span(Span::new(0, 1)), Span::new(10, 11));
        assert_eq!(map.span(Span::new(0, 2)), Span::new(10, 13));
        assert_eq!(map.span(Span::new(2, 4)), Span::new(13, 15));
        assert_eq!(map.span(Span::new(4, 6)), Span::new(15, 21));
        assert_eq!(map.span(Span::new(5, 7)), Span::new(15, 22));
        assert_eq!(map.span(Span::new(6, 7)), Span::new(21, 22));
        assert_eq!(map.span(Span::empty_at(7)), Span::empty_at(22));
        assert_eq!(map.span(Span::empty_at(0)), Span::empty_at(10));
    }

    #[test]
    fn invalid_json_is_an_error_with_outer_spans() {
        let text = r#"{"nodes": {"A": {"action": "sfdcDigest",}}}"#;
        let e = parse_dataflow(text).unwrap_err();
        assert_eq!(e.message, "expected a string key after ','");
        let at = text.find(",}").unwrap() + 1;
        assert_eq!(e.span, Span::new(at, at + 1));

        // An error inside the wrapped document points into the outer file.
        let text = r#"["{\"nodes\": {\"A\" 1}}", null]"#;
        let e = parse_dataflow(text).unwrap_err();
        assert!(e.message.contains("expected ':' after object key"), "{e:?}");
        assert_eq!(&text[e.span.range()], "1");

        // A bad escape in the inner document spans the outer characters that spelled it.
        let text = r#"["{\"a\": \"\\q\"}"]"#;
        let e = parse_dataflow(text).unwrap_err();
        assert!(e.message.contains("invalid escape"), "{e:?}");
        assert_eq!(&text[e.span.range()], "q");

        // Truncated inner document: an empty span at the end of the string content.
        let text = r#"["{\"nodes\": {", null]"#;
        let e = parse_dataflow(text).unwrap_err();
        assert_eq!(e.span, Span::empty_at(text.find("\", null").unwrap()));

        assert!(parse_dataflow("").is_err());
        assert!(parse_recipe("[").is_err());
    }

    const RECIPE: &str = r#"{
  "version": "54.0",
  "nodes": {
    "LOAD_DATASET0": {
      "action": "load", "sources": [],
      "parameters": {
        "fields": ["Id", "Name", "Campaign__c"],
        "dataset": {"type": "connectedDataset", "label": "Campaign", "connectionName": "SFDC_LOCAL", "sourceObjectName": "Campaign"}
      }
    },
    "LOAD_DATASET1": {
      "action": "load", "sources": [],
      "parameters": {
        "fields": ["Total"],
        "dataset": {"type": "analyticsDataset", "label": "Sales", "name": "Sales"}
      }
    },
    "LOAD_DATASET2": {
      "action": "load", "sources": [],
      "parameters": {
        "fields": ["Id"],
        "dataset": {"type": "connectedDataset", "label": "Remote", "connectionName": "Snowflake", "sourceObjectName": "ORDERS"}
      }
    },
    "LOAD_DATASET3": {
      "action": "load", "sources": [],
      "parameters": {
        "fields": ["Id", 3, {"name": "Nope"}, "Email"],
        "dataset": {"type": "connectedDataset", "connectionName": "SFDC_LOCAL", "sourceObjectName": "Contact"}
      }
    },
    "LOAD_DATASET4": {
      "action": "load", "sources": [],
      "parameters": {"fields": ["Id"], "dataset": {"type": "connectedDataset", "connectionName": "SFDC_LOCAL"}}
    },
    "JOIN0": {"action": "join", "sources": ["LOAD_DATASET0", "LOAD_DATASET1"], "parameters": {"joinType": "LOOKUP", "leftKeys": ["Id"], "rightKeys": ["Id"]}},
    "OUTPUT0": {"action": "save", "sources": ["JOIN0"], "parameters": {"fields": [], "dataset": {"type": "analyticsDataset", "name": "Out", "label": "Out"}}}
  },
  "ui": {"nodes": {}, "connectors": []}
}"#;

    #[test]
    fn recipe_loads_filtered_by_dataset_type_and_connection() {
        let content = parse_recipe(RECIPE).unwrap();
        assert!(!content.is_empty);
        assert_eq!(
            fields(&content),
            triples(&[
                ("LOAD_DATASET0", "Campaign", "Id"),
                ("LOAD_DATASET0", "Campaign", "Name"),
                ("LOAD_DATASET0", "Campaign", "Campaign__c"),
                ("LOAD_DATASET3", "Contact", "Id"),
                ("LOAD_DATASET3", "Contact", "Email"),
            ])
        );
        assert_spans_exact(RECIPE, &content);
        let campaign = &content.reads[2];
        let at = RECIPE.find("Campaign__c").unwrap();
        assert_eq!(campaign.field.span, Span::new(at, at + "Campaign__c".len()));
    }

    #[test]
    fn array_wrapped_recipe() {
        let text = wrap(RECIPE);
        let content = parse_recipe(&text).unwrap();
        assert_eq!(content.reads.len(), 5);
        assert_spans_exact(&text, &content);
    }

    #[test]
    fn recipe_v3_companion_dataflows() {
        for empty in [
            r#"["{}",null]"#,
            "{}",
            " [ \"{}\" , null ] \n",
            r#"{"nodes": {}}"#,
            "[]",
        ] {
            let content = parse_dataflow(empty).unwrap();
            assert!(content.is_empty, "{empty}");
            assert!(content.reads.is_empty());
        }
        // The companion may carry the recipe definition in its second element.
        let text = format!("[\"{{}}\",{}", &wrap(RECIPE)[1..]);
        assert!(text.starts_with(r#"["{}","{\n  \"version\""#));
        let content = parse_dataflow(&text).unwrap();
        assert!(!content.is_empty);
        assert_eq!(content.reads.len(), 5);
        assert_spans_exact(&text, &content);
        // A dataflow whose nodes read nothing is not empty.
        let content =
            parse_dataflow(r#"{"R": {"action": "register", "parameters": {"name": "x"}}}"#)
                .unwrap();
        assert!(!content.is_empty);
        assert!(content.reads.is_empty());
    }

    #[test]
    fn every_prefix_of_a_wrapped_file_never_panics() {
        let texts = [
            wrap(RETRIEVED),
            r#"["{\"A\":{\"action\":\"sfdcDigest\",\"parameters\":{\"object\":\"Acc\/x\",\"fields\":[{\"name\":\"Caf\u00e9__c\"},{\"name\":\"\ud83d\ude00\"}]}}}",null]"#.to_string(),
            RECIPE.to_string(),
        ];
        for text in &texts {
            assert!(parse_dataflow(text).is_ok());
            for end in 0..text.len() {
                let prefix = String::from_utf8_lossy(&text.as_bytes()[..end]);
                for result in [parse_dataflow(&prefix), parse_recipe(&prefix)] {
                    match result {
                        Ok(content) => {
                            for r in &content.reads {
                                assert!(prefix.get(r.field.span.range()).is_some());
                            }
                        }
                        Err(e) => {
                            assert!(prefix.get(e.span.range()).is_some(), "{prefix:?}: {e:?}")
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn parameters_before_action_and_duplicate_keys() {
        let text = r#"{"nodes": {
            "Late": {"parameters": {"object": "Case", "fields": [{"name": "Subject"}]}, "sources": [], "action": "sfdcDigest"},
            "Dup": {"action": "sobjectDigest", "action": "augment", "parameters": {"object": "Lead", "fields": [{"name": "Email"}]}, "parameters": {"object": "X", "fields": [{"name": "Y"}]}},
            "LateOther": {"parameters": {"object": "Case", "fields": [{"name": "Nope"}]}, "action": "computeExpression"}
        }}"#;
        let content = parse_dataflow(text).unwrap();
        assert_eq!(
            fields(&content),
            triples(&[("Late", "Case", "Subject"), ("Dup", "Lead", "Email")])
        );
        assert_spans_exact(text, &content);
        let wrapped = wrap(text);
        let content = parse_dataflow(&wrapped).unwrap();
        assert_eq!(content.reads.len(), 2);
        assert_spans_exact(&wrapped, &content);
    }

    #[test]
    fn top_level_members_are_nodes_only_without_a_nodes_member() {
        // A recipe's "ui" object is not a node, even when it looks like one.
        let text = r#"{"ui": {"action": "sfdcDigest", "parameters": {"object": "A", "fields": [{"name": "B"}]}}, "version": "54.0", "nodes": {}}"#;
        let content = parse_recipe(text).unwrap();
        assert!(content.is_empty);
        assert!(content.reads.is_empty());
        // Without "nodes" every object member is a node.
        let text = r#"{"version": "1", "E": {"action": "sfdcDigest", "parameters": {"object": "A", "fields": [{"name": "B"}]}}}"#;
        let content = parse_dataflow(text).unwrap();
        assert_eq!(fields(&content), triples(&[("E", "A", "B")]));
    }

    #[test]
    fn invalid_json_in_skipped_parts_is_still_an_error() {
        let text = r#"{"nodes": {}, "ui": {"nodes": {"a": [1, 2,]}}}"#;
        let e = parse_recipe(text).unwrap_err();
        assert_eq!(e.message, "expected a value");
        assert_eq!(e.span.start as usize, text.find(",]").unwrap() + 1);
        let text = r#"{"nodes": {"A": {"action": "augment", "parameters": {"x": "\x"}}}}"#;
        assert!(
            parse_dataflow(text)
                .unwrap_err()
                .message
                .contains("invalid escape")
        );
        let text = r#"{"nodes": {"A": {"parameters": {"x": tru}, "action": "sfdcDigest"}}}"#;
        assert!(parse_dataflow(text).is_err());
        let text = format!(
            r#"{{"nodes": {{"A": {{"action": "augment", "parameters": {}1{}}}}}}}"#,
            "[".repeat(300),
            "]".repeat(300)
        );
        assert!(
            parse_dataflow(&text)
                .unwrap_err()
                .message
                .contains("nested")
        );
        assert!(parse_dataflow(r#"{"nodes": {}} {}"#).is_err());
        assert!(parse_dataflow(r#"["{}", null] x"#).is_err());
        assert!(parse_dataflow(r#"["{} x", null]"#).is_err());
    }

    #[test]
    fn random_mutations_never_panic() {
        let texts = [wrap(RETRIEVED), wrap(RECIPE), RECIPE.to_string()];
        for text in &texts {
            for mutated in mutants(text, 3_000, b"{}[]\\\",:u0 a", 0x2545_F491_4F6C_DD1D) {
                for result in [parse_dataflow(&mutated), parse_recipe(&mutated)] {
                    match result {
                        Ok(content) => {
                            for r in &content.reads {
                                assert!(mutated.get(r.field.span.range()).is_some());
                                assert!(mutated.get(r.object.span.range()).is_some());
                            }
                        }
                        Err(e) => assert!(mutated.get(e.span.range()).is_some(), "{e:?}"),
                    }
                }
            }
        }
    }

    /// Every `.wdf` and `.wdpr` file in the shared corpus, when it is present.
    #[test]
    fn corpus_files_parse_with_exact_spans() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
        if !root.is_dir() {
            return;
        }
        let mut files = 0;
        let mut reads = 0;
        for entry in walkdir::WalkDir::new(root)
            .into_iter()
            .filter_map(Result::ok)
        {
            let path = entry.path();
            let recipe = match path.extension().and_then(|e| e.to_str()) {
                Some("wdf") => false,
                Some("wdpr") => true,
                _ => continue,
            };
            let Ok(bytes) = std::fs::read(path) else {
                continue;
            };
            let text = String::from_utf8_lossy(&bytes);
            files += 1;
            let result = if recipe {
                parse_recipe(&text)
            } else {
                parse_dataflow(&text)
            };
            let content = match result {
                Ok(content) => content,
                Err(e) => {
                    assert!(
                        text.get(e.span.range()).is_some(),
                        "{}: {e:?}",
                        path.display()
                    );
                    eprintln!("{}: {e}", path.display());
                    continue;
                }
            };
            for r in &content.reads {
                for name in [&r.field, &r.object] {
                    let raw = text.get(name.span.range());
                    assert!(raw.is_some(), "{}: {r:?}", path.display());
                    let raw = raw.unwrap_or_default();
                    if !raw.contains('\\') {
                        assert_eq!(raw, name.value, "{}: {r:?}", path.display());
                    }
                }
            }
            reads += content.reads.len();
        }
        eprintln!("corpus: {files} wave files, {reads} reads");
        assert!(files > 0);
        assert!(reads > 0);
    }
}
