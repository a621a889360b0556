//! The findings funnel: the one place where findings are dropped, re-graded and counted
//! after the rules ran. Selection happens before: a rule that is not enabled never runs.
//!
//! In run order:
//! 1. [`Funnel::suppress`]: inline `sflint-ignore` comments, then `[per-file-ignores]`;
//!    then SF004 and SF005 about the comments themselves (from their rule files).
//! 2. [`Funnel::new_only`]: with `--new-only`, findings the base has too.
//! 3. [`Funnel::severities`]: `[severity]` overrides.
//! 4. [`baseline`]: after the projects' reports are merged, findings a baseline records.
//!
//! Every finding hidden by 1, 2 or 4 counts as suppressed.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use crate::baseline::{Baseline, Entry};
use crate::catalog::Setup;
use crate::diagnostic::Diagnostic;
use crate::parse::ParsedFile;
use crate::report::Report;
use crate::rules::{Sink, sf};
use crate::suppress::{self, Suppression};

/// One project's funnel: its settings, its root (per-file ignores match paths relative to
/// it) and the count of what it hid.
pub struct Funnel<'a> {
    setup: &'a Setup,
    root: &'a Path,
    suppressed: usize,
}

impl<'a> Funnel<'a> {
    pub fn new(setup: &'a Setup, root: &'a Path) -> Self {
        Funnel {
            setup,
            root,
            suppressed: 0,
        }
    }

    /// How many findings this funnel hid.
    pub fn suppressed(&self) -> usize {
        self.suppressed
    }

    /// Drop the findings that inline comments or `[per-file-ignores]` suppress, then report
    /// comments without a reason (SF004) or that suppress nothing (SF005). `files` are the
    /// files the comments were collected from (findings elsewhere are never ignored by
    /// path); `has_base` says whether rules that need a base ran.
    pub fn suppress(
        &mut self,
        files: &[ParsedFile],
        sups: &[Suppression],
        diagnostics: &mut Vec<Diagnostic>,
        has_base: bool,
    ) {
        let settings = &self.setup.settings;
        let mut used = HashSet::new();
        self.suppressed += suppress::apply(diagnostics, sups, &mut used);
        if !settings.per_file_ignores.is_empty() {
            let paths: HashMap<_, &Path> = files
                .iter()
                .map(|f| {
                    let p = &f.source.path;
                    (f.id, p.strip_prefix(self.root).unwrap_or(p))
                })
                .collect();
            self.drop_where(diagnostics, |d| {
                paths
                    .get(&d.primary.file)
                    .is_some_and(|rel| settings.ignored_in(rel, &d.code))
            });
        }
        let names = self.setup.catalog().names();
        let mut no_reason = Sink::new(&sf::suppression_without_reason::META);
        let mut unused = Sink::new(&sf::unused_suppression::META);
        for (i, s) in sups.iter().enumerate() {
            if settings.is_enabled(no_reason.code()) {
                sf::suppression_without_reason::check(s, &mut no_reason);
            }
            if settings.is_enabled(unused.code()) {
                let used = used.contains(&i);
                sf::unused_suppression::check(s, used, settings, &names, has_base, &mut unused);
            }
        }
        diagnostics.append(&mut no_reason.diagnostics);
        diagnostics.append(&mut unused.diagnostics);
    }

    /// `--new-only`: drop the findings the base has too, matched by `key` (a fingerprint)
    /// and counted, so a finding the base has once hides one finding only.
    pub fn new_only(
        &mut self,
        diagnostics: &mut Vec<Diagnostic>,
        old: &[Diagnostic],
        key: impl Fn(&Diagnostic) -> String,
    ) {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for d in old {
            *seen.entry(key(d)).or_default() += 1;
        }
        self.drop_where(diagnostics, |d| match seen.get_mut(&key(d)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        });
    }

    /// `[severity]` overrides.
    pub fn severities(&self, diagnostics: &mut [Diagnostic]) {
        for d in diagnostics {
            let default = d.severity;
            d.severity = self.setup.settings.severity_of(&d.code, default);
        }
    }

    fn drop_where(
        &mut self,
        diagnostics: &mut Vec<Diagnostic>,
        mut drop: impl FnMut(&Diagnostic) -> bool,
    ) {
        let before = diagnostics.len();
        diagnostics.retain(|d| !drop(d));
        self.suppressed += before - diagnostics.len();
    }
}

/// Hide the findings a baseline records (up to each entry's count) and count them as
/// suppressed. Returns the entries (with the counts) that no longer occur.
pub fn baseline(report: &mut Report, baseline: &Baseline) -> Vec<Entry> {
    let mut left: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &baseline.findings {
        *left.entry(e.fingerprint.as_str()).or_default() += e.count;
    }
    let fingerprints: Vec<String> = report
        .diagnostics
        .iter()
        .map(|d| report.fingerprint(d))
        .collect();
    let mut keep = Vec::with_capacity(report.diagnostics.len());
    for (d, fp) in std::mem::take(&mut report.diagnostics)
        .into_iter()
        .zip(&fingerprints)
    {
        match left.get_mut(fp.as_str()) {
            Some(n) if *n > 0 => {
                *n -= 1;
                report.suppressed += 1;
            }
            _ => keep.push(d),
        }
    }
    report.diagnostics = keep;
    baseline
        .findings
        .iter()
        .filter_map(|e| {
            let n = left.get(e.fingerprint.as_str()).copied().unwrap_or(0);
            (n > 0).then(|| Entry {
                count: n.min(e.count),
                ..e.clone()
            })
        })
        .collect()
}
