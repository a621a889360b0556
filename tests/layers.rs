//! The modules form layers: a module may use modules of its own layer or below, never
//! above, and the uses form no cycle. Adding a module means giving it a layer here.
//!
//! A use is any `crate::a::b` path in a file's code (comments and `#[cfg(test)]` code
//! aside), and `super::` paths that leave a module for a sibling unit. A unit is a
//! top-level module, except for `rules`, whose families (`rules::pm`, ...) are units of
//! their own above the rule engine (`rules` itself) and the policy language.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Lowest first. Units on one line share a layer.
const LAYERS: &[&[&str]] = &[
    // Text, formats and files: no Salesforce knowledge.
    &[
        "source",
        "interned",
        "timings",
        "error",
        "json",
        "xml",
        "write_file",
        "git",
        "config_files",
    ],
    // What Salesforce defines, independent of a project.
    &["salesforce", "forceignore"],
    // Findings and the run's file table.
    &["diagnostic", "files", "report", "fix"],
    // Reading one file, and finding the files.
    &["analytics", "parse", "discover"],
    // The project's model.
    &["model", "matrix"],
    // sflint.toml and the files it names; suppression comments (named like selectors).
    &["config", "suppress"],
    // Who can read what.
    &["access"],
    // The rule engine: the Rule trait, its context and sink.
    &["rules"],
    // Rules written in TOML.
    &["policy"],
    // The built-in rules.
    &[
        "rules::sf",
        "rules::pm",
        "rules::iu",
        "rules::ss",
        "rules::dc",
        "config",
    ],
    // Every rule of a configuration, and selection.
    &["catalog"],
    // The pipeline and what it produces.
    &[
        "pipeline",
        "candidates",
        "baseline",
        "output",
        "error_render",
        "matrix_report",
    ],
    // Reports built on the pipeline's models: explain and access-diff.
    &["report_access"],
    // Commands.
    &["init", "cli", "cli_docs", "server"],
];

const FAMILIES: &[&str] = &["sf", "pm", "iu", "ss", "dc"];

fn layer_of(unit: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&unit))
}

/// The unit a module path (`["rules", "pm", "x"]`) belongs to.
fn unit_of(path: &[&str]) -> String {
    match path {
        ["rules", family, ..] if FAMILIES.contains(family) => format!("rules::{family}"),
        [first, ..] => first.to_string(),
        [] => String::new(),
    }
}

/// The code of a file without comments and without its test modules: everything from the
/// first `#[cfg(test)]` that introduces a `mod` on (test modules come last in this crate).
/// A `#[cfg(test)]` on a single statement or item elsewhere is kept: its uses count.
fn code_of(text: &str) -> String {
    let mut out = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(l) = lines.next() {
        let starts_test_mod = l.trim() == "#[cfg(test)]"
            && lines.peek().is_some_and(|next| {
                let next = next.trim_start();
                next.starts_with("mod ") || next.starts_with("pub mod ")
            });
        if starts_test_mod {
            break;
        }
        // A `//` inside a string literal is rare in this crate's paths; cut anyway.
        out.push(l.find("//").map_or(l, |i| &l[..i]));
    }
    out.join("\n")
}

fn ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The path at the start of `s` (`a::b::{c, d::e}` -> `a::b::c`, `a::b::d::e`), up to three
/// segments each (enough to name units).
fn paths_at(s: &str, prefix: &[String], out: &mut Vec<Vec<String>>) {
    let mut segs = prefix.to_vec();
    let mut rest = s;
    loop {
        let len = rest.find(|c| !ident_char(c)).unwrap_or(rest.len());
        if len == 0 {
            break;
        }
        segs.push(rest[..len].to_string());
        rest = &rest[len..];
        match rest.strip_prefix("::") {
            Some(r) => rest = r,
            None => break,
        }
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                paths_at(item.trim(), &segs, out);
            }
            return;
        }
    }
    if segs.len() > prefix.len() {
        segs.truncate(3);
        out.push(segs);
    }
}

