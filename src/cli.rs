//! Command-line interface: `sflint [check] [PATHS]`, `sflint rules`, `sflint rule CODE`.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::catalog::Origin;
use crate::catalog::Setup;
use crate::config::Overrides;
use crate::diagnostic::Severity;
use crate::error::AppError;
use crate::output::{self, Format, RenderOptions};

/// Exit codes.
pub const EXIT_CLEAN: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "sflint",
    version = concat!(env!("CARGO_PKG_VERSION"), " (", env!("SFLINT_COMMIT"), ")"),
    about = "A fast, exact linter for Salesforce metadata in source control",
    long_about = "A fast, exact linter for Salesforce metadata in source control.\n\n\
        Without a command, `sflint [PATHS]` is `sflint check [PATHS]`.\n\n\
        Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage, configuration or I/O error.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    check: CheckArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Lint metadata (the default command)
    Check(CheckArgs),
    /// List every rule: code, name, default severity, on/off, summary
    Rules(RulesArgs),
    /// Print the documentation page of one rule
    Rule {
        /// A rule code (PM001) or name (editable-without-readable)
        rule: String,
    },
    /// Write the data access matrix: classified and sensitive fields x integration principals
    Matrix(MatrixArgs),
    /// Explain a principal's access to a field, object or user permission, and why
    Explain(ExplainArgs),
    /// Report the access a change gains and loses, per principal, against a base
    AccessDiff(AccessDiffArgs),
    /// Write a commented sflint.toml for the project (integration users, classification in use)
    Init(InitArgs),
    /// Print the completion script of a shell (bash, zsh, fish, powershell, elvish)
    Completions {
        /// The shell
        shell: crate::cli_docs::Shell,
    },
    /// Print the man page (roff): `sflint man > sflint.1`
    Man,
    /// Run the language server (LSP over stdin/stdout) for editors
    Server {
        /// Talk over stdin/stdout (the only transport; accepted because LSP clients such as
        /// vscode-languageclient pass it)
        #[arg(long)]
        stdio: bool,
    },
    /// Remove the cache (.sflint_cache in the project root, and SFLINT_CACHE_DIR if set)
    Clean {
        /// Files or folders of the projects whose cache to remove (default: the current folder)
        paths: Vec<PathBuf>,
    },
}

#[derive(Debug, Clone, Args)]
struct ExplainArgs {
    /// An integration principal's name, a username, `profile:Name`, `set:Name` or `group:Name`
    principal: String,
    /// `Object.Field`, `Object` or a user permission (`ViewAllData`)
    subject: String,
    /// Files or folders of the project (default: the current folder); all must belong to
    /// one project, which is read whole
    paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    format: ExplainFormat,
    /// Configuration file (default: sflint.toml found upward from the project root)
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Ignore any sflint.toml
    #[arg(long)]
    no_config: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ExplainFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Args)]
struct AccessDiffArgs {
    /// Files or folders of the project (default: the current folder); all must belong to
    /// one project, which is compared whole
    paths: Vec<PathBuf>,
    /// The git revision (origin/main) or folder to compare with
    #[arg(long, value_name = "REV|DIR")]
    base: String,
    /// Output format (markdown: for a pull-request comment)
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    format: DiffFormat,
    /// Which principals to compare: every profile, permission set, group, user record and
    /// integration principal, or the integration principals only
    #[arg(long, value_enum, default_value_t = DiffPrincipals::All)]
    principals: DiffPrincipals,
    /// Exit 1 when a gain matches: any, high-risk (a high-risk classified field), or
    /// integration (reaches an integration principal or a guest profile)
    #[arg(long, value_enum, value_name = "WHICH")]
    fail_on_gain: Option<DiffFailOn>,
    /// Exit 1 when a loss matches (same values as --fail-on-gain)
    #[arg(long, value_enum, value_name = "WHICH")]
    fail_on_loss: Option<DiffFailOn>,
    /// Write to this file (atomically) instead of standard output
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Configuration file (default: sflint.toml found upward from the project root)
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Ignore any sflint.toml
    #[arg(long)]
    no_config: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiffFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiffPrincipals {
    All,
    Integration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiffFailOn {
    Any,
    HighRisk,
    Integration,
}

impl From<DiffFailOn> for crate::report_access::FailOn {
    fn from(f: DiffFailOn) -> Self {
        match f {
            DiffFailOn::Any => Self::Any,
            DiffFailOn::HighRisk => Self::HighRisk,
            DiffFailOn::Integration => Self::Integration,
        }
    }
}

#[derive(Debug, Clone, Args)]
struct InitArgs {
    /// A file or folder of the project (default: the current folder)
    path: Option<PathBuf>,
    /// Overwrite an existing sflint.toml
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Clone, Args)]
struct MatrixArgs {
    /// A file or folder of the project (default: the current folder)
    path: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = MatrixFormat::Csv)]
    format: MatrixFormat,
    /// Write to this file (atomically) instead of standard output
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Compare with the configured access matrix; exit 1 when they differ
    #[arg(long)]
    check: bool,
    /// Also show each row's access in this git revision or folder, and mark the changed
    /// cells (the engine of `sflint access-diff`)
    #[arg(long, value_name = "REV|DIR", conflicts_with = "check")]
    base: Option<String>,
    /// Configuration file (default: sflint.toml found upward from the project root)
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Ignore any sflint.toml
    #[arg(long)]
    no_config: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum MatrixFormat {
    Csv,
    Markdown,
    Json,
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    Text,
    Concise,
    Json,
    Sarif,
    Github,
    Gitlab,
    Junit,
    Markdown,
}

