//! The per-file pass: parse a file, take what the model needs from it, run the rules that
//! need one file only, collect its suppression comments, then drop its element tree. The
//! trees never all live at once, so memory holds the texts and the model, not a DOM.

use rayon::prelude::*;

use crate::catalog::Setup;
use crate::diagnostic::Diagnostic;
use crate::files::IdBlock;
use crate::model::{Facts, Model, ProjectInfo, extract};
use crate::parse::{Content, ParsedFile};
use crate::rules::{Sink, sf};
use crate::suppress::{self, Suppression};

use super::input::{Input, parse_error, read_and_parse};

pub struct Pass {
    /// The files, without their trees (`content` is `Released`).
    pub files: Vec<ParsedFile>,
    pub model: Model,
    /// SF001 and the file rules' findings.
    pub diagnostics: Vec<Diagnostic>,
    pub suppressions: Vec<Suppression>,
}

/// Read, parse and digest the inputs in parallel; the `i`-th input gets `ids.id(i)`.
pub fn run(
    inputs: Vec<Input>,
    ids: IdBlock,
    project: ProjectInfo,
    setup: &Setup,
    release_texts: bool,
) -> Pass {
    let settings = &setup.settings;
    let file_rules = setup.enabled_rules();
    let parse_errors = settings.is_enabled(sf::parse_error::META.code);
    let catalog = setup.catalog();
    let select = |s: &str| catalog.select(s);
    // One task per file: retrieved orgs put their largest files (profiles) side by side,
    // and rayon's default splitting would give them all to one worker.
    let results: Vec<(ParsedFile, Facts, Vec<Diagnostic>, Vec<Suppression>)> = inputs
        .into_par_iter()
        .with_max_len(1)
        .enumerate()
        .map(|(i, input)| {
            let from_disk = input.bytes.is_none();
            let mut file = read_and_parse(ids.id(i), input);
            let facts = extract(&file);
            let mut diagnostics = Vec::new();
            if parse_errors {
                diagnostics.extend(parse_error(&file));
            }
            for rule in &file_rules {
                let mut sink = Sink::new(rule.meta());
                rule.check_project_file(settings, &project, &file, &mut sink);
                diagnostics.append(&mut sink.diagnostics);
            }
            let sups = suppress::collect(&file, &select);
            file.content = Content::Released;
            // Rules work on the model's spans from here on: release the text of a file that
            // can be read again; the engine re-reads the ones findings point into.
            if from_disk && release_texts {
                file.source = std::sync::Arc::new(file.source.released());
            }
            (file, facts, diagnostics, sups)
        })
        .collect();
    let mut files = Vec::with_capacity(results.len());
    let mut facts = Vec::with_capacity(results.len());
    let mut diagnostics = Vec::new();
    let mut suppressions = Vec::new();
    for (f, fa, d, s) in results {
        files.push(f);
        facts.push(fa);
        diagnostics.extend(d);
        suppressions.extend(s);
    }
    Pass {
        files,
        model: Model::from_facts(facts, project),
        diagnostics,
        suppressions,
    }
}