/// The module paths `crate::` names in `code`.
fn crate_paths(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let preceded = rest[..i].chars().next_back().is_some_and(ident_char);
        rest = &rest[i + "crate::".len()..];
        if preceded {
            continue;
        }
        match rest.strip_prefix('{') {
            Some(group) => {
                let end = group.find('}').unwrap_or(group.len());
                for item in group[..end].split(',') {
                    paths_at(item.trim(), &[], &mut out);
                }
            }
            None => paths_at(rest, &[], &mut out),
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("src is readable").flatten() {
        let p = entry.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// Module path of a source file: `src/rules/pm/x.rs` -> `["rules", "pm", "x"]`.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).expect("under src");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|s| s.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|l| l == "mod") {
        parts.pop();
    }
    parts
}

/// unit -> units it uses, with one file that does, for messages.
fn graph() -> BTreeMap<String, BTreeMap<String, String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut g: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for file in files {
        let module = module_of(&src, &file);
        let m: Vec<&str> = module.iter().map(String::as_str).collect();
        if matches!(m.as_slice(), ["main"] | ["lib"])
            || m.iter().any(|s| *s == "tests" || s.ends_with("_tests"))
        {
            continue;
        }
        let me = unit_of(&m);
        let text = fs::read_to_string(&file).expect("readable");
        let shown = file.strip_prefix(&src).unwrap().display().to_string();
        let entry = g.entry(me.clone()).or_default();
        for path in crate_paths(&code_of(&text)) {
            let p: Vec<&str> = path.iter().map(String::as_str).collect();
            let unit = unit_of(&p);
            if unit != me && !unit.is_empty() {
                entry.entry(unit).or_insert_with(|| shown.clone());
            }
        }
    }
    g
}

#[test]
fn every_module_has_a_layer() {
    let g = graph();
    let mut missing: BTreeSet<&str> = BTreeSet::new();
    for (unit, deps) in &g {
        missing.extend(
            std::iter::once(unit.as_str())
                .chain(deps.keys().map(String::as_str))
                .filter(|u| layer_of(u).is_none()),
        );
    }
    assert!(
        missing.is_empty(),
        "give these modules a layer in tests/layers.rs: {missing:?}"
    );
}

#[test]
fn no_module_uses_a_higher_layer() {
    let mut wrong = Vec::new();
    for (unit, deps) in graph() {
        let (Some(mine), deps) = (layer_of(&unit), deps) else {
            continue;
        };
        for (dep, file) in deps {
            if layer_of(&dep).is_some_and(|theirs| theirs > mine) {
                wrong.push(format!("{file}: `{unit}` uses `{dep}`, a higher layer"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_uses_form_no_cycle() {
    let g = graph();
    // Depth-first search with colours: a grey node reached again closes a cycle.
    fn visit<'a>(
        n: &'a str,
        g: &'a BTreeMap<String, BTreeMap<String, String>>,
        colour: &mut BTreeMap<&'a str, u8>,
        stack: &mut Vec<&'a str>,
    ) -> Option<Vec<String>> {
        colour.insert(n, 1);
        stack.push(n);
        for dep in g.get(n).into_iter().flat_map(|d| d.keys()) {
            match colour.get(dep.as_str()).copied().unwrap_or(0) {
                1 => {
                    let from = stack.iter().position(|s| *s == dep).unwrap_or(0);
                    let mut cycle: Vec<String> =
                        stack[from..].iter().map(|s| s.to_string()).collect();
                    cycle.push(dep.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(c) = visit(dep, g, colour, stack) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        colour.insert(n, 2);
        None
    }
    let mut colour = BTreeMap::new();
    for n in g.keys() {
        if colour.get(n.as_str()).copied().unwrap_or(0) == 0
            && let Some(cycle) = visit(n, &g, &mut colour, &mut Vec::new())
        {
            panic!("import cycle: {}", cycle.join(" -> "));
        }
    }
}

#[test]
fn the_reader_sees_uses() {
    // The test above is only as good as its reader: check it on known shapes.
    let code = code_of(
        "use crate::model::{Loc, Model};\nuse crate::{access::Access, rules::pm};\nuse crate::rules::{Sink, ss::x};\n// crate::cli\nfn f() { crate::rules::dc::x();\n#[cfg(test)]\ncrate::config::y(); }\n#[cfg(test)]\nmod t { use crate::pipeline; }\n",
    );
    let units: BTreeSet<String> = crate_paths(&code)
        .iter()
        .map(|p| unit_of(&p.iter().map(String::as_str).collect::<Vec<_>>()))
        .collect();
    let want: BTreeSet<String> = [
        "model",
        "access",
        "rules",
        "rules::pm",
        "rules::ss",
        "rules::dc",
        "config",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(units, want);
}