impl From<OutputFormat> for Format {
    fn from(f: OutputFormat) -> Format {
        match f {
            OutputFormat::Text => Format::Text,
            OutputFormat::Concise => Format::Concise,
            OutputFormat::Json => Format::Json,
            OutputFormat::Sarif => Format::Sarif,
            OutputFormat::Github => Format::Github,
            OutputFormat::Gitlab => Format::Gitlab,
            OutputFormat::Junit => Format::Junit,
            OutputFormat::Markdown => Format::Markdown,
        }
    }
}

/// One more report of the same run: `--output-format FORMAT=FILE`.
#[derive(Debug, Clone)]
struct ExtraOutput {
    format: OutputFormat,
    file: PathBuf,
}

fn parse_extra_output(value: &str) -> Result<ExtraOutput, String> {
    let Some((format, file)) = value.split_once('=') else {
        return Err(format!(
            "expected FORMAT=FILE (e.g. sarif=sflint.sarif); for the format printed on standard output use --format {value}"
        ));
    };
    let format = OutputFormat::from_str(format.trim(), true).map_err(|_| {
        let names: Vec<String> = OutputFormat::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value().map(|p| p.get_name().to_string()))
            .collect();
        format!("unknown format `{format}` (one of: {})", names.join(", "))
    })?;
    if file.is_empty() {
        return Err("the file after `=` is empty".into());
    }
    Ok(ExtraOutput {
        format,
        file: PathBuf::from(file),
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SeverityArg {
    Error,
    Warning,
    Info,
}

impl From<SeverityArg> for Severity {
    fn from(s: SeverityArg) -> Severity {
        match s {
            SeverityArg::Error => Severity::Error,
            SeverityArg::Warning => Severity::Warning,
            SeverityArg::Info => Severity::Info,
        }
    }
}

#[derive(Debug, Clone, Args)]
struct CheckArgs {
    /// Files or folders to lint (default: the current folder). The whole project they
    /// belong to is loaded; findings are reported for these paths only.
    paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
    /// Rules to enable, replacing `select` in sflint.toml: codes, prefixes (PM) or names; comma-separated
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    select: Option<Vec<String>>,
    /// Rules to disable, added to `ignore` in sflint.toml; comma-separated
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    ignore: Vec<String>,
    /// Lowest severity that makes the exit code 1 [default: error, or `fail-on` in sflint.toml]
    #[arg(long, value_enum)]
    fail_on: Option<SeverityArg>,
    /// Configuration file (default: sflint.toml found upward from the project root)
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Ignore any sflint.toml
    #[arg(long)]
    no_config: bool,
    /// When to use colour in text and concise output (auto: on a terminal, unless NO_COLOR is set)
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Worker threads (default: one per core)
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Hide the findings recorded in this baseline (default: `baseline` in sflint.toml)
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record the current findings in this baseline file (atomically) and exit 0
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Write the report to this file (atomically); the summary still goes to stderr
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Also write the report in FORMAT to FILE, from the same run; repeatable
    /// (`--format github --output-format sarif=sflint.sarif --output-format junit=out/sflint.xml`)
    #[arg(long, visible_alias = "report", value_name = "FORMAT=FILE", value_parser = parse_extra_output)]
    output_format: Vec<ExtraOutput>,
    /// Print the number of findings per rule, then the summary line, to stderr (any format)
    #[arg(long)]
    statistics: bool,
    /// Compare with a git revision (origin/main) or a folder holding another copy of the
    /// metadata: reports integration access the change revokes (IU007)
    #[arg(long, value_name = "REV|DIR")]
    base: Option<String>,
    /// Report only findings the base does not have (needs --base or --staged)
    #[arg(long)]
    new_only: bool,
    /// Also report removed profile entries as revocations (info; a deploy keeps them)
    #[arg(long)]
    strict_profile_removals: bool,
    /// Lint the staged versions of staged files against HEAD (for pre-commit hooks)
    #[arg(long, conflicts_with_all = ["base", "paths"])]
    staged: bool,
    /// Neither read nor write the cache (.sflint_cache in the project root, or
    /// SFLINT_CACHE_DIR): every file is read and parsed
    #[arg(long)]
    no_cache: bool,
    /// Apply the safe fixes, lint again, repeat until nothing changes; then report what is left
    #[arg(long, conflicts_with = "write_baseline")]
    fix: bool,
    /// Also apply (with --fix, --fix-only, --diff) or count the fixes that change access or guess intent
    #[arg(long)]
    unsafe_fixes: bool,
    /// Print the fixes as a unified diff and write nothing; exit 1 if there is something to fix
    #[arg(long, conflicts_with_all = ["fix", "fix_only", "write_baseline"])]
    diff: bool,
    /// Apply fixes as --fix does, without reporting the findings left; exit 0 unless an error
    #[arg(long, conflicts_with = "write_baseline")]
    fix_only: bool,
}

#[derive(Debug, Clone, Args)]
struct RulesArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    format: RulesFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum RulesFormat {
    Text,
    Json,
}

/// Parse arguments, run, and return the exit code.
/// A first word that is neither a subcommand nor a path (`sflint chek .`): say so, with
/// the closest subcommand, instead of reading it as a missing path.
fn unknown_subcommand(args: &[std::ffi::OsString]) -> Option<String> {
    use clap::CommandFactory;
    let word = args.get(1)?.to_str()?;
    if word.starts_with('-') || word.contains(['/', '\\', '.']) || Path::new(word).exists() {
        return None;
    }
    let cmd = Cli::command();
    let names: Vec<&str> = cmd
        .get_subcommands()
        .map(clap::Command::get_name)
        .filter(|n| *n != "help")
        .collect();
    if names.contains(&word) || word == "help" {
        return None;
    }
    let tip = match crate::salesforce::names::did_you_mean(word, names.iter().copied()) {
        Some(s) => format!("  tip: a similar subcommand exists: '{s}'\n"),
        None => String::new(),
    };
    let word = output::escape::visible(word);
    Some(format!(
        "error: unrecognized subcommand '{word}'\n{tip}  (a path to lint must exist: no file or folder '{word}' here)\n\nUsage: sflint [COMMAND] [PATHS]...\n\nFor more information, try '--help'."
    ))
}

pub fn run() -> i32 {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some(message) = unknown_subcommand(&args) {
        eprintln!("{message}");
        return EXIT_ERROR;
    }
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_CLEAN
            };
            let _ = e.print();
            return code;
        }
    };
    let result = match cli.command {
        Some(Command::Check(args)) => check(args),
        Some(Command::Rules(args)) => rules(args),
        Some(Command::Rule { rule }) => rule_page(&rule),
        Some(Command::Matrix(args)) => matrix(args),
        Some(Command::Explain(args)) => explain(args),
        Some(Command::AccessDiff(args)) => access_diff(args),
        Some(Command::Init(args)) => init(args),
        Some(Command::Completions { shell }) => shell_docs(Some(shell)),
        Some(Command::Man) => shell_docs(None),
        Some(Command::Clean { paths }) => clean(&paths),
        Some(Command::Server { .. }) => Ok(crate::server::run()),
        None => check(cli.check),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            crate::error_render::eprint(&err);
            EXIT_ERROR
        }
    }
}

