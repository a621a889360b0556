//! The rule pages in `rules/` are part of the product (`sflint rule CODE` prints them), so
//! they are tested like code:
//!
//! - every registered rule has `rules/<name>.md`, every page belongs to a rule, and the page
//!   compiled into the binary is the file on disk;
//! - every page has the fixed title, summary, metadata line and section headings;
//! - every example on a page is linted, and its findings must be exactly the ones its
//!   markers announce;
//! - `rules/README.md` indexes exactly the registered rules.
//!
//! Example conventions (what [`parse_examples`] accepts):
//!
//! - An example block is a backtick-fenced code block whose info string is
//!   `<lang> bad path="<path>"` or `<lang> good path="<path>"`. The path is always quoted
//!   (it may contain spaces) and decides the file's metadata kind, as in a project.
//! - Example blocks are only allowed under `## Example`.
//! - Consecutive example blocks with the same tag and nothing but blank lines between them
//!   form one multi-file example. Prose, another kind of block, or a change of tag starts
//!   a new example.
//! - A ```` ```toml sflint.toml ```` block directly before an example (blank lines only in
//!   between) is that example's configuration; without one, `Setup::default()` applies.
//!   sflint reports findings in the configuration (IU006 does) under the path `sflint.toml`,
//!   and the harness matches them like findings in the example's files.
//! - Blocks tagged `base`, ```` ```xml base path="<path>" ````, show files as they were in
//!   the base that a run compares with (`sflint check --base origin/main`). They go
//!   directly before an example (blank lines only in between) and together form that
//!   example's base. The order is fixed: the configuration block if any, then the base
//!   blocks, then the example's own blocks. An example with base blocks is linted with
//!   `lint_sources_against(head, Some(base), &settings, &LintOptions::default())`, as a
//!   `--base` run lints it, so the rules that compare with a base (IU007) run; an example
//!   without base blocks is linted with no base at all, not with an empty one. A file that
//!   only the base shows was deleted by the change; a file that only the example shows is
//!   new. sflint shows base files under the path `base:<path>`. Findings' related labels
//!   may point at them; the harness doesn't check related labels, but prints them, with
//!   page lines, when an example fails. Base paths must be metadata paths (a base has no
//!   access matrix), each at most once per base, and base blocks hold no markers: findings
//!   are reported in the example's own files. `LintOptions` can't be set from a page, so
//!   `--strict-profile-removals` and `--new-only` are described in prose, not run.
//! - An example file's path must be one sflint reads as metadata, with one exception: when
//!   the example's configuration sets `[classification] access-matrix = "<path>"`, a block
//!   whose path is exactly `<path>` is the access matrix (```` ```csv bad
//!   path="security/access-matrix.csv" ````). Such an example must then include the matrix.
//! - Markers announce the findings of a bad example: `<!-- error: [PM001] -->`, with the
//!   severity the finding is reported at (`error`, `warning` or `info`) and one or more
//!   codes (`[PM001, PM005]`; a code listed twice expects two findings). A marker names the
//!   line on which the finding's primary span starts, written in one of three ways:
//!   - *Trailing*: marker comments at the end of that line. Several may end one line. The
//!     file is linted with them, which suits XML, where they are comments.
//!   - *Standalone*: a line holding nothing but marker comments (and whitespace) marks the
//!     nearest line above it that is not itself a standalone marker line. These lines are
//!     removed before linting, so JSON and CSV files, which cannot hold XML comments, stay
//!     valid; line numbers are those of the file without them. A standalone marker needs a
//!     line above it.
//!   - *TOML comment*, only in the `toml sflint.toml` block: `# error: [IU006]` as the
//!     comment that ends the marked line (after the value, outside any string). The block is
//!     read as written; a marker comment on a line of its own is rejected there.
//!
//!   Anything else that reads like a marker (wrong case, text after it, codes not in a
//!   list, unregistered codes) is rejected rather than ignored.
//! - A bad example must have at least one marker and produce exactly the marked findings;
//!   a good example must have no marker and produce no finding at all.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sflint::catalog::RULES;
use sflint::catalog::Setup;
use sflint::config::Overrides;
use sflint::diagnostic::{Label, Severity};
use sflint::pipeline::{LintOptions, lint_sources_against};
use sflint::rules::RuleMeta;
use sflint::salesforce::kind::classify;

/// The level-2 headings of every page, in order.
const HEADINGS: [&str; 6] = [
    "## What it does",
    "## Why it matters",
    "## Example",
    "## How to fix",
    "## Configuration",
    "## See also",
];

const EXAMPLE_SECTION: &str = "## Example";

/// The path under which sflint reports findings in an example's configuration block.
const CONFIG_PATH: &str = sflint::config::CONFIG_FILE;

/// What sflint puts before the path of a file of an in-memory base.
const BASE_PREFIX: &str = "base:";

fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")
}

fn page_file(name: &str) -> String {
    format!("rules/{name}.md")
}

fn read_page(name: &str) -> String {
    let path = rules_dir().join(format!("{name}.md"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn metas() -> impl Iterator<Item = &'static RuleMeta> {
    RULES.iter().map(|r| r.meta())
}

fn meta_by_name(name: &str) -> Option<&'static RuleMeta> {
    metas().find(|m| m.name == name)
}

// ---------------------------------------------------------------------------------------
// Markdown: prose lines and fenced code blocks
// ---------------------------------------------------------------------------------------

/// A fenced code block.
#[derive(Debug, Clone)]
struct Fence {
    /// The info string after the opening backticks, trimmed.
    info: String,
    /// The lines between the fences, each ending in `\n`.
    body: String,
    /// 1-based page line of the opening fence.
    open_line: usize,
}

/// A page split into lines outside fences and fenced blocks, in order.
#[derive(Debug, Clone)]
enum Piece {
    Line { line: usize, text: String },
    Fence(Fence),
}

/// `Some((backtick count, rest))` when the line opens or closes a backtick fence (up to three
/// spaces of indentation, as in CommonMark).
fn fence_marker(line: &str) -> Option<(usize, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let ticks = rest.len() - rest.trim_start_matches('`').len();
    (ticks >= 3).then(|| (ticks, &rest[ticks..]))
}

fn split_pieces(page: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut open: Option<(usize, Fence)> = None;
    for (i, line) in page.lines().enumerate() {
        let n = i + 1;
        match &mut open {
            None => match fence_marker(line) {
                Some((ticks, info)) => {
                    if info.contains('`') {
                        return Err(format!(
                            "line {n}: a fence info string cannot contain backticks"
                        ));
                    }
                    open = Some((
                        ticks,
                        Fence {
                            info: info.trim().to_string(),
                            body: String::new(),
                            open_line: n,
                        },
                    ));
                }
                None => pieces.push(Piece::Line {
                    line: n,
                    text: line.to_string(),
                }),
            },
            Some((ticks, fence)) => match fence_marker(line) {
                Some((closing, rest)) if closing >= *ticks && rest.trim().is_empty() => {
                    let (_, fence) = open.take().expect("a fence is open");
                    pieces.push(Piece::Fence(fence));
                }
                _ => {
                    fence.body.push_str(line);
                    fence.body.push('\n');
                }
            },
        }
    }
    match open {
        Some((_, fence)) => Err(format!(
            "line {}: the code block opened here is never closed",
            fence.open_line
        )),
        None => Ok(pieces),
    }
}

// ---------------------------------------------------------------------------------------
// Examples
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Bad,
    Good,
}

impl Tag {
    fn as_str(self) -> &'static str {
        match self {
            Tag::Bad => "bad",
            Tag::Good => "good",
        }
    }
}

#[derive(Debug, Clone)]
struct ExampleFile {
    path: String,
    text: String,
    /// Page line of the file's first line.
    first_line: usize,
}

