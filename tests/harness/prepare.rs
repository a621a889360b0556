//! An example's blocks as the files sflint lints, with the markers taken out.

use super::examples::ExampleFile;
use super::markers::{LineMarkers, Marker, line_markers, toml_line_markers};

/// What sflint puts before the path of a file of an in-memory base.
pub const BASE_PREFIX: &str = "base:";

/// An example file as sflint gets it: standalone marker lines taken out.
#[derive(Debug, Clone)]
pub struct Linted {
    pub path: String,
    pub text: String,
    /// The page line of each line of `text`.
    pub page_lines: Vec<usize>,
}

impl Linted {
    pub fn page_line(&self, line: usize) -> usize {
        match line.checked_sub(1).and_then(|i| self.page_lines.get(i)) {
            Some(&n) => n,
            // Past the last line: just after it.
            None => self.page_lines.last().map_or(0, |n| n + 1),
        }
    }
}

/// Take the markers out of an example file (index `f`). `errors` gets the malformed ones.
pub fn prepare_file(
    f: usize,
    file: &ExampleFile,
    errors: &mut Vec<String>,
) -> (Linted, Vec<Marker>) {
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
pub fn prepare_config(
    f: usize,
    file: &ExampleFile,
    errors: &mut Vec<String>,
) -> (Linted, Vec<Marker>) {
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

/// The base blocks as sflint shows them (`base:<path>`), for page lines in messages. Base
/// blocks hold no markers: any line that has one (or something like one) is a problem.
pub fn prepare_base(file: &ExampleFile, problems: &mut Vec<String>) -> Linted {
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
