//! One project's run: extras and base first in the file table, then load (parse,
//! model), check (rules) and filter (the funnel).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::access::Access;
use crate::catalog::Setup;
use crate::diagnostic::{FileId, fingerprint};
use crate::discover::WalkProblem;
use crate::error::AppError;
use crate::files::Files;
use crate::matrix::AccessMatrix;
use crate::model::ProjectInfo;
use crate::report::{Note, Report};
use crate::rules::{BaseView, Context, PolicyView, Reported, sf};
use crate::salesforce::inventory::Inventory;
use crate::source::SourceFile;

use super::LintOptions;
use super::ahead::Ahead;
use super::base::BaseFiles;
use super::cache::Cache;
use super::check;
use super::filter::Funnel;
use super::input::{Input, display_path, read_problem};
use super::load;
use super::matrix_file::parse_matrix;
use super::sort;

pub struct Job {
    pub inputs: Vec<Input>,
    pub problems: Vec<WalkProblem>,
    pub project: ProjectInfo,
    /// The project root (per-file ignores match paths relative to it).
    pub root: PathBuf,
    pub matrix: Option<(PathBuf, String)>,
    pub base: Option<BaseFiles>,
    /// The components the discovery walk passed (`None` for in-memory runs).
    pub components: Option<Inventory>,
    /// The paths whose findings are reported (files, and folders for what is below them);
    /// `None` for all of the project's.
    pub reported: Option<Vec<PathBuf>>,
    /// The project's cache, when discovery opened it (to look named files up ahead).
    pub cache: Option<Cache>,
    /// The named files being looked up while the project was walked.
    pub ahead: Ahead,
}

impl Job {
    /// What linting the job is expected to weigh, to start the heaviest first: its files,
    /// a profile or permission set (often megabytes) counting for many.
    pub fn weight(&self) -> usize {
        use crate::salesforce::kind::FileKind;
        self.inputs
            .iter()
            .map(|i| match i.kind {
                FileKind::Profile => 64,
                FileKind::PermissionSet | FileKind::MutingPermissionSet => 8,
                FileKind::CustomObject => 4,
                _ => 1,
            })
            .sum()
    }
}

/// A file findings may point into that is not linted (sflint.toml, a policy file, the
/// access matrix).
fn extra_file(
    path: &Path,
    text: impl Into<crate::source::text::SharedText>,
    cwd: &Path,
    root: &Path,
) -> Arc<SourceFile> {
    let key = display_path(root, path);
    Arc::new(SourceFile::new(path.to_path_buf(), display_path(cwd, path), text).with_key(key))
}

/// Read and digest `inputs` in parallel, adding their files to the table.
fn pass_into(
    table: &mut Files,
    inputs: Vec<Input>,
    project: ProjectInfo,
    setup: &Setup,
) -> load::Pass {
    let ids = table.reserve(inputs.len());
    let pass = load::run(inputs, ids, project, setup, true, None);
    for f in &pass.files {
        table.fill(f.id, Arc::clone(&f.source));
    }
    pass
}