impl ExampleFile {
    fn page_line(&self, line: usize) -> usize {
        self.first_line + line - 1
    }
}

#[derive(Debug, Clone)]
struct Example {
    /// 1-based position among the page's examples.
    index: usize,
    tag: Tag,
    /// The `toml sflint.toml` block before the example, as a file named `sflint.toml`.
    config: Option<ExampleFile>,
    /// The `base` blocks before the example: the files as they were in the base. Empty
    /// when the example is linted without a base.
    base: Vec<ExampleFile>,
    files: Vec<ExampleFile>,
}

impl Example {
    fn page_line(&self) -> usize {
        self.files[0].first_line - 1
    }
}

/// What an info string says.
#[derive(Debug, PartialEq, Eq)]
enum Info {
    /// `toml sflint.toml`
    Config,
    /// `<lang> base path="..."`
    Base(String),
    /// `<lang> bad|good path="..."`
    Example(Tag, String),
    /// Any other block (illustration only, never run).
    Other,
}

/// Split an info string into words; a double-quoted part may contain spaces.
fn info_words(info: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in info.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                word.push(c);
            }
            c if c.is_whitespace() && !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if quoted {
        return Err(format!("unbalanced quote in info string `{info}`"));
    }
    if !word.is_empty() {
        words.push(word);
    }
    Ok(words)
}

fn parse_info(info: &str) -> Result<Info, String> {
    let words = info_words(info)?;
    if words == ["toml", "sflint.toml"] {
        return Ok(Info::Config);
    }
    // `None` for a base block.
    let tag = match words.get(1).map(String::as_str) {
        Some("bad") => Some(Tag::Bad),
        Some("good") => Some(Tag::Good),
        Some("base") => None,
        _ => {
            // Catch near misses instead of silently treating them as illustrations.
            if words
                .iter()
                .any(|w| w == "bad" || w == "good" || w == "base" || w.starts_with("path="))
            {
                return Err(format!(
                    "info string `{info}`: write `<lang> bad path=\"...\"`, `<lang> good path=\"...\"` or `<lang> base path=\"...\"`"
                ));
            }
            return Ok(Info::Other);
        }
    };
    let mut path = None;
    for w in &words[2..] {
        match w.strip_prefix("path=") {
            Some(v) if path.is_none() => {
                let inner = v
                    .strip_prefix('"')
                    .and_then(|v| v.strip_suffix('"'))
                    .filter(|v| !v.is_empty() && !v.contains('"'))
                    .ok_or_else(|| {
                        format!("info string `{info}`: the path must be a non-empty quoted string")
                    })?;
                path = Some(inner.to_string());
            }
            _ => return Err(format!("info string `{info}`: unexpected `{w}`")),
        }
    }
    let path = path.ok_or_else(|| format!("info string `{info}`: missing path=\"...\""))?;
    Ok(match tag {
        Some(tag) => Info::Example(tag, path),
        None => Info::Base(path),
    })
}

/// Blocks waiting for the example they belong to: its configuration, then its base.
#[derive(Default)]
struct Pending {
    /// Page line of the opening fence and the text of a `toml sflint.toml` block.
    config: Option<(usize, String)>,
    base: Vec<ExampleFile>,
}

impl Pending {
    /// Something other than an example block came next: what is pending belongs to nothing.
    fn orphan(&mut self, errors: &mut Vec<String>) {
        if let Some((line, _)) = self.config.take() {
            errors.push(format!(
                "line {line}: a `toml sflint.toml` block must be directly followed by an example block (or by the example's `base` blocks)"
            ));
        }
        if let Some(first) = self.base.first() {
            errors.push(format!(
                "line {}: `base` blocks must be directly followed by an example block",
                first.first_line - 1
            ));
        }
        self.base.clear();
    }
}

/// Group a page's example blocks into examples (see the module docs for the rules).
fn parse_examples(page: &str) -> Result<Vec<Example>, Vec<String>> {
    let pieces = split_pieces(page).map_err(|e| vec![e])?;
    let mut errors = Vec::new();
    let mut examples: Vec<Example> = Vec::new();
    // The example being built; it stays open while only blank lines follow it.
    let mut current: Option<Example> = None;
    let mut pending = Pending::default();
    let mut section = String::new();

    for piece in pieces {
        match piece {
            Piece::Line { text, .. } if text.trim().is_empty() => {}
            Piece::Line { text, .. } => {
                examples.extend(current.take());
                pending.orphan(&mut errors);
                if text.starts_with("## ") || text.starts_with("# ") {
                    section = text.trim_end().to_string();
                }
            }
            Piece::Fence(fence) => {
                let info = match parse_info(&fence.info) {
                    Ok(info) => info,
                    Err(e) => {
                        errors.push(format!("line {}: {e}", fence.open_line));
                        continue;
                    }
                };
                if info != Info::Other && section != EXAMPLE_SECTION {
                    errors.push(format!(
                        "line {}: example, base and configuration blocks belong under `{EXAMPLE_SECTION}`",
                        fence.open_line
                    ));
                }
                match info {
                    Info::Other => {
                        examples.extend(current.take());
                        pending.orphan(&mut errors);
                    }
                    Info::Config => {
                        examples.extend(current.take());
                        if !pending.base.is_empty() {
                            errors.push(format!(
                                "line {}: the `toml sflint.toml` block goes before the example's `base` blocks",
                                fence.open_line
                            ));
                        }
                        pending.orphan(&mut errors);
                        pending.config = Some((fence.open_line, fence.body));
                    }
                    Info::Base(path) => {
                        // A base starts the next example.
                        examples.extend(current.take());
                        pending.base.push(ExampleFile {
                            path,
                            text: fence.body,
                            first_line: fence.open_line + 1,
                        });
                    }
                    Info::Example(tag, path) => {
                        let file = ExampleFile {
                            path,
                            text: fence.body,
                            first_line: fence.open_line + 1,
                        };
                        match &mut current {
                            Some(ex) if ex.tag == tag => ex.files.push(file),
                            _ => {
                                examples.extend(current.take());
                                current = Some(Example {
                                    index: 0,
                                    tag,
                                    config: pending.config.take().map(|(line, text)| ExampleFile {
                                        path: CONFIG_PATH.to_string(),
                                        text,
                                        first_line: line + 1,
                                    }),
                                    base: std::mem::take(&mut pending.base),
                                    files: vec![file],
                                });
                            }
                        }
                    }
                }
            }
        }
    }
    examples.extend(current.take());
    pending.orphan(&mut errors);
    for (i, ex) in examples.iter_mut().enumerate() {
        ex.index = i + 1;
    }
    if errors.is_empty() {
        Ok(examples)
    } else {
        Err(errors)
    }
}

/// A finding announced by a marker.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Marker {
    /// Index into the example's [`Linted`] files.
    file: usize,
    /// Line in the linted file.
    line: usize,
    code: String,
    severity: Severity,
}

/// The marker inside one comment, if the comment is a marker: `error: [PM001, PM005]`.
fn parse_marker_body(inner: &str) -> Result<Option<(Severity, Vec<String>)>, String> {
    let Some((sev, rest)) = inner.split_once(':') else {
        return Ok(None);
    };
    let Some(severity) = Severity::parse(sev.trim()) else {
        return Ok(None);
    };
    let list = rest
        .trim()
        .strip_prefix('[')
        .and_then(|r| r.strip_suffix(']'))
        .ok_or_else(|| format!("marker `{inner}`: write the codes as a list, e.g. [PM001]"))?;
    let codes: Vec<String> = list.split(',').map(|c| c.trim().to_string()).collect();
    for code in &codes {
        if !metas().any(|m| m.code == code) {
            return Err(format!(
                "marker `{inner}`: `{code}` is not a registered rule code"
            ));
        }
    }
    Ok(Some((severity, codes)))
}

