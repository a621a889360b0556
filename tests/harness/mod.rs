//! The Markdown page harness, shared by `tests/rule_docs.rs` (the rule pages in `rules/`),
//! `tests/packs.rs` (the pack pages in `rules/packs/`) and the README's policy examples.
//!
//! - [`markdown`] splits a page into prose lines and fenced code blocks;
//! - [`examples`] groups the fenced `bad`/`good`/`base`/`sflint.toml` blocks into examples;
//! - [`markers`] reads the markers that announce an example's findings;
//! - [`prepare`] turns an example's blocks into the files sflint lints, and its markers;
//! - [`run`] lints an example and compares its findings with its markers;
//! - [`pages`] checks a page's sections and links, and rewrites a rule page's header;
//! - [`index`] checks and rewrites the rules index table in `rules/README.md`;
//! - [`policies`] compiles the `[[policy]]` blocks of a page or of the README.
//!
//! Example conventions (what [`examples::parse_examples`] accepts):
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
//!   list) is rejected rather than ignored, and so is a code that
//!   the example's configuration does not know: a built-in rule, a pack's rule or one of the
//!   configuration's own `[[policy]]` codes.
//! - A bad example must have at least one marker and produce exactly the marked findings;
//!   a good example must have no marker and produce no finding at all.
//! - A ```` ```xml fixed path="<path>" ```` block right after a bad example (blank lines
//!   only in between) shows that file after every fix of the example's findings, safe and
//!   unsafe, as `sflint check --fix --unsafe-fixes` writes it (see [`fixed`]). A file the
//!   fixes change must have one; a fixed block ends its example.
#![allow(dead_code)]

pub mod examples;
pub mod fixed;
pub mod index;
pub mod markdown;
pub mod markers;
pub mod pages;
pub mod policies;
pub mod prepare;
pub mod run;

/// `SFLINT_BLESS` is set (to anything but `0` or nothing): checks that can rewrite what they
/// check from the registry do so instead of failing.
pub fn blessing() -> bool {
    std::env::var_os("SFLINT_BLESS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Fail with every problem, one paragraph each.
pub fn fail_if_any(what: &str, failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{what}: {} problem(s)\n\n{}\n",
        failures.len(),
        failures.join("\n\n")
    );
}
