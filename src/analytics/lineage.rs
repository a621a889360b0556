//! Which extracted Salesforce fields reach which dataset: the node graph of a dataflow or
//! recipe, followed from each register/save node back to the digest/load nodes.
//!
//! Conservative by design: a column counts as reaching a dataset only when every node on
//! the way is known to pass it on. A node whose action is not listed here (an `edgemart`,
//! an `aggregate`, a `prediction`, anything new) passes nothing on, a slice without a
//! known mode passes nothing, a cycle or a missing source passes nothing. So a missed
//! path can hide a finding but never invent one.
//!
//! Inputs come from the node's `sources` list (retrieved dataflows, recipes) or from the
//! documented `parameters.source`, `parameters.sources`, `parameters.left` and
//! `parameters.right`. Columns keep their names along the way; an augment or join renames
//! the right side's columns `<relationship>.<name>` (`<rightQualifier>.<name>` in a
//! recipe), a recipe schema renames through `newProperties.name`.

use std::collections::HashMap;

use crate::json::{Json, JsonValue};

/// One column that carries an extracted field: its name at this point of the graph and
/// the index of the read (into `WaveContent::reads`) that extracted it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Carried {
    pub column: String,
    pub read: usize,
}

/// What a node does to the columns of its inputs.
#[derive(Debug, Clone)]
enum Op {
    /// Emits these reads (indexes into the reads) as columns named by their field.
    Source(Vec<usize>),
    /// Passes every column of every input (or of the first input only).
    Pass { first_only: bool },
    /// Left input passes whole; the right input's columns pass when selected (`None`:
    /// all), renamed `<prefix>.<column>`.
    Join {
        select: Option<Vec<String>>,
        prefix: String,
    },
    /// Passes the first input's columns except the ones an update may overwrite.
    Update { overwritten: Vec<String> },
    /// Passes nothing on.
    Opaque,
}

/// A slice: keep only (`select`) or drop the listed columns.
#[derive(Debug, Clone)]
struct Slice {
    select: bool,
    fields: Vec<String>,
}

/// One node of the graph.
#[derive(Debug, Clone)]
pub struct GraphNode {
    doc: usize,
    name: String,
    inputs: Vec<String>,
    op: Op,
    renames: Vec<(String, String)>,
    /// Applied after the op and the renames; `Err(())` when a slice is present but
    /// unreadable (then nothing passes).
    slices: Vec<Result<Slice, ()>>,
}

/// Does a node with this action need its `parameters` for the graph?
pub fn needs_params(action: &str) -> bool {
    matches!(
        action,
        "augment"
            | "join"
            | "update"
            | "computeExpression"
            | "computeRelative"
            | "flatten"
            | "dim2mea"
            | "sliceDataset"
            | "schema"
            | "register"
            | "sfdcRegister"
            | "save"
            | "filter"
            | "append"
            | "appendV2"
    )
}

impl GraphNode {
    /// A node: its document number, key, action, node-level `sources` and `schema`, its
    /// parameters (when built) and the reads it emits as columns.
    pub fn new(
        doc: usize,
        name: &str,
        action: &str,
        sources: Vec<String>,
        params: Option<&Json>,
        schema: Option<&Json>,
        columns: Vec<usize>,
    ) -> GraphNode {
        let empty = Json {
            value: JsonValue::Null,
            span: crate::source::Span::empty_at(0),
        };
        let params = params.unwrap_or(&empty);
        let mut inputs = sources;
        let str_param = |k: &str| params.get(k).and_then(Json::as_str).map(str::to_string);
        if inputs.is_empty() {
            match (str_param("left"), str_param("right")) {
                (Some(l), Some(r)) => inputs = vec![l, r],
                (Some(l), None) => inputs = vec![l],
                _ => {}
            }
        }
        if inputs.is_empty() {
            inputs.extend(str_param("source"));
            inputs.extend(strings(params.get("sources")));
        }
        let op = op(action, params, columns);
        let mut node = GraphNode {
            doc,
            name: name.to_string(),
            inputs,
            op,
            renames: Vec::new(),
            slices: Vec::new(),
        };
        if action == "sliceDataset" {
            let mode = params.get("mode").and_then(Json::as_str);
            node.slices.push(slice(mode, params.get("fields")));
        }
        if action == "schema" {
            node.schema(params);
        }
        if let Some(schema) = schema {
            node.schema(schema);
        }
        if action == "save" {
            // A non-empty field list saves only those fields.
            let fields = strings(params.get("fields"));
            if !fields.is_empty() {
                node.slices.push(Ok(Slice {
                    select: true,
                    fields,
                }));
            }
        }
        node
    }