/// Does this text start with a severity and a colon, in any case?
fn starts_like_marker(text: &str) -> bool {
    let text = text.trim_start();
    ["error:", "warning:", "info:"].iter().any(|s| {
        text.get(..s.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(s))
    })
}

/// Does this text hold something that reads like a marker comment (in any case)?
fn looks_like_marker(text: &str) -> bool {
    text.match_indices("<!--")
        .any(|(i, _)| starts_like_marker(&text[i + 4..]))
}

/// The markers on one line of an example file.
#[derive(Debug)]
struct LineMarkers {
    found: Vec<(Severity, String)>,
    /// The line holds nothing but markers: they mark the line above, and the line is not
    /// linted.
    standalone: bool,
}

/// The markers ending one line of an example file (or making up the whole line).
fn line_markers(line: &str) -> Result<LineMarkers, String> {
    let mut found = Vec::new();
    let mut rest = line.trim_end();
    while let Some(body) = rest.strip_suffix("-->") {
        let Some(start) = body.rfind("<!--") else {
            break;
        };
        match parse_marker_body(body[start + 4..].trim())? {
            Some((severity, codes)) => {
                // Read right to left; keep the codes in page order.
                found.splice(0..0, codes.into_iter().map(|c| (severity, c)));
                rest = body[..start].trim_end();
            }
            None => break,
        }
    }
    if looks_like_marker(rest) {
        return Err(
            "a marker is `<!-- error: [CODE] -->` (severity in lower case) at the end of the line it marks, or alone on the line below it"
                .into(),
        );
    }
    let standalone = !found.is_empty() && rest.trim().is_empty();
    Ok(LineMarkers { found, standalone })
}

/// Byte offset of the `#` that starts a TOML comment on this line, if any: the first `#`
/// outside a basic (`"…"`) or literal (`'…'`) string.
fn toml_comment_start(line: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match quote {
            Some('"') if escaped => escaped = false,
            Some('"') if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' => return Some(i),
            None => {}
        }
    }
    None
}

/// The marker in the TOML comment ending a line of a configuration block: `# error: [IU006]`.
fn toml_line_markers(line: &str) -> Result<Vec<(Severity, String)>, String> {
    let Some(hash) = toml_comment_start(line) else {
        return Ok(Vec::new());
    };
    let comment = line[hash + 1..].trim();
    match parse_marker_body(comment)? {
        Some((severity, codes)) if !line[..hash].trim().is_empty() => {
            Ok(codes.into_iter().map(|c| (severity, c)).collect())
        }
        Some(_) => Err(
            "in sflint.toml a marker is the comment at the end of the line it marks, not a line of its own"
                .into(),
        ),
        None if starts_like_marker(comment) || looks_like_marker(comment) => Err(
            "in sflint.toml a marker is a comment `# error: [CODE]` (severity in lower case) at the end of the line it marks"
                .into(),
        ),
        None => Ok(Vec::new()),
    }
}

/// An example file as sflint gets it: standalone marker lines taken out.
#[derive(Debug, Clone)]
struct Linted {
    path: String,
    text: String,
    /// The page line of each line of `text`.
    page_lines: Vec<usize>,
}

impl Linted {
    fn page_line(&self, line: usize) -> usize {
        match line.checked_sub(1).and_then(|i| self.page_lines.get(i)) {
            Some(&n) => n,
            // Past the last line: just after it.
            None => self.page_lines.last().map_or(0, |n| n + 1),
        }
    }
}

/// Take the markers out of an example file (index `f`). `errors` gets the malformed ones.
fn prepare_file(f: usize, file: &ExampleFile, errors: &mut Vec<String>) -> (Linted, Vec<Marker>) {
    let mut linted = Linted {
        path: file.path.clone(),
        text: String::new(),
        page_lines: Vec::new(),
    };
    let mut markers = Vec::new();
    for (i, line) in file.text.lines().enumerate() {
        let page_line = file.page_line(i + 1);
        let error =
            |e: String| format!("{} line {} (page line {page_line}): {e}", file.path, i + 1);
        let found = match line_markers(line) {
            Ok(found) => found,
            Err(e) => {
                errors.push(error(e));
                LineMarkers {
                    found: Vec::new(),
                    standalone: false,
                }
            }
        };
        if found.standalone {
            if linted.page_lines.is_empty() {
                errors.push(error(
                    "a marker on a line of its own marks the line above it, and there is none"
                        .into(),
                ));
                continue;
            }
        } else {
            linted.text.push_str(line);
            linted.text.push('\n');
            linted.page_lines.push(page_line);
        }
        let line = linted.page_lines.len();
        markers.extend(found.found.into_iter().map(|(severity, code)| Marker {
            file: f,
            line,
            code,
            severity,
        }));
    }
    (linted, markers)
}

/// The configuration block (index `f`) is read as written; its markers are TOML comments.
fn prepare_config(f: usize, file: &ExampleFile, errors: &mut Vec<String>) -> (Linted, Vec<Marker>) {
    let mut markers = Vec::new();
    let mut page_lines = Vec::new();
    for (i, line) in file.text.lines().enumerate() {
        page_lines.push(file.page_line(i + 1));
        match toml_line_markers(line) {
            Ok(found) => markers.extend(found.into_iter().map(|(severity, code)| Marker {
                file: f,
                line: i + 1,
                code,
                severity,
            })),
            Err(e) => errors.push(format!(
                "{} line {} (page line {}): {e}",
                file.path,
                i + 1,
                file.page_line(i + 1)
            )),
        }
    }
    let linted = Linted {
        path: file.path.clone(),
        text: file.text.clone(),
        page_lines,
    };
    (linted, markers)
}

/// Where a finding or one of its related labels points, located among the example's files.
#[derive(Debug, Clone)]
struct Place {
    /// Index into the example's [`Linted`] files; `None` for a file outside the example.
    file: Option<usize>,
    path: String,
    line: usize,
    column: usize,
}

impl Place {
    fn describe(&self, files: &[Linted]) -> String {
        let page = self
            .file
            .map(|f| format!(" (page line {})", files[f].page_line(self.line)))
            .unwrap_or_default();
        format!("{}:{}:{}{page}", self.path, self.line, self.column)
    }
}

/// A finding sflint reported for an example.
#[derive(Debug, Clone)]
struct Finding {
    at: Place,
    code: String,
    severity: Severity,
    message: String,
    /// Related labels: where they point and what they say.
    related: Vec<(Place, String)>,
}

impl Finding {
    fn describe(&self, files: &[Linted]) -> String {
        format!(
            "{} [{}] at {}: {}",
            self.severity,
            self.code,
            self.at.describe(files),
            self.message
        )
    }
}

/// Lint the example's files (`files`, without the configuration) against its base (none
/// when `base` is empty), and locate each finding in `all` (the files, the configuration
/// and the base files under their `base:` paths).
fn lint_example(
    files: &[Linted],
    base: &[ExampleFile],
    all: &[Linted],
    settings: &Setup,
) -> Result<Vec<Finding>, String> {
    let sources: Vec<(&str, &str)> = files
        .iter()
        .map(|f| (f.path.as_str(), f.text.as_str()))
        .collect();
    let base_sources: Vec<(&str, &str)> = base
        .iter()
        .map(|f| (f.path.as_str(), f.text.as_str()))
        .collect();
    let report = lint_sources_against(
        &sources,
        (!base.is_empty()).then_some(&base_sources[..]),
        settings,
        &LintOptions::default(),
    )
    .map_err(|e| format!("sflint rejected the example: {e}"))?;
    let place = |label: &Label| {
        let source = report.file(label.file);
        let at = source.line_col(label.span.start);
        Place {
            file: all.iter().position(|f| f.path == source.display),
            path: source.display.clone(),
            line: at.line,
            column: at.column,
        }
    };
    Ok(report
        .diagnostics
        .iter()
        .map(|d| Finding {
            at: place(&d.primary),
            code: d.code.to_string(),
            severity: d.severity,
            message: d.message.clone(),
            related: d
                .related
                .iter()
                .map(|r| (place(r), r.message.clone()))
                .collect(),
        })
        .collect())
}