/// `sflint completions SHELL` (a shell given) or `sflint man` to stdout.
fn shell_docs(shell: Option<crate::cli_docs::Shell>) -> Result<i32, AppError> {
    use clap::CommandFactory;
    let text = match shell {
        Some(shell) => crate::cli_docs::completions(Cli::command(), shell),
        None => crate::cli_docs::man_page(Cli::command()),
    };
    let mut out = std::io::stdout().lock();
    out.write_all(&text)
        .and_then(|()| out.flush())
        .map_err(|e| AppError::Io {
            path: PathBuf::from("-"),
            message: format!("writing to stdout: {e}"),
        })?;
    Ok(EXIT_CLEAN)
}

/// The most worker threads `--threads` starts: more than a few per core only adds
/// scheduling cost (a request for 100,000 threads once spun for minutes).
fn cap_threads(n: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let max = (cores * 4).max(4);
    if n > max {
        eprintln!(
            "warning: --threads {n} is more than this machine can use; using {max} (4 per core)"
        );
        max
    } else {
        n
    }
}

fn cwd() -> Result<PathBuf, AppError> {
    std::env::current_dir().map_err(|e| AppError::io(".", &e))
}

fn check(args: CheckArgs) -> Result<i32, AppError> {
    if let Some(n) = args.threads {
        if n == 0 {
            return Err(AppError::Usage("--threads must be at least 1".into()));
        }
        let n = cap_threads(n);
        // Fails only if a pool already exists, which cannot happen before the first lint.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global();
    }
    let cwd = cwd()?;
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    for p in &paths {
        if let Err(e) = std::fs::metadata(p) {
            return Err(AppError::io(p, &e));
        }
    }
    let overrides = Overrides {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        fail_on: args.fail_on.map(Severity::from),
    };
    let settings = load_settings(
        &cwd,
        &paths[0],
        args.config.as_deref(),
        args.no_config,
        &overrides,
    )?;
    if args.new_only && args.base.is_none() && !args.staged {
        return Err(AppError::Usage(
            "--new-only compares with a base: add --base REV|DIR (or use --staged)".into(),
        ));
    }
    let fixing = args.fix || args.fix_only || args.diff;
    // Only the text format shows source lines; fixes are applied to the texts.
    let shows_source = std::iter::once(args.format)
        .chain(args.output_format.iter().map(|o| o.format))
        .any(|f| f == OutputFormat::Text);
    let lint_opts = crate::pipeline::LintOptions {
        base: args.base.clone(),
        new_only: args.new_only,
        strict_profile_removals: args.strict_profile_removals,
        staged: args.staged,
        cache: !args.no_cache,
        overlay: Default::default(),
        positions_only: !fixing && !shows_source,
        exits_after: !fixing,
    };
    if fixing && args.staged {
        return Err(AppError::Usage(format!(
            "--{} cannot be used with --staged: --staged lints the staged versions, and a fix would be written to the working tree, where the file may differ\n  help: run `sflint check --fix` on the files, then stage the result",
            if args.diff {
                "diff"
            } else if args.fix_only {
                "fix-only"
            } else {
                "fix"
            }
        )));
    }
    let policy = crate::fix::FixPolicy {
        unsafe_fixes: args.unsafe_fixes,
        unfixable: settings.settings.unfixable.clone(),
    };
    let baseline_file = args
        .baseline
        .clone()
        .or(settings.settings.baseline.clone())
        .filter(|_| args.write_baseline.is_none());
    let lint_over = |overlay: &crate::pipeline::Overlay| {
        let opts = crate::pipeline::LintOptions {
            overlay: overlay.clone(),
            ..lint_opts.clone()
        };
        lint_once(&paths, &cwd, &settings, &opts, baseline_file.as_deref())
    };
    let lint = || lint_over(&Default::default());
    let (report, stale) = if fixing {
        let mode = if args.diff {
            crate::fix::run::Mode::Diff
        } else {
            crate::fix::run::Mode::Apply
        };
        let mut stale = None;
        let outcome = crate::fix::run::run(mode, &policy, |overlay| {
            let (report, note) = lint_over(overlay)?;
            stale = note;
            Ok(report)
        })?;
        if args.diff {
            print_out(&outcome.diff)?;
        }
        fix_summary(&outcome, &policy, args.diff)
            .iter()
            .for_each(|l| say(l));
        if args.diff || args.fix_only {
            return Ok(if args.diff && outcome.fixed > 0 {
                EXIT_FINDINGS
            } else {
                EXIT_CLEAN
            });
        }
        (outcome.report, stale)
    } else {
        let (mut report, stale) = lint()?;
        policy.strip_unfixable(&mut report.diagnostics);
        (report, stale)
    };
    if let Some(note) = stale {
        say(&note);
    }

    if let Some(file) = &args.write_baseline {
        let baseline = crate::baseline::Baseline::from_report(&report);
        write_atomically(file, &baseline.to_json())?;
        say(&format!(
            "Wrote {} finding{} ({} entr{}) to {}.",
            report.diagnostics.len(),
            if report.diagnostics.len() == 1 {
                ""
            } else {
                "s"
            },
            baseline.findings.len(),
            if baseline.findings.len() == 1 {
                "y"
            } else {
                "ies"
            },
            file.display()
        ));
        return Ok(EXIT_CLEAN);
    }
    let format = Format::from(args.format);
    let t = crate::timings::start(|| "rule pages".into());
    let rule_docs = crate::output::RuleDoc::enabled(&settings);
    drop(t);
    let opts = RenderOptions {
        // `auto` looks at the terminal: a report written to a file gets no colour codes.
        color: use_color(args.color)
            && (args.output.is_none() || args.color == ColorChoice::Always),
        width: terminal_width(),
        rules: &rule_docs,
        fail_on: settings.settings.fail_on,
    };
    for extra in &args.output_format {
        let mut buf = Vec::new();
        let plain = RenderOptions {
            color: false,
            ..opts
        };
        output::render(&report, extra.format.into(), &plain, &mut buf)
            .map_err(|e| AppError::io(&extra.file, &e))?;
        crate::write_file::write_output(&extra.file, &buf)?;
    }
    match &args.output {
        Some(file) => {
            let mut buf = Vec::new();
            output::render(&report, format, &opts, &mut buf).map_err(|e| AppError::io(file, &e))?;
            write_atomically(file, &String::from_utf8_lossy(&buf))?;
            let mut ending = Vec::new();
            output::write_ending(&report, &mut ending).map_err(|e| AppError::io(file, &e))?;
            eprint!("{}", String::from_utf8_lossy(&ending));
        }
        None => {
            let _t = crate::timings::start(|| "render".into());
            // Buffered: the report is written at once, and stdout alone writes each line
            // with its own system call (thousands for a large report).
            let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            output::render(&report, format, &opts, &mut out)
                .and_then(|()| out.flush())
                .or_else(quiet_broken_pipe)
                .map_err(|e| AppError::io("<stdout>", &e))?;
        }
    }
    if args.statistics {
        let mut stats = Vec::new();
        output::write_statistics(&report, &rule_docs, &mut stats)
            .map_err(|e| AppError::io("<stderr>", &e))?;
        eprint!("{}", String::from_utf8_lossy(&stats));
    }

    let failing = report
        .diagnostics
        .iter()
        .any(|d| d.severity >= settings.settings.fail_on);
    Ok(if failing { EXIT_FINDINGS } else { EXIT_CLEAN })
}

