//! The per-file pass: parse a file, take what the model needs from it, run the rules that
//! need one file only, collect its suppression comments, then drop its element tree. The
//! trees never all live at once, so memory holds the texts and the model, not a DOM.

use rayon::prelude::*;

use crate::catalog::{Catalog, Setup};
use crate::diagnostic::{Diagnostic, FileId};
use crate::files::IdBlock;
use crate::model::{Facts, Model, ProjectInfo, extract};
use crate::parse::{Content, ParsedFile};
use crate::rules::{Rule, Sink, sf};
use crate::suppress::{self, Suppression};

use super::cache::Cache;
use super::cache::cached::Cached;
use super::input::{Input, parse_error, read_and_parse};

pub struct Pass {
    /// The files, without their trees (`content` is `Released`).
    pub files: Vec<ParsedFile>,
    pub model: Model,
    /// SF001 and the file rules' findings.
    pub diagnostics: Vec<Diagnostic>,
    pub suppressions: Vec<Suppression>,
}

/// Read, parse and digest the inputs in parallel; the `i`-th input gets `ids.id(i)`. With a
/// cache, files read from disk are looked up first and stored after.
pub fn run(
    inputs: Vec<Input>,
    ids: IdBlock,
    project: ProjectInfo,
    setup: &Setup,
    release_texts: bool,
    cache: Option<&Cache>,
) -> Pass {
    let digester = Digester {
        setup,
        project: &project,
        file_rules: setup.enabled_rules(),
        catalog: setup.catalog(),
    };
    // One task per file: retrieved orgs put their largest files (profiles) side by side,
    // and rayon's default splitting would give them all to one worker.
    let results: Vec<Digest> = inputs
        .into_par_iter()
        .with_max_len(1)
        .enumerate()
        .map(|(i, input)| {
            let id = ids.id(i);
            let from_disk = input.bytes.is_none();
            // Only files read from disk are cached: their stamp says when they change.
            let (mut file, facts, diagnostics, sups) = match cache {
                Some(cache) if from_disk => match Cached::probe(cache, id, input) {
                    Cached::Hit(file, body) => {
                        (file, body.facts, body.diagnostics, body.suppressions)
                    }
                    Cached::Miss(input, pending) => {
                        let (file, facts, diagnostics, sups) = digester.digest(id, input);
                        pending.store(&file, &facts, &diagnostics, &sups);
                        (file, facts, diagnostics, sups)
                    }
                },
                _ => digester.digest(id, input),
            };
            file.content = Content::Released;
            // Rules work on the model's spans from here on: release the text of a file that
            // can be read again; the engine re-reads the ones findings point into.
            if from_disk && release_texts && !file.source.released {
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

type Digest = (ParsedFile, Facts, Vec<Diagnostic>, Vec<Suppression>);

/// What digesting a file needs: the settings, the project, the enabled rules and the
/// catalog's selector (for suppression comments).
struct Digester<'a> {
    setup: &'a Setup,
    project: &'a ProjectInfo,
    file_rules: Vec<&'static dyn Rule>,
    catalog: Catalog<'a>,
}

impl Digester<'_> {
    /// Parse one file and take what the later stages need from it: its facts, SF001 and
    /// the file rules' findings, its suppression comments.
    fn digest(&self, id: FileId, input: Input) -> Digest {
        let settings = &self.setup.settings;
        let file = read_and_parse(id, input);
        let facts = extract(&file);
        let mut diagnostics = Vec::new();
        if settings.is_enabled(sf::parse_error::META.code) {
            diagnostics.extend(parse_error(&file));
        }
        for rule in &self.file_rules {
            let mut sink = Sink::new(rule.meta());
            rule.check_project_file(settings, self.project, &file, &mut sink);
            diagnostics.append(&mut sink.diagnostics);
        }
        let sups = suppress::collect(&file, &|s: &str| self.catalog.select(s));
        (file, facts, diagnostics, sups)
    }
}