/// The base blocks as sflint shows them (`base:<path>`), for page lines in messages. Base
/// blocks hold no markers: any line that has one (or something like one) is a problem.
fn prepare_base(file: &ExampleFile, problems: &mut Vec<String>) -> Linted {
    let mut page_lines = Vec::new();
    for (i, line) in file.text.lines().enumerate() {
        let page_line = file.page_line(i + 1);
        page_lines.push(page_line);
        let marked = match line_markers(line) {
            Ok(m) => !m.found.is_empty(),
            Err(_) => true,
        };
        if marked {
            problems.push(format!(
                "{BASE_PREFIX}{} line {} (page line {page_line}): a `base` block holds no markers; mark the finding in the example's own files",
                file.path,
                i + 1
            ));
        }
    }
    Linted {
        path: format!("{BASE_PREFIX}{}", file.path),
        text: file.text.clone(),
        page_lines,
    }
}

/// Lint one example and compare its findings with its markers. Returns the problems.
fn check_example(ex: &Example) -> Vec<String> {
    let mut problems = Vec::new();
    let settings = match &ex.config {
        Some(config) => match Setup::from_toml(&config.text, None, &Overrides::default()) {
            Ok(settings) => settings,
            Err(e) => return vec![format!("its sflint.toml is rejected: {e:?}")],
        },
        None => Setup::default(),
    };
    let matrix = settings.settings.classification.access_matrix.as_deref();
    let is_matrix = |path: &str| matrix.is_some_and(|m| Path::new(path) == m);
    for (i, f) in ex.files.iter().enumerate() {
        if classify(Path::new(&f.path)).is_none() && !is_matrix(&f.path) {
            problems.push(format!(
                "`{}` is not a path sflint reads as metadata, nor the access matrix that the example's sflint.toml names, so it would not be linted",
                f.path
            ));
        }
        if ex.files[..i].iter().any(|g| g.path == f.path) {
            problems.push(format!("`{}` appears twice in one example", f.path));
        }
    }
    for (i, f) in ex.base.iter().enumerate() {
        if classify(Path::new(&f.path)).is_none() {
            problems.push(format!(
                "base file `{}` is not a path sflint reads as metadata, so the base would not have it",
                f.path
            ));
        }
        if ex.base[..i].iter().any(|g| g.path == f.path) {
            problems.push(format!("`{}` appears twice in one base", f.path));
        }
    }
    if let Some(m) = matrix
        && !ex.files.iter().any(|f| Path::new(&f.path) == m)
    {
        problems.push(format!(
            "its sflint.toml sets `[classification] access-matrix = \"{}\"`, but no file of the example has that path",
            m.display()
        ));
    }

    let mut linted = Vec::new();
    let mut expected = Vec::new();
    let mut errors = Vec::new();
    for (f, file) in ex.files.iter().enumerate() {
        let (l, m) = prepare_file(f, file, &mut errors);
        linted.push(l);
        expected.extend(m);
    }
    if let Some(config) = &ex.config {
        let (l, m) = prepare_config(linted.len(), config, &mut errors);
        linted.push(l);
        expected.extend(m);
    }
    for file in &ex.base {
        linted.push(prepare_base(file, &mut errors));
    }
    problems.extend(errors);
    if !problems.is_empty() {
        return problems;
    }
    match ex.tag {
        Tag::Bad if expected.is_empty() => {
            problems.push(
                "a bad example needs at least one marker such as `<!-- error: [PM001] -->`".into(),
            );
        }
        Tag::Good if !expected.is_empty() => {
            problems.push("a good example cannot have markers: it must produce no finding".into());
        }
        _ => {}
    }
    if !problems.is_empty() {
        return problems;
    }
    let found = match lint_example(&linted[..ex.files.len()], &ex.base, &linted, &settings) {
        Ok(found) => found,
        Err(e) => {
            problems.push(e);
            return problems;
        }
    };

    let mut used = vec![false; found.len()];
    for m in &expected {
        let hit = found.iter().enumerate().position(|(i, f)| {
            !used[i]
                && f.at.file == Some(m.file)
                && f.at.line == m.line
                && f.code == m.code
                && f.severity == m.severity
        });
        match hit {
            Some(i) => used[i] = true,
            None => {
                let file = &linted[m.file];
                problems.push(format!(
                    "expected {} [{}] starting on {} line {} (page line {}), but sflint reports none there",
                    m.severity,
                    m.code,
                    file.path,
                    m.line,
                    file.page_line(m.line)
                ));
            }
        }
    }
    for (f, _) in found.iter().zip(&used).filter(|(_, used)| !**used) {
        problems.push(match ex.tag {
            Tag::Good => format!(
                "a good example must produce no finding, but got {}",
                f.describe(&linted)
            ),
            Tag::Bad => format!("finding without a marker: {}", f.describe(&linted)),
        });
    }
    if !problems.is_empty() {
        let mut all = String::from("sflint reported:");
        if found.is_empty() {
            all.push_str(" nothing");
        }
        for f in &found {
            let _ = write!(all, "\n      {}", f.describe(&linted));
            for (at, message) in &f.related {
                let _ = write!(
                    all,
                    "\n          related: {}: {message}",
                    at.describe(&linted)
                );
            }
        }
        problems.push(all);
    }
    problems
}

/// Check every example of a page. Returns one message per failing example (or per
/// problem with the page's example syntax).
fn check_page_examples(page_name: &str, page: &str) -> Vec<String> {
    let examples = match parse_examples(page) {
        Ok(examples) => examples,
        Err(errors) => {
            return errors
                .into_iter()
                .map(|e| format!("{page_name}: {e}"))
                .collect();
        }
    };
    let mut failures = Vec::new();
    for tag in [Tag::Bad, Tag::Good] {
        if !examples.iter().any(|e| e.tag == tag) {
            failures.push(format!(
                "{page_name}: needs at least one `{}` example",
                tag.as_str()
            ));
        }
    }
    for ex in &examples {
        let problems = check_example(ex);
        if !problems.is_empty() {
            failures.push(format!(
                "{page_name}, example {} ({}, page line {}):\n  - {}",
                ex.index,
                ex.tag.as_str(),
                ex.page_line(),
                problems.join("\n  - ")
            ));
        }
    }
    failures
}

fn fail_if_any(what: &str, failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{what}: {} problem(s)\n\n{}\n",
        failures.len(),
        failures.join("\n\n")
    );
}

// ---------------------------------------------------------------------------------------
// Page structure
// ---------------------------------------------------------------------------------------

fn meta_line(meta: &RuleMeta) -> String {
    format!(
        "**Family:** {} ({}) · **Default severity:** {} · **Enabled by default:** {}",
        meta.family.prefix(),
        meta.family.label(),
        meta.severity,
        if meta.enabled { "yes" } else { "no" }
    )
}

/// `[text](target)` links in a line.
fn links(line: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let Some(close) = after.find("](") else { break };
        let text = &after[..close];
        let target_start = &after[close + 2..];
        let Some(end) = target_start.find(')') else {
            break;
        };
        out.push((text, &target_start[..end]));
        rest = &target_start[end + 1..];
    }
    out
}