/// One lint of the check command: the findings, less those a baseline records, and the
/// note about the baseline's stale entries, if any.
fn lint_once(
    paths: &[PathBuf],
    cwd: &Path,
    settings: &Setup,
    opts: &crate::pipeline::LintOptions,
    baseline: Option<&Path>,
) -> Result<(crate::report::Report, Option<String>), AppError> {
    let mut report = crate::pipeline::lint_paths(paths, cwd, settings, opts)?;
    let Some(file) = baseline else {
        return Ok((report, None));
    };
    let baseline = crate::baseline::Baseline::load(file)?;
    let stale = crate::pipeline::filter::baseline(&mut report, &baseline);
    if stale.is_empty() {
        return Ok((report, None));
    }
    let n: usize = stale.iter().map(|e| e.count).sum();
    let note = format!(
        "note: {n} finding{} recorded in {} no longer occur{}; run `sflint check --write-baseline {}` to prune {}",
        if n == 1 { "" } else { "s" },
        file.display(),
        if n == 1 { "s" } else { "" },
        file.display(),
        if n == 1 { "it" } else { "them" },
    );
    Ok((report, Some(note)))
}

/// `Fixed 3 findings (2 files written) (1 more fixable with --unsafe-fixes).`, then a
/// warning for each file left alone; for stderr.
fn fix_summary(
    outcome: &crate::fix::run::Outcome,
    policy: &crate::fix::FixPolicy,
    diff: bool,
) -> Vec<String> {
    let (_, unsafe_left) = crate::fix::fixable_counts(policy, &outcome.report.diagnostics);
    let findings = |n: usize| format!("{n} finding{}", if n == 1 { "" } else { "s" });
    let files = |n: usize| format!("{n} file{}", if n == 1 { "" } else { "s" });
    let mut line = match (diff, outcome.fixed) {
        (true, 0) | (false, 0) => "No fixes applied".to_string(),
        (true, n) => format!("Would fix {} in {}", findings(n), files(outcome.files)),
        (false, n) => format!("Fixed {} in {}", findings(n), files(outcome.files)),
    };
    if diff && outcome.fixed == 0 {
        line = "No fixes available".to_string();
    }
    if unsafe_left > 0 {
        line.push_str(&format!(
            " ({unsafe_left} more fixable with --unsafe-fixes)"
        ));
    }
    line.push('.');
    let mut lines = vec![line];
    for name in &outcome.skipped {
        lines.push(format!(
            "warning: {name} was not fixed: it changed since it was read, or is not UTF-8"
        ));
    }
    lines
}