    /// A recipe schema (`{"fields": [...], "slice": {...}}`): renames, then the slice.
    fn schema(&mut self, schema: &Json) {
        for f in schema
            .get("fields")
            .and_then(Json::as_array)
            .unwrap_or_default()
        {
            let from = f.get("name").and_then(Json::as_str);
            let to = f
                .get("newProperties")
                .and_then(|n| n.get("name"))
                .and_then(Json::as_str);
            if let (Some(from), Some(to)) = (from, to) {
                self.renames.push((from.to_string(), to.to_string()));
            }
        }
        if let Some(s) = schema.get("slice") {
            let mode = s.get("mode").and_then(Json::as_str);
            self.slices.push(slice(mode, s.get("fields")));
        }
    }

    /// Move read indexes by `n` (when this node's reads are appended after `n` others).
    pub fn shift(&mut self, n: usize) {
        if let Op::Source(reads) = &mut self.op {
            for r in reads {
                *r += n;
            }
        }
    }
}

fn op(action: &str, params: &Json, columns: Vec<usize>) -> Op {
    let bool_param = |k: &str| params.get(k).and_then(Json::as_bool);
    let str_param = |k: &str| params.get(k).and_then(Json::as_str);
    match action {
        "sfdcDigest" | "sobjectDigest" | "digest" | "load" => Op::Source(columns),
        "filter" | "computeRelative" | "flatten" | "dim2mea" | "register" | "sfdcRegister"
        | "save" | "formula" | "bucket" | "split" | "typeCast" | "schema" | "sliceDataset"
        | "sqlFilter" | "append" => Op::Pass { first_only: false },
        "appendV2" => Op::Pass { first_only: true },
        "computeExpression" => {
            // `mergeWithSource` defaults to true (Help, "computeExpression Parameters");
            // false keeps only the computed fields.
            if bool_param("mergeWithSource") == Some(false) {
                Op::Opaque
            } else {
                Op::Pass { first_only: false }
            }
        }
        "augment" => {
            let select = strings(params.get("rightSelect").or(params.get("right_select")));
            match str_param("relationship").filter(|r| !r.is_empty()) {
                Some(rel) => Op::Join {
                    select: Some(select),
                    prefix: rel.to_string(),
                },
                None => Op::Join {
                    select: Some(Vec::new()),
                    prefix: String::new(),
                },
            }
        }
        "join" => {
            let kind = str_param("joinType").unwrap_or_default();
            let right_passes = matches!(
                kind.to_ascii_uppercase().as_str(),
                "INNER" | "LEFT_OUTER" | "RIGHT_OUTER" | "OUTER" | "LOOKUP" | "CROSS"
            );
            match str_param("rightQualifier").filter(|r| !r.is_empty()) {
                Some(q) if right_passes => Op::Join {
                    select: None,
                    prefix: q.to_string(),
                },
                _ => Op::Join {
                    select: Some(Vec::new()),
                    prefix: String::new(),
                },
            }
        }
        "update" => {
            let map = params.get("updateColumns").or(params.get("update_columns"));
            let overwritten = map
                .and_then(Json::as_object)
                .unwrap_or_default()
                .iter()
                // Which side of the mapping names the left column isn't certain: treat
                // both names as overwritten (fewer columns pass, never more).
                .flat_map(|(k, v)| [Some(k.value.clone()), v.as_str().map(str::to_string)])
                .flatten()
                .collect();
            Op::Update { overwritten }
        }
        _ => Op::Opaque,
    }
}

/// A slice from its mode and field list (`["A"]` or `[{"name": "A"}]`).
fn slice(mode: Option<&str>, fields: Option<&Json>) -> Result<Slice, ()> {
    let select = match mode.map(str::to_ascii_lowercase).as_deref() {
        Some("select") => true,
        Some("drop") => false,
        _ => return Err(()),
    };
    let fields = fields
        .and_then(Json::as_array)
        .unwrap_or_default()
        .iter()
        .filter_map(|f| match &f.value {
            JsonValue::Object(_) => f.get("name").and_then(Json::as_str),
            _ => f.as_str(),
        })
        .map(str::to_string)
        .collect();
    Ok(Slice { select, fields })
}