fn check_structure(meta: &RuleMeta, page: &str) -> Vec<String> {
    let file = page_file(meta.name);
    let mut problems = Vec::new();
    let lines: Vec<&str> = page.lines().collect();
    let want = [
        format!("# {} {}", meta.code, meta.name),
        meta.summary.to_string(),
        String::new(),
        meta_line(meta),
    ];
    for (i, want) in want.iter().enumerate() {
        let got = lines.get(i).copied().unwrap_or("<missing>");
        if got != want {
            problems.push(format!(
                "{file} line {}: expected `{want}`, found `{got}`",
                i + 1
            ));
        }
    }

    let pieces = match split_pieces(page) {
        Ok(p) => p,
        Err(e) => {
            problems.push(format!("{file}: {e}"));
            return problems;
        }
    };
    // Headings outside code blocks, and whether each section has content.
    let mut headings: Vec<(usize, String)> = Vec::new();
    let mut has_content: Vec<bool> = Vec::new();
    let mut see_also_links = 0;
    for piece in &pieces {
        match piece {
            Piece::Line { line, text } => {
                if text.starts_with("# ") && *line != 1 {
                    problems.push(format!("{file} line {line}: only line 1 is a `# ` heading"));
                }
                if text.starts_with("## ") {
                    headings.push((*line, text.trim_end().to_string()));
                    has_content.push(false);
                } else if !text.trim().is_empty()
                    && let Some(c) = has_content.last_mut()
                {
                    *c = true;
                }
                for (text_part, target) in links(text) {
                    let Some(stem) = target.strip_suffix(".md") else {
                        continue;
                    };
                    if stem == "README" {
                        continue;
                    }
                    match meta_by_name(stem) {
                        Some(other) if other.code == text_part => {
                            if headings.last().is_some_and(|(_, h)| h == "## See also") {
                                see_also_links += 1;
                            }
                        }
                        Some(other) => problems.push(format!(
                            "{file} line {line}: the link to {target} should read [{}]",
                            other.code
                        )),
                        None => problems
                            .push(format!("{file} line {line}: {target} is not a rule page")),
                    }
                }
            }
            Piece::Fence(_) => {
                if let Some(c) = has_content.last_mut() {
                    *c = true;
                }
            }
        }
    }
    let got: Vec<&str> = headings.iter().map(|(_, h)| h.as_str()).collect();
    if got != HEADINGS {
        problems.push(format!(
            "{file}: the `## ` headings must be exactly {HEADINGS:?} in this order, found {got:?}"
        ));
    }
    for ((line, heading), content) in headings.iter().zip(&has_content) {
        if !content {
            problems.push(format!("{file} line {line}: `{heading}` is empty"));
        }
    }
    if see_also_links == 0 {
        problems.push(format!(
            "{file}: `## See also` links no rule page, e.g. [PM001](editable-without-readable.md)"
        ));
    }
    problems
}

// ---------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------

#[test]
fn every_rule_has_its_page_and_every_page_a_rule() {
    let mut failures = Vec::new();
    for meta in metas() {
        let path = rules_dir().join(format!("{}.md", meta.name));
        match std::fs::read_to_string(&path) {
            Ok(text) if text == meta.page => {}
            Ok(_) => failures.push(format!(
                "{}: the page compiled into {} differs from the file on disk (rebuild?)",
                page_file(meta.name),
                meta.code
            )),
            Err(e) => failures.push(format!("{}: {e}", page_file(meta.name))),
        }
    }
    let entries = std::fs::read_dir(rules_dir()).expect("rules/ exists");
    for entry in entries {
        let name = entry.expect("readable entry").file_name();
        let name = name.to_string_lossy();
        let Some(stem) = name.strip_suffix(".md") else {
            continue;
        };
        if name != "README.md" && meta_by_name(stem).is_none() {
            failures.push(format!(
                "rules/{name}: no registered rule is named `{stem}`"
            ));
        }
    }
    fail_if_any("rule pages vs registry", failures);
}

#[test]
fn pages_have_the_fixed_structure() {
    let failures = metas()
        .flat_map(|m| check_structure(m, &read_page(m.name)))
        .collect();
    fail_if_any("page structure", failures);
}

#[test]
fn page_examples_produce_exactly_the_marked_findings() {
    let failures = metas()
        .flat_map(|m| check_page_examples(&page_file(m.name), &read_page(m.name)))
        .collect();
    fail_if_any("page examples", failures);
}

#[test]
fn readme_indexes_every_rule() {
    let readme = std::fs::read_to_string(rules_dir().join("README.md")).expect("rules/README.md");
    let mut lines = readme
        .lines()
        .filter(|l| l.trim_start().starts_with('|'))
        .map(|l| {
            l.trim()
                .trim_matches('|')
                .split('|')
                .map(str::trim)
                .collect::<Vec<_>>()
        });
    let header = lines.next().expect("a table");
    assert_eq!(
        header,
        ["Code", "Name", "Severity", "Default", "Summary"],
        "rules/README.md table header"
    );
    let separator = lines.next().expect("a separator row");
    assert!(
        separator
            .iter()
            .all(|c| !c.is_empty() && c.chars().all(|ch| ch == '-' || ch == ':')),
        "rules/README.md: second table row must be the separator, found {separator:?}"
    );
    let rows: Vec<Vec<&str>> = lines.collect();
    let expected: Vec<Vec<String>> = metas()
        .map(|m| {
            vec![
                m.code.to_string(),
                format!("[{0}]({0}.md)", m.name),
                m.severity.to_string(),
                if m.enabled { "on" } else { "off" }.to_string(),
                m.summary.to_string(),
            ]
        })
        .collect();
    let mut failures = Vec::new();
    for (i, want) in expected.iter().enumerate() {
        match rows.get(i) {
            Some(row) if row == want => {}
            Some(row) => failures.push(format!("row {}: expected {want:?}, found {row:?}", i + 1)),
            None => failures.push(format!("row {}: missing, expected {want:?}", i + 1)),
        }
    }
    for (i, row) in rows.iter().enumerate().skip(expected.len()) {
        failures.push(format!("row {}: {row:?} is not a registered rule", i + 1));
    }
    fail_if_any("rules/README.md index (rows in registry order)", failures);
}

// ---------------------------------------------------------------------------------------
// The harness must be able to fail
// ---------------------------------------------------------------------------------------

const PROFILE_PATH: &str = "force-app/main/default/profiles/Admin.profile-meta.xml";

/// A page with one bad and one good example; `bad_body` is the bad profile.
fn fake_page(bad_body: &str) -> String {
    format!(
        r#"# PM001 editable-without-readable

## Example

```xml bad path="{PROFILE_PATH}"
{bad_body}```

```xml good path="{PROFILE_PATH}"
<?xml version="1.0" encoding="UTF-8"?>
<Profile xmlns="http://soap.sforce.com/2006/04/metadata">
    <fieldPermissions>
        <editable>true</editable>
        <field>Account.Rating</field>
        <readable>true</readable>
    </fieldPermissions>
</Profile>
```
"#
    )
}

/// PM001 reports on the `<readable>` line (line 6 of this file).
fn bad_profile(line6_marker: &str, line4_marker: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Profile xmlns="http://soap.sforce.com/2006/04/metadata">
    <fieldPermissions>
        <editable>true</editable>{line4_marker}
        <field>Account.Rating</field>
        <readable>false</readable>{line6_marker}
    </fieldPermissions>
</Profile>
"#
    )
}