fn load_settings(
    cwd: &std::path::Path,
    path: &std::path::Path,
    config: Option<&std::path::Path>,
    no_config: bool,
    overrides: &Overrides,
) -> Result<Setup, AppError> {
    if no_config {
        return Setup::from_toml("", None, overrides);
    }
    let first = crate::discover::absolute(cwd, path);
    let project = crate::discover::find_project(&first)?;
    Setup::load(&project.root, config, overrides)
}

/// The working folder, the project path (default `.`, which must exist) and its settings:
/// what `matrix`, `explain` and `access-diff` start from.
fn project_setup(
    path: Option<&Path>,
    config: Option<&Path>,
    no_config: bool,
) -> Result<(PathBuf, PathBuf, Setup), AppError> {
    let cwd = cwd()?;
    let path = path.map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    std::fs::metadata(&path).map_err(|e| AppError::io(&path, &e))?;
    let settings = load_settings(&cwd, &path, config, no_config, &Overrides::default())?;
    Ok((cwd, path, settings))
}

/// The first of the paths, once all are shown to belong to one project.
fn one_project(paths: &[PathBuf]) -> Result<Option<&Path>, AppError> {
    let cwd = cwd()?;
    let mut root: Option<PathBuf> = None;
    for p in paths {
        std::fs::metadata(p).map_err(|e| AppError::io(p, &e))?;
        let project = crate::discover::find_project(&crate::discover::absolute(&cwd, p))?;
        match &root {
            Some(r) if *r != project.root => {
                return Err(AppError::Usage(format!(
                    "{} belongs to another project than {}\n  help: name files or folders of one project",
                    p.display(),
                    paths[0].display()
                )));
            }
            _ => root = Some(project.root),
        }
    }
    Ok(paths.first().map(PathBuf::as_path))
}