fn strings(value: Option<&Json>) -> Vec<String> {
    value
        .and_then(Json::as_array)
        .unwrap_or_default()
        .iter()
        .filter_map(Json::as_str)
        .map(str::to_string)
        .collect()
}

/// Deepest chain of nodes followed; longer chains pass nothing (no stack overflow).
const MAX_DEPTH: usize = 400;

/// Resolves the columns that reach each node, memoised.
pub struct Lineage<'g> {
    nodes: &'g [GraphNode],
    index: HashMap<(usize, &'g str), usize>,
    memo: HashMap<usize, Vec<Carried>>,
    visiting: Vec<bool>,
    field_of: &'g dyn Fn(usize) -> String,
}

impl<'g> Lineage<'g> {
    /// `field_of` names the column a read emits (its field name).
    pub fn new(nodes: &'g [GraphNode], field_of: &'g dyn Fn(usize) -> String) -> Self {
        let mut index = HashMap::new();
        for (i, n) in nodes.iter().enumerate() {
            index.entry((n.doc, n.name.as_str())).or_insert(i);
        }
        Lineage {
            nodes,
            index,
            memo: HashMap::new(),
            visiting: vec![false; nodes.len()],
            field_of,
        }
    }

    /// The columns carrying extracted fields that node `name` of document `doc` outputs.
    pub fn columns(&mut self, doc: usize, name: &str) -> Vec<Carried> {
        match self.index.get(&(doc, name)) {
            Some(&i) => self.node(i, 0),
            None => Vec::new(),
        }
    }

    fn input(&mut self, i: usize, k: usize, depth: usize) -> Vec<Carried> {
        let node = &self.nodes[i];
        let Some(name) = node.inputs.get(k) else {
            return Vec::new();
        };
        match self.index.get(&(node.doc, name.as_str())) {
            Some(&j) => self.node(j, depth + 1),
            None => Vec::new(),
        }
    }

    fn node(&mut self, i: usize, depth: usize) -> Vec<Carried> {
        if let Some(done) = self.memo.get(&i) {
            return done.clone();
        }
        if depth > MAX_DEPTH || self.visiting[i] {
            return Vec::new();
        }
        self.visiting[i] = true;
        let node = &self.nodes[i];
        let mut out = match &node.op {
            Op::Source(reads) => reads
                .iter()
                .map(|&r| Carried {
                    column: (self.field_of)(r),
                    read: r,
                })
                .collect(),
            Op::Pass { first_only } => {
                let n = if *first_only { 1 } else { node.inputs.len() };
                let mut all = Vec::new();
                for k in 0..n {
                    all.extend(self.input(i, k, depth));
                }
                all
            }
            Op::Join { select, prefix } => {
                let (select, prefix) = (select.clone(), prefix.clone());
                let mut all = self.input(i, 0, depth);
                if select.as_ref().is_none_or(|s| !s.is_empty()) {
                    for c in self.input(i, 1, depth) {
                        if select.as_ref().is_none_or(|s| s.contains(&c.column)) {
                            all.push(Carried {
                                column: format!("{prefix}.{}", c.column),
                                read: c.read,
                            });
                        }
                    }
                }
                all
            }
            Op::Update { overwritten } => {
                let overwritten = overwritten.clone();
                let mut left = self.input(i, 0, depth);
                left.retain(|c| {
                    !overwritten
                        .iter()
                        .any(|o| o.eq_ignore_ascii_case(&c.column))
                });
                left
            }
            Op::Opaque => Vec::new(),
        };
        let node = &self.nodes[i];
        for c in &mut out {
            if let Some((_, to)) = node.renames.iter().find(|(from, _)| *from == c.column) {
                c.column = to.clone();
            }
        }
        for s in &node.slices {
            match s {
                Err(()) => out.clear(),
                // Keep exactly the selected names; drop case-insensitively (both keep
                // the fewest columns).
                Ok(Slice {
                    select: true,
                    fields,
                }) => out.retain(|c| fields.contains(&c.column)),
                Ok(Slice {
                    select: false,
                    fields,
                }) => out.retain(|c| !fields.iter().any(|f| f.eq_ignore_ascii_case(&c.column))),
            }
        }
        self.visiting[i] = false;
        self.memo.insert(i, out.clone());
        out
    }
}