#[test]
fn harness_accepts_a_correct_page() {
    let page = fake_page(&bad_profile(" <!-- error: [PM001] -->", ""));
    let failures = check_page_examples("fake.md", &page);
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn harness_reports_a_marker_on_the_wrong_line() {
    let page = fake_page(&bad_profile("", " <!-- error: [PM001] -->"));
    let failures = check_page_examples("fake.md", &page);
    assert_eq!(failures.len(), 1, "{failures:#?}");
    let f = &failures[0];
    assert!(f.contains("fake.md, example 1 (bad"), "{f}");
    assert!(f.contains("expected error [PM001] starting on"), "{f}");
    assert!(f.contains("line 4"), "{f}");
    assert!(f.contains("finding without a marker: error [PM001]"), "{f}");
    assert!(f.contains(&format!("{PROFILE_PATH}:6:")), "{f}");
}

#[test]
fn harness_reports_wrong_severity_and_unknown_codes() {
    let page = fake_page(&bad_profile(" <!-- warning: [PM001] -->", ""));
    let failures = check_page_examples("fake.md", &page);
    assert!(
        failures.len() == 1 && failures[0].contains("expected warning [PM001]"),
        "{failures:#?}"
    );

    let page = fake_page(&bad_profile(" <!-- error: [PM099] -->", ""));
    let failures = check_page_examples("fake.md", &page);
    assert!(
        failures.len() == 1 && failures[0].contains("not a registered rule code"),
        "{failures:#?}"
    );
}

#[test]
fn harness_reports_unmarked_findings_and_extra_markers() {
    // No marker at all: the bad example is rejected before linting.
    let page = fake_page(&bad_profile("", ""));
    let failures = check_page_examples("fake.md", &page);
    assert!(
        failures.len() == 1 && failures[0].contains("needs at least one marker"),
        "{failures:#?}"
    );
    // A marker for a finding sflint does not report.
    let page = fake_page(&bad_profile(
        " <!-- error: [PM001] -->",
        " <!-- error: [PM005] -->",
    ));
    let failures = check_page_examples("fake.md", &page);
    assert!(
        failures.len() == 1 && failures[0].contains("expected error [PM005]"),
        "{failures:#?}"
    );
    // Two findings expected on one line, one reported.
    let page = fake_page(&bad_profile(" <!-- error: [PM001, PM001] -->", ""));
    let failures = check_page_examples("fake.md", &page);
    assert_eq!(failures.len(), 1, "{failures:#?}");
}

#[test]
fn harness_reports_findings_in_good_examples() {
    let page = fake_page(&bad_profile(" <!-- error: [PM001] -->", ""))
        .replace("<editable>true</editable>\n        <field>Account.Rating</field>\n        <readable>true</readable>",
                 "<editable>true</editable>\n        <field>Account.Rating</field>\n        <readable>false</readable>");
    let failures = check_page_examples("fake.md", &page);
    assert_eq!(failures.len(), 1, "{failures:#?}");
    assert!(
        failures[0].contains("example 2 (good")
            && failures[0].contains("a good example must produce no finding"),
        "{failures:#?}"
    );
}

#[test]
fn harness_parses_groups_configs_and_rejects_bad_syntax() {
    let page = r#"# X

## Example

Two files, one example:

```xml bad path="a/objects/Account/fields/A__c.field-meta.xml"
<a/>
```

```xml bad path="a/profiles/My Profile.profile-meta.xml"
<b/>
```

```toml sflint.toml
ignore = ["PM004"]
```

```xml bad path="a/profiles/Other.profile-meta.xml"
<c/>
```
```xml good path="a/profiles/Other.profile-meta.xml"
<d/>
```

```xml
not run
```
"#;
    let examples = parse_examples(page).expect("parses");
    assert_eq!(examples.len(), 3);
    assert_eq!(examples[0].files.len(), 2);
    assert_eq!(
        examples[0].files[1].path,
        "a/profiles/My Profile.profile-meta.xml"
    );
    assert_eq!(examples[0].files[1].first_line, 12);
    assert!(examples[0].config.is_none());
    let config = examples[1].config.as_ref().expect("a configuration");
    assert_eq!(config.text, "ignore = [\"PM004\"]\n");
    assert_eq!(
        (config.path.as_str(), config.first_line),
        ("sflint.toml", 16)
    );
    assert_eq!(examples[1].files.len(), 1);
    assert_eq!((examples[2].tag, examples[2].index), (Tag::Good, 3));

    for broken in [
        "## Example\n\n```xml bad path=a.xml\n<a/>\n```\n",
        "## Example\n\n```xml bad\n<a/>\n```\n",
        "## Example\n\n```toml sflint.toml\nx = 1\n```\n\ntext\n",
        "## Example\n\n```xml bad path=\"a.xml\"\n<a/>\n",
        "## How to fix\n\n```xml good path=\"a.xml\"\n<a/>\n```\n",
    ] {
        assert!(parse_examples(broken).is_err(), "accepted: {broken}");
    }
    assert!(line_markers("<a/> <!-- error: [PM001] --> trailing").is_err());
    assert!(line_markers("<a/> <!-- error: PM001 -->").is_err());
    assert!(line_markers("<a/> <!-- Error: [PM001] -->").is_err());
    assert_eq!(
        line_markers("<a/><!-- note --> <!-- error: [PM001, PM005] --><!-- warning: [PM004] -->")
            .unwrap()
            .found
            .len(),
        3
    );
    assert!(
        line_markers("<a/><!-- just a note -->")
            .unwrap()
            .found
            .is_empty()
    );
}

const WAVE_PATH: &str = "force-app/main/default/wave/Accounts.wdf";

/// A page whose bad example is a dataflow that extracts `Account.Tier__c`, which the
/// integration user profile doesn't mention (IU002 on the `Tier__c` line). `marked` is the
/// dataflow with its markers.
fn dataflow_page(marked: &str) -> String {
    format!(
        r#"# IU002 analytics-field-not-granted

## Example

```xml bad path="force-app/main/default/profiles/Analytics Cloud Integration User.profile-meta.xml"
<?xml version="1.0" encoding="UTF-8"?>
<Profile xmlns="http://soap.sforce.com/2006/04/metadata">
    <custom>false</custom>
    <userLicense>Analytics Cloud Integration User</userLicense>
</Profile>
```

```json bad path="{WAVE_PATH}"
{marked}```
"#
    )
}

const DATAFLOW: &str = r#"{
  "Extract_Account": {
    "action": "sfdcDigest",
    "parameters": {
      "object": "Account",
      "fields": [
        {"name": "Id"},
        {"name": "Tier__c"}
      ]
    }
  }
}
"#;

/// The dataflow with `marker` inserted as a line after line `after` (1-based).
fn dataflow_with(after: usize, marker: &str) -> String {
    let mut lines: Vec<&str> = DATAFLOW.lines().collect();
    lines.insert(after, marker);
    lines.join("\n") + "\n"
}