fn matrix(args: MatrixArgs) -> Result<i32, AppError> {
    let (cwd, path, settings) =
        project_setup(args.path.as_deref(), args.config.as_deref(), args.no_config)?;
    if args.check && settings.settings.classification.access_matrix.is_none() {
        return Err(AppError::Usage(
            "--check compares with the configured access matrix, and none is configured\n  help: set `access-matrix` under [classification] in sflint.toml".into(),
        ));
    }
    let (project, base) = match &args.base {
        Some(spec) => {
            let (head, base, name) = crate::pipeline::load_with_base(&path, &cwd, &settings, spec)?;
            (head, Some((base, name)))
        }
        None => (crate::pipeline::load_project(&path, &cwd, &settings)?, None),
    };
    let mut rows = crate::matrix_report::build(&project, &settings.settings);
    if let Some((base, _)) = &base {
        let base_rows = crate::matrix_report::build(base, &settings.settings);
        crate::matrix_report::mark_base(&mut rows, &base_rows);
    }
    if args.check {
        let diffs = crate::matrix_report::differences(&project, &settings.settings, &rows);
        let mut out = String::new();
        for d in &diffs {
            // Names from metadata: no control character reaches the terminal.
            out.push_str(&format!("{}\n", output::escape::visible(&d.to_string())));
        }
        out.push_str(&match diffs.len() {
            0 => "The access matrix matches the metadata.\n".to_string(),
            1 => "1 difference between the access matrix and the metadata.\n".to_string(),
            n => format!("{n} differences between the access matrix and the metadata.\n"),
        });
        print_out(&out)?;
        return Ok(if diffs.is_empty() {
            EXIT_CLEAN
        } else {
            EXIT_FINDINGS
        });
    }
    let text = match args.format {
        MatrixFormat::Csv => crate::matrix_report::render_csv(&rows),
        MatrixFormat::Markdown => crate::matrix_report::render_markdown(&rows),
        MatrixFormat::Json => crate::matrix_report::render_json(&rows),
        MatrixFormat::Html => {
            let root = crate::discover::find_project(&crate::discover::absolute(&cwd, &path))?.root;
            let meta = crate::matrix_report::HtmlMeta {
                empty_reason: rows
                    .is_empty()
                    .then(|| crate::matrix_report::empty_reason(&project, &settings.settings)),
                base: base.as_ref().map(|(_, name)| name.clone()),
                ..crate::matrix_report::HtmlMeta::now(&root)
            };
            crate::matrix_report::render_html(&rows, &meta)
        }
    };
    match &args.output {
        Some(file) => write_atomically(file, &text)?,
        None => print_out(&text)?,
    }
    Ok(EXIT_CLEAN)
}