pub fn run(job: Job, setup: &Setup, cwd: &Path, opts: &LintOptions) -> Result<Report, AppError> {
    let settings = &setup.settings;
    // Files findings may point into come first: sflint.toml, the access matrix, the base.
    let mut table = Files::default();
    let config_file = settings.config_text.as_ref().map(|text| {
        let path = settings
            .config_path
            .clone()
            .unwrap_or_else(|| PathBuf::from(crate::config::CONFIG_FILE));
        table.push(extra_file(&path, text.as_str(), cwd, &job.root))
    });
    let policy_files: Vec<FileId> = setup
        .policy_sources
        .iter()
        .map(|source| {
            table.push(extra_file(
                &source.path,
                source.text.as_str(),
                cwd,
                &job.root,
            ))
        })
        .collect();
    let mut matrix: Option<AccessMatrix> = None;
    let matrix_hash = job.matrix.as_ref().map_or(0, |(path, text)| {
        crate::diagnostic::stable_hash(&[&path.to_string_lossy(), text])
    });
    if let Some((path, text)) = job.matrix {
        let file = extra_file(&path, text, cwd, &job.root);
        let id = table.push(Arc::clone(&file));
        matrix = Some(parse_matrix(id, &path, &file.text)?);
    }
    let (base_name, base_pass) = match job.base {
        Some(b) => {
            // A base is a git tree or another folder: never cached.
            let pass = pass_into(&mut table, b.inputs, job.project.clone(), setup);
            (Some(b.name), Some(pass))
        }
        None => (None, None),
    };
    let base_model = base_pass.as_ref().map(|p| &p.model);
    let base_access = base_model.as_ref().map(|m| Access::new(m, settings));
    let base_view = match (&base_name, &base_model, &base_access) {
        (Some(name), Some(model), Some(access)) => Some(BaseView {
            name,
            model,
            access,
        }),
        _ => None,
    };

    let cache = job.cache.or_else(|| {
        (opts.cache && opts.overlay.is_empty())
            .then(|| Cache::open(&job.root, setup, &job.project))
            .flatten()
    });
    let first = table.len();
    let ids = table.reserve(job.inputs.len());
    let t = crate::timings::start(|| {
        "probe (read, hash, cache lookup; named files that changed parsed)".into()
    });
    // The files named one by one (a pre-commit hook) are probed first, and keep their
    // text: their findings are shown from it, and reading them again would cost more
    // than holding them.
    let named_files = crate::discover::PathSet::new(job.reported.iter().flatten().cloned());
    let named = |path: &Path| named_files.contains(path);
    let probed = load::probe(
        job.inputs,
        ids,
        cache.as_ref(),
        Some(load::Named {
            named: &named,
            project: &job.project,
            setup,
            ahead: job.ahead,
        }),
    );
    drop(t);
    // With a base, the findings depend on it too: never reused.
    let run_key = match (&cache, &base_view, probed.fingerprint()) {
        (Some(cache), None, Some(fingerprint)) => {
            let context = [
                cwd.to_string_lossy().into_owned(),
                opts.strict_profile_removals.to_string(),
                matrix_hash.to_string(),
                first.to_string(),
                // The components the walk passed (PM006): not all are linted files.
                format!("{:?}", job.components),
                // Rules skip work for files whose findings are not reported.
                format!("{:?}", job.reported),
            ];
            cache.run_key(
                &context.each_ref().map(String::as_str),
                fingerprint,
                first + ids.len(),
            )
        }
        _ => None,
    };
    // Nothing changed since the last run: its finished findings stand.
    let reused = cache
        .as_ref()
        .zip(run_key.as_ref())
        .filter(|_| probed.all_hit())
        .and_then(|(cache, key)| cache.load_run(key));
    let (mut diagnostics, suppressed, notes) = match reused {
        Some(done) => {
            // The files are named, not read: the findings' lines and columns are known.
            let mut positions: std::collections::HashMap<u32, _> =
                done.positions.into_iter().collect();
            for (id, source) in probed.into_released() {
                let at = positions.remove(&id.0).unwrap_or_default();
                table.fill(id, Arc::new(source.with_positions(at)));
            }
            (done.diagnostics, done.suppressed, done.notes)
        }
        None => {
            // Drop the entries of files that are gone, on a thread of its own (an entry
            // stored meanwhile is a live file's), when the pack is written again: a file
            // gone since the last pack makes it stale. An entry never packed whose file is
            // gone waits for the next run that writes the pack (it can only match that
            // path's file again, and only when its bytes are the same).
            if let Some(cache) = cache.as_ref().filter(|_| probed.writes_pack()) {
                let live: Vec<String> = probed.keys().map(str::to_string).collect();
                cache.store_later(move |cache| cache.prune(live.iter().map(String::as_str)));
            }
            let project_info = job.project.clone();
            let load::Pass {
                files,
                mut model,
                diagnostics: file_findings,
                suppressions,
                damaged,
            } = {
                let _t = crate::timings::start(|| "load (parse or cached facts, model)".into());
                probed.finish(job.project, setup, |path| !named(path))
            };
            for f in &files {
                table.fill(f.id, Arc::clone(&f.source));
            }
            // Which files' findings are reported: files that are not linted (sflint.toml,
            // the matrix, the base) always are.
            let reported_paths = (job.reported.as_ref())
                .map(|paths| crate::discover::Prefixes::new(paths.iter().cloned()));
            let in_scope = |path: &Path| {
                reported_paths
                    .as_ref()
                    .is_none_or(|paths| paths.holds(path))
            };
            let reported_files: Option<Vec<bool>> = job.reported.as_ref().map(|_| {
                table
                    .iter()
                    .enumerate()
                    .map(|(i, f)| i < first || in_scope(&f.path))
                    .collect()
            });
            let reported = reported_files
                .as_deref()
                .map_or(Reported::ALL, Reported::only);
            if let Some(components) = &job.components {
                model.components.merge(components);
                model.components_walked = true;
            }
            {
                let _t = crate::timings::start(|| "read the named sets from the cache".into());
                model.preload(|head| reported.any(&head.files));
            }
            let rules = setup.enabled_rules();
            let policies = setup.enabled_policies();
            let policy_views: Vec<&dyn PolicyView> =
                policies.iter().map(|&p| p as &dyn PolicyView).collect();
            let _t = crate::timings::start(|| "check (access, rules, candidates)".into());
            let t = crate::timings::start(|| "access".into());
            let access = Access::new(&model, settings);
            drop(t);
            let cx = Context {
                model: &model,
                files: &files,
                reported,
                settings,
                access: &access,
                config_file,
                policy_files: &policy_files,
                policies: &policy_views,
                matrix: matrix.as_ref(),
                base: base_view.as_ref(),
                strict_profile_removals: opts.strict_profile_removals,
                reads: Default::default(),
            };
            let mut diagnostics = file_findings;
            diagnostics.extend(check::run(&cx, &rules, &policies));
            let notes: Vec<Note> = {
                let _t = crate::timings::start(|| "run notes".into());
                let candidates = crate::candidates::Candidates::note(&model, &access, settings);
                let unchecked = crate::rules::iu::unchecked_reads::note(&cx);
                let twice = super::defined_twice::note(&model, &table);
                candidates
                    .into_iter()
                    .chain(unchecked)
                    .chain(twice)
                    .collect()
            };
            drop(_t);
            if let Some(cache) = &cache {
                load::restore(&damaged, cache, &project_info, setup);
            }
            if crate::timings::enabled() {
                let loads = crate::model::slot::LOADS.load(std::sync::atomic::Ordering::Relaxed);
                eprintln!("sflint timing: sets read from the cache on first use: {loads}");
            }
            let t = crate::timings::start(|| "suppress".into());
            let mut funnel = Funnel::new(setup, &job.root);
            funnel.suppress(&files, &suppressions, &mut diagnostics, base_view.is_some());
            drop(t);
            if opts.new_only
                && let (Some(base_pass), Some(access)) = (&base_pass, &base_access)
            {
                let base_files = &base_pass.files;
                let base_cx = Context {
                    model: &base_pass.model,
                    files: base_files,
                    reported: Reported::ALL,
                    settings,
                    access,
                    config_file,
                    policy_files: &policy_files,
                    policies: &policy_views,
                    matrix: matrix.as_ref(),
                    base: None,
                    strict_profile_removals: opts.strict_profile_removals,
                    reads: Default::default(),
                };
                let mut old = base_pass.diagnostics.clone();
                old.extend(check::run(&base_cx, &rules, &policies));
                // The base's own suppressions apply to its findings; they are not counted.
                Funnel::new(setup, &job.root).suppress(
                    base_files,
                    &base_pass.suppressions,
                    &mut old,
                    false,
                );
                funnel.new_only(&mut diagnostics, &old, |d| {
                    let key = table.get(d.primary.file).map_or("", |f| f.key.as_str());
                    fingerprint(&d.code, key, &d.identity)
                });
            }
            funnel.severities(&mut diagnostics);
            // The model and the files can hold millions of entries: free them on another
            // thread while the report is written (a process that exits first need not
            // free them at all).
            release((model, files), table.len(), opts.exits_after);
            // Only the findings in the named paths are reported: the files the others
            // point into are not read again.
            sort::keep_in_scope(table.as_mut_slice(), first, &mut diagnostics, in_scope);
            let finished = super::finish::finish(
                diagnostics,
                funnel.suppressed(),
                notes,
                table.as_mut_slice(),
                cache.as_ref().zip(run_key.as_ref()),
                opts.positions_only,
            );
            (finished.diagnostics, finished.suppressed, finished.notes)
        }
    };
    // A base's model can be as large as the project's: freed on another thread too.
    release_in_background(base_pass);

    let mut problems = Vec::new();
    for p in job.problems {
        let id = table.push(Arc::new(SourceFile::new(
            p.path.clone(),
            display_path(cwd, &p.path),
            "",
        )));
        if settings.is_enabled(sf::parse_error::META.code) {
            problems.push(read_problem(id, &p.message));
        }
    }
    Funnel::new(setup, &job.root).severities(&mut problems);
    diagnostics.extend(problems);
    Ok(Report {
        linted_files: table.len() - first,
        linted_from: first,
        files: table.into_vec(),
        diagnostics,
        suppressed,
        notes,
    })
}

/// At most this many files' models are left unfreed in a run whose process exits after
/// it (about one 1 GB org's): a folder of many large projects frees the rest.
const UNFREED_MAX_FILES: usize = 25_000;

static UNFREED_FILES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Free a project's model and files of `files` files: not at all when the process exits
/// after the run (within [`UNFREED_MAX_FILES`]), as freeing millions of entries would
/// only compete with the report's last steps for the cores; else on a thread of its own.
fn release<T: Send + 'static>(value: T, files: usize, exits_after: bool) {
    use std::sync::atomic::Ordering::Relaxed;
    if exits_after && UNFREED_FILES.fetch_add(files, Relaxed) + files <= UNFREED_MAX_FILES {
        std::mem::forget(value);
    } else {
        release_in_background(value);
    }
}

/// Drop `value` on a thread of its own (here, if no thread can be started).
fn release_in_background<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("sflint-free".into())
        .spawn(move || drop(value));
}