#[test]
fn harness_reads_standalone_markers_in_json() {
    // Under the `Tier__c` line (line 8): the marker line is removed, so the JSON is valid
    // and nothing but IU002 is reported.
    let page = dataflow_page(&dataflow_with(8, "        <!-- warning: [IU002] -->"));
    let failures = check_page_examples("fake.md", &page);
    let failures: Vec<_> = failures
        .into_iter()
        .filter(|f| !f.contains("needs at least one `good` example"))
        .collect();
    assert!(failures.is_empty(), "{failures:#?}");

    // Two standalone lines in a row mark the same line.
    let twice = dataflow_with(8, "<!-- warning: [IU002] -->\n<!-- warning: [IU002] -->");
    let failures = check_page_examples("fake.md", &dataflow_page(&twice));
    assert!(
        failures
            .iter()
            .any(|f| f.contains("expected warning [IU002] starting on")
                && f.contains(&format!("{WAVE_PATH} line 8"))),
        "{failures:#?}"
    );

    // Under the `Id` line (line 7): the finding on line 8 is unmarked.
    let page = dataflow_page(&dataflow_with(7, "<!-- warning: [IU002] -->"));
    let failures = check_page_examples("fake.md", &page);
    let f = failures
        .iter()
        .find(|f| f.contains("example 1 (bad"))
        .expect("the dataflow example fails");
    assert!(
        f.contains(&format!(
            "expected warning [IU002] starting on {WAVE_PATH} line 7"
        )),
        "{f}"
    );
    assert!(
        f.contains("finding without a marker: warning [IU002]"),
        "{f}"
    );
    assert!(f.contains(&format!("{WAVE_PATH}:8:")), "{f}");
    // The dataflow's first line is page line 14. Its line 8 as linted (without the marker
    // line) is shown on page line 22, below the marker.
    assert!(
        f.contains(&format!("{WAVE_PATH}:8:")) && f.contains("(page line 22)"),
        "{f}"
    );

    // A standalone marker needs a line above it.
    let page = dataflow_page(&format!("<!-- warning: [IU002] -->\n{DATAFLOW}"));
    let failures = check_page_examples("fake.md", &page);
    assert!(
        failures
            .iter()
            .any(|f| f.contains("marks the line above it, and there is none")),
        "{failures:#?}"
    );

    let m = line_markers("   <!-- warning: [IU002] --> <!-- error: [IU001] -->").unwrap();
    assert!(m.standalone);
    assert_eq!(m.found.len(), 2);
    assert!(
        !line_markers("x <!-- warning: [IU002] -->")
            .unwrap()
            .standalone
    );
    assert!(line_markers("<!-- Warning: [IU002] -->").is_err());
}

const MATRIX_CONFIG: &str = r#"```toml sflint.toml
[[integration.principal]]
name = "analytics"
profile = "Integration"

[classification]
access-matrix = "security/access-matrix.csv"
```
"#;

const INTEGRATION_PROFILE: &str = r#"```xml bad path="force-app/main/default/profiles/Integration.profile-meta.xml"
<?xml version="1.0" encoding="UTF-8"?>
<Profile xmlns="http://soap.sforce.com/2006/04/metadata">
    <custom>true</custom>
    <userLicense>Salesforce Integration</userLicense>
</Profile>
```
"#;

/// A field classified `Restricted` with a compliance group.
const SSN_FIELD: &str = r#"```xml bad path="force-app/main/default/objects/Contact/fields/SSN__c.field-meta.xml"
<?xml version="1.0" encoding="UTF-8"?>
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>SSN__c</fullName>
    <complianceGroup>PII</complianceGroup>
    <label>SSN</label>
    <securityClassification>Restricted</securityClassification>
    <type>Text</type>
</CustomField>
```
"#;

#[test]
fn harness_reads_the_configured_access_matrix() {
    let csv = |marker: &str| {
        format!(
            "```csv bad path=\"security/access-matrix.csv\"\nfield,classification,principal,access,justification,compliance_notes\nContact.SSN__c,Confidential,analytics,none,,\n{marker}```\n"
        )
    };
    // The matrix classifies the field `Confidential`; DC008 reports the row (line 2).
    let page = format!(
        "# DC008 access-matrix-mismatch\n\n## Example\n\n{MATRIX_CONFIG}\n{INTEGRATION_PROFILE}\n{SSN_FIELD}\n{}",
        csv("<!-- error: [DC008] -->\n")
    );
    let failures: Vec<_> = check_page_examples("fake.md", &page)
        .into_iter()
        .filter(|f| !f.contains("needs at least one `good` example"))
        .collect();
    assert!(failures.is_empty(), "{failures:#?}");

    // Unmarked, the finding in the CSV is reported.
    let page = page.replace("<!-- error: [DC008] -->\n", "");
    let failures = check_page_examples("fake.md", &page);
    assert!(
        failures
            .iter()
            .any(|f| f.contains("needs at least one marker")),
        "{failures:#?}"
    );

    // Without the configuration, a CSV is not something sflint reads.
    let page = format!(
        "# DC008 access-matrix-mismatch\n\n## Example\n\n{INTEGRATION_PROFILE}\n{SSN_FIELD}\n{}",
        csv("<!-- error: [DC008] -->\n")
    );
    let failures = check_page_examples("fake.md", &page);
    assert!(
        failures
            .iter()
            .any(|f| f.contains("`security/access-matrix.csv` is not a path sflint reads")),
        "{failures:#?}"
    );

    // With the configuration, the example must show the matrix.
    let page = format!(
        "# DC008 access-matrix-mismatch\n\n## Example\n\n{MATRIX_CONFIG}\n{INTEGRATION_PROFILE}\n{SSN_FIELD}"
    )
    .replace("<securityClassification>Restricted</securityClassification>", "<securityClassification>Restricted</securityClassification> <!-- error: [DC008] -->");
    let failures = check_page_examples("fake.md", &page);
    assert!(
        failures
            .iter()
            .any(|f| f.contains("but no file of the example has that path")),
        "{failures:#?}"
    );
}

/// A configured principal whose permission set is not in the project (IU006 in
/// sflint.toml, line 4). `marker` ends that line.
fn unresolved_config_page(tag: &str, marker: &str) -> String {
    format!(
        r#"# IU006 integration-principal-unresolved

## Example

```toml sflint.toml
[[integration.principal]]
name = "analytics"
profile = "Integration"
permission-sets = ["CRMA_Extract"]{marker}
```

```xml {tag} path="force-app/main/default/profiles/Integration.profile-meta.xml"
<?xml version="1.0" encoding="UTF-8"?>
<Profile xmlns="http://soap.sforce.com/2006/04/metadata">
    <custom>true</custom>
    <userLicense>Salesforce Integration</userLicense>
</Profile>
```
"#
    )
}

#[test]
fn harness_matches_findings_in_sflint_toml() {
    let only_example = |failures: Vec<String>| -> Vec<String> {
        failures
            .into_iter()
            .filter(|f| !f.contains("needs at least one `"))
            .collect()
    };
    let failures = only_example(check_page_examples(
        "fake.md",
        &unresolved_config_page("bad", " # error: [IU006]"),
    ));
    assert!(failures.is_empty(), "{failures:#?}");

    // In a good example, the finding in sflint.toml is reported, with its page line.
    let failures = only_example(check_page_examples(
        "fake.md",
        &unresolved_config_page("good", ""),
    ));
    assert_eq!(failures.len(), 1, "{failures:#?}");
    assert!(
        failures[0].contains(
            "a good example must produce no finding, but got error [IU006] at sflint.toml:4:"
        ) && failures[0].contains("(page line 9)"),
        "{failures:#?}"
    );

    // Markers in the configuration of a good example are rejected.
    let failures = only_example(check_page_examples(
        "fake.md",
        &unresolved_config_page("good", " # error: [IU006]"),
    ));
    assert!(
        failures.len() == 1 && failures[0].contains("a good example cannot have markers"),
        "{failures:#?}"
    );

    // The wrong severity fails.
    let failures = only_example(check_page_examples(
        "fake.md",
        &unresolved_config_page("bad", " # warning: [IU006]"),
    ));
    assert!(
        failures.len() == 1
            && failures[0]
                .contains("expected warning [IU006] starting on sflint.toml line 4 (page line 9)"),
        "{failures:#?}"
    );

    // What the TOML marker reader accepts.
    assert_eq!(
        toml_line_markers("a = 1 # error: [IU006]").unwrap().len(),
        1
    );
    assert!(
        toml_line_markers("a = 1 # just a comment")
            .unwrap()
            .is_empty()
    );
    assert!(
        toml_line_markers("a = \"x # error: [IU006]\"")
            .unwrap()
            .is_empty()
    );
    assert!(
        toml_line_markers("a = 'x # error: [IU006]'")
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        toml_line_markers("a = \"q\\\"# \" # error: [IU006, IU006]")
            .unwrap()
            .len(),
        2
    );
    assert!(toml_line_markers("# error: [IU006]").is_err());
    assert!(toml_line_markers("a = 1 # Error: [IU006]").is_err());
    assert!(toml_line_markers("a = 1 # error: [IU006] see above").is_err());
    assert!(toml_line_markers("a = 1 # error: IU006").is_err());
}