fn explain(args: ExplainArgs) -> Result<i32, AppError> {
    let (cwd, path, settings) = project_setup(
        one_project(&args.paths)?,
        args.config.as_deref(),
        args.no_config,
    )?;
    let project = crate::pipeline::load_project(&path, &cwd, &settings)?;
    let e = crate::report_access::explain::explain(
        &project,
        &settings.settings,
        &args.principal,
        &args.subject,
    )
    .map_err(AppError::Usage)?;
    print_out(&match args.format {
        ExplainFormat::Text => crate::report_access::explain::render_text(&project, &e),
        ExplainFormat::Json => crate::report_access::explain::render_json(&e),
    })?;
    Ok(EXIT_CLEAN)
}

fn access_diff(args: AccessDiffArgs) -> Result<i32, AppError> {
    use crate::report_access::{self as ra, diff::Direction};
    let (cwd, path, settings) = project_setup(
        one_project(&args.paths)?,
        args.config.as_deref(),
        args.no_config,
    )?;
    let (head, base, name) = crate::pipeline::load_with_base(&path, &cwd, &settings, &args.base)?;
    let opts = ra::DiffOptions {
        principals: match args.principals {
            DiffPrincipals::All => ra::PrincipalFilter::All,
            DiffPrincipals::Integration => ra::PrincipalFilter::Integration,
        },
    };
    let d = ra::diff::compute(&head, &base, &name, &settings.settings, opts);
    let text = match args.format {
        DiffFormat::Text => ra::render_text(&d),
        DiffFormat::Markdown => ra::render_markdown(&d),
        DiffFormat::Json => ra::render_json(&d),
    };
    match &args.output {
        Some(file) => write_atomically(file, &text)?,
        None => print_out(&text)?,
    }
    let fails = args
        .fail_on_gain
        .is_some_and(|on| d.fails(Direction::Gain, on.into()))
        || args
            .fail_on_loss
            .is_some_and(|on| d.fails(Direction::Loss, on.into()));
    Ok(if fails { EXIT_FINDINGS } else { EXIT_CLEAN })
}

fn init(args: InitArgs) -> Result<i32, AppError> {
    let cwd = cwd()?;
    let path = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    std::fs::metadata(&path).map_err(|e| AppError::io(&path, &e))?;
    let project = crate::discover::find_project(&crate::discover::absolute(&cwd, &path))?;
    let target = project.root.join(crate::config::CONFIG_FILE);
    if target.exists() && !args.force {
        return Err(AppError::Usage(format!(
            "{} already exists\n  help: add --force to overwrite it",
            crate::pipeline::display_path(&cwd, &target)
        )));
    }
    let settings = Setup::from_toml("", None, &Overrides::default())?;
    let loaded = crate::pipeline::load_project(&path, &cwd, &settings)?;
    let access = crate::access::Access::new(&loaded.model, &settings.settings);
    let name = project.root.file_name().map_or_else(
        || project.root.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let text = crate::init::render(&name, &loaded.model, &access);
    write_atomically(&target, &text)?;
    say(&format!(
        "Wrote {}.",
        crate::pipeline::display_path(&cwd, &target)
    ));
    Ok(EXIT_CLEAN)
}

fn clean(paths: &[PathBuf]) -> Result<i32, AppError> {
    let cwd = cwd()?;
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    let removed = crate::pipeline::cache::clean(&paths, &cwd)?;
    for dir in &removed {
        say(&format!(
            "Removed {}.",
            crate::pipeline::display_path(&cwd, dir)
        ));
    }
    if removed.is_empty() {
        say("No cache to remove.");
    }
    Ok(EXIT_CLEAN)
}

/// A one-line message for people on stderr; paths and names in it may come from the
/// checkout, so line breaks and control characters are shown escaped (see
/// [`output::escape`]).
fn say(message: &str) {
    eprintln!("{}", output::escape::visible(message));
}

/// Write a report, baseline or generated file safely (see [`crate::write_file`]).
pub fn write_atomically(path: &std::path::Path, text: &str) -> Result<(), AppError> {
    crate::write_file::write_output(path, text.as_bytes())
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&w: &usize| w >= 40)
        .unwrap_or(100)
}