const ACIU_PATH: &str =
    "force-app/main/default/profiles/Analytics Cloud Integration User.profile-meta.xml";

/// The integration user profile with `Account.Tier__c` readable or not; `marker` ends the
/// `readable` line (line 6).
fn aciu_block(tag: &str, readable: bool, marker: &str) -> String {
    format!(
        r#"```xml {tag} path="{ACIU_PATH}"
<?xml version="1.0" encoding="UTF-8"?>
<Profile xmlns="http://soap.sforce.com/2006/04/metadata">
    <fieldPermissions>
        <editable>false</editable>
        <field>Account.Tier__c</field>
        <readable>{readable}</readable>{marker}
    </fieldPermissions>
    <userLicense>Analytics Cloud Integration User</userLicense>
</Profile>
```
"#
    )
}

/// A page whose one example revokes read on `Account.Tier__c` compared with its base.
fn revoked_page(base_marker: &str, head_marker: &str) -> String {
    format!(
        "# IU007 integration-access-revoked\n\n## Example\n\n{}\n{}",
        aciu_block("base", true, base_marker),
        aciu_block("bad", false, head_marker)
    )
}

#[test]
fn harness_lints_examples_against_their_base() {
    let only_example = |failures: Vec<String>| -> Vec<String> {
        failures
            .into_iter()
            .filter(|f| !f.contains("needs at least one `"))
            .collect()
    };
    let failures = only_example(check_page_examples(
        "fake.md",
        &revoked_page("", " <!-- error: [IU007] -->"),
    ));
    assert!(failures.is_empty(), "{failures:#?}");

    // The wrong severity fails, and the failure shows the related label in the base with its
    // page line (the base's line 6 is page line 11).
    let failures = only_example(check_page_examples(
        "fake.md",
        &revoked_page("", " <!-- warning: [IU007] -->"),
    ));
    assert_eq!(failures.len(), 1, "{failures:#?}");
    let f = &failures[0];
    assert!(
        f.contains(&format!(
            "expected warning [IU007] starting on {ACIU_PATH} line 6 (page line 23)"
        )),
        "{f}"
    );
    assert!(
        f.contains("finding without a marker: error [IU007]")
            && f.contains(&format!("related: base:{ACIU_PATH}:6:"))
            && f.contains("(page line 11): base: read granted here"),
        "{f}"
    );

    // Without the base block nothing is compared: the marked finding is not reported.
    let page = format!(
        "# IU007 integration-access-revoked\n\n## Example\n\n{}",
        aciu_block("bad", false, " <!-- error: [IU007] -->")
    );
    let failures = only_example(check_page_examples("fake.md", &page));
    assert!(
        failures.len() == 1 && failures[0].contains("but sflint reports none there"),
        "{failures:#?}"
    );

    // Markers in a base block are rejected, well-formed or not.
    for marker in [" <!-- error: [IU007] -->", " <!-- Error: [IU007] -->"] {
        let failures = only_example(check_page_examples(
            "fake.md",
            &revoked_page(marker, " <!-- error: [IU007] -->"),
        ));
        assert!(
            failures.len() == 1
                && failures[0].contains(&format!(
                    "base:{ACIU_PATH} line 6 (page line 11): a `base` block holds no markers"
                )),
            "{failures:#?}"
        );
    }

    // A base path sflint doesn't read, and the same base path twice.
    let page = revoked_page("", " <!-- error: [IU007] -->").replace(
        "```xml base path=\"force-app",
        "```xml base path=\"notes.txt\"\n```\n\n```xml base path=\"force-app",
    );
    let failures = only_example(check_page_examples("fake.md", &page));
    assert!(
        failures.len() == 1
            && failures[0].contains("base file `notes.txt` is not a path sflint reads"),
        "{failures:#?}"
    );
    let page = format!(
        "# IU007 integration-access-revoked\n\n## Example\n\n{}\n{}\n{}",
        aciu_block("base", true, ""),
        aciu_block("base", true, ""),
        aciu_block("bad", false, " <!-- error: [IU007] -->")
    );
    let failures = only_example(check_page_examples("fake.md", &page));
    assert!(
        failures.len() == 1 && failures[0].contains("appears twice in one base"),
        "{failures:#?}"
    );
}

#[test]
fn harness_parses_base_blocks_in_order() {
    let page = r#"# X

## Example

```xml bad path="a/profiles/A.profile-meta.xml"
<a/>
```

```toml sflint.toml
ignore = ["PM004"]
```

```xml base path="a/profiles/A.profile-meta.xml"
<old/>
```

```xml base path="a/permissionsets/P.permissionset-meta.xml"
<old/>
```
```xml bad path="a/profiles/A.profile-meta.xml"
<new/>
```

```xml bad path="a/permissionsets/P.permissionset-meta.xml"
<new/>
```

```xml base path="a/profiles/A.profile-meta.xml"
<old/>
```

```xml good path="a/profiles/A.profile-meta.xml"
<new/>
```
"#;
    let examples = parse_examples(page).expect("parses");
    assert_eq!(examples.len(), 3);
    // A base block ends the example before it, even one with the same tag.
    assert!(examples[0].base.is_empty() && examples[0].config.is_none());
    assert_eq!(examples[0].files.len(), 1);
    let ex = &examples[1];
    assert!(ex.config.is_some());
    assert_eq!(ex.base.len(), 2);
    assert_eq!(
        (ex.base[1].path.as_str(), ex.base[1].text.as_str()),
        ("a/permissionsets/P.permissionset-meta.xml", "<old/>\n")
    );
    assert_eq!(ex.base[0].first_line, 14);
    assert_eq!((ex.tag, ex.files.len()), (Tag::Bad, 2));
    assert_eq!((examples[2].tag, examples[2].base.len()), (Tag::Good, 1));

    for (broken, says) in [
        (
            "## Example\n\n```xml base path=\"a.xml\"\n<a/>\n```\n\ntext\n",
            "`base` blocks must be directly followed by an example block",
        ),
        (
            "## Example\n\n```xml base path=\"a.xml\"\n<a/>\n```\n",
            "`base` blocks must be directly followed by an example block",
        ),
        (
            "## Example\n\n```xml base path=\"a.xml\"\n<a/>\n```\n\n```toml sflint.toml\nx = 1\n```\n\n```xml bad path=\"a.xml\"\n<a/>\n```\n",
            "the `toml sflint.toml` block goes before the example's `base` blocks",
        ),
        (
            "## Example\n\n```xml base path=\"a.xml\"\n<a/>\n```\n\n```xml\nnot run\n```\n\n```xml bad path=\"a.xml\"\n<a/>\n```\n",
            "`base` blocks must be directly followed by an example block",
        ),
        (
            "## How to fix\n\n```xml base path=\"a.xml\"\n<a/>\n```\n\n```xml good path=\"a.xml\"\n<a/>\n```\n",
            "belong under `## Example`",
        ),
        ("## Example\n\n```xml base\n<a/>\n```\n", "missing path="),
        (
            "## Example\n\n```xml before path=\"a.xml\"\n<a/>\n```\n",
            "`<lang> base path=",
        ),
    ] {
        match parse_examples(broken) {
            Ok(_) => panic!("accepted: {broken}"),
            Err(errors) => assert!(errors.iter().any(|e| e.contains(says)), "{errors:#?}"),
        }
    }
}