fn rules(args: RulesArgs) -> Result<i32, AppError> {
    let cwd = cwd()?;
    let settings = Setup::load(&cwd, None, &Overrides::default())?;
    let catalog = settings.catalog();
    let entries: Vec<_> = catalog.entries().collect();
    let mut out = String::new();
    match args.format {
        RulesFormat::Json => {
            let list: Vec<serde_json::Value> = entries
                .iter()
                .map(|e| {
                    let mut v = serde_json::json!({
                        "code": e.code,
                        "name": e.name,
                        "kind": e.kind(),
                        "severity": settings.settings.severity_of(e.code, e.severity).as_str(),
                        "default_severity": e.severity.as_str(),
                        "enabled": settings.settings.is_enabled(e.code),
                        "default_enabled": e.enabled,
                        "summary": e.summary,
                    });
                    match e.origin {
                        Origin::Builtin(m) => v["family"] = m.family.label().into(),
                        Origin::Pack(pack, _) => v["pack"] = pack.name.as_str().into(),
                        Origin::Policy(p) => {
                            v["defined_in"] = settings.policy_file_name(p.origin).into();
                        }
                    }
                    if let Some(p) = e.policy() {
                        v["condition"] = serde_json::json!({
                            "mode": p.mode.key(),
                            "subject": p.subject.key(),
                            "checks": p.subject.describe(),
                        });
                    }
                    v
                })
                .collect();
            out = serde_json::to_string_pretty(&serde_json::json!({ "rules": list }))
                .expect("plain values serialize");
            out.push('\n');
        }
        RulesFormat::Text => {
            let safe = |s: &str| output::escape::visible(s).into_owned();
            let rows: Vec<[String; 5]> = entries
                .iter()
                .map(|e| {
                    [
                        safe(e.code),
                        safe(e.name),
                        settings
                            .settings
                            .severity_of(e.code, e.severity)
                            .to_string(),
                        if settings.settings.is_enabled(e.code) {
                            "on"
                        } else {
                            "off"
                        }
                        .to_string(),
                        safe(e.summary),
                    ]
                })
                .collect();
            let header = ["CODE", "NAME", "SEVERITY", "ON", "SUMMARY"].map(String::from);
            let mut widths = [0usize; 4];
            for row in std::iter::once(&header).chain(&rows) {
                for (w, cell) in widths.iter_mut().zip(row.iter()) {
                    *w = (*w).max(cell.len());
                }
            }
            for row in std::iter::once(&header).chain(&rows) {
                for (w, cell) in widths.iter().zip(row.iter()) {
                    out.push_str(&format!("{cell:<w$}  "));
                }
                out.push_str(&row[4]);
                out.push('\n');
            }
        }
    }
    print_out(&out)?;
    Ok(EXIT_CLEAN)
}

/// The page of a rule: a built-in rule's page, a pack's page (for one of its rules, its
/// prefix or its name), or a policy's definition.
fn rule_page(key: &str) -> Result<i32, AppError> {
    let builtin = crate::catalog::Catalog::builtin();
    let pack = crate::policy::PACKS.iter().find(|p| {
        p.name.eq_ignore_ascii_case(key.trim()) || p.prefix.eq_ignore_ascii_case(key.trim())
    });
    if let Some(pack) = pack {
        print_out(pack.page)?;
        return Ok(EXIT_CLEAN);
    }
    if let Some(e) = builtin.find(key) {
        return print_entry(&e, None);
    }
    let cwd = cwd()?;
    let settings = Setup::load(&cwd, None, &Overrides::default())?;
    let catalog = settings.catalog();
    match catalog.find(key) {
        Some(e) => print_entry(&e, Some(&settings)),
        None => {
            let names = catalog.names();
            let hint = crate::salesforce::names::did_you_mean(key, names)
                .map(|s| format!("\n  help: did you mean `{s}`?"))
                .unwrap_or_else(|| "\n  help: `sflint rules` lists every rule".into());
            Err(AppError::Usage(format!("no rule `{key}`{hint}")))
        }
    }
}

fn print_entry(e: &crate::catalog::Entry<'_>, settings: Option<&Setup>) -> Result<i32, AppError> {
    let text = match e.origin {
        Origin::Builtin(meta) => meta.page.to_string(),
        Origin::Pack(pack, _) => pack.page.to_string(),
        Origin::Policy(p) => {
            let file = settings
                .map(|s| s.policy_file_name(p.origin))
                .unwrap_or_default();
            format!(
                "# {} {}: a policy defined in {file}\n# {}\n\n{}",
                p.code, p.name, p.summary, p.definition
            )
        }
    };
    // A policy's page comes from the project's configuration: no raw control character.
    print_out(&output::escape::visible_lines(&text))?;
    Ok(EXIT_CLEAN)
}

fn print_out(s: &str) -> Result<(), AppError> {
    let mut out = std::io::stdout().lock();
    out.write_all(s.as_bytes())
        .and_then(|()| out.flush())
        .or_else(quiet_broken_pipe)
        .map_err(|e| AppError::io("<stdout>", &e))
}

/// A reader that stopped early (`sflint check | head -1`) is not an error: stop writing
/// quietly, as ruff does, and keep the exit code the findings decide.
fn quiet_broken_pipe(e: std::io::Error) -> std::io::Result<()> {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(())
    } else {
        Err(e)
    }
}
