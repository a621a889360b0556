//! Group a page's example blocks into examples (see the conventions in `harness/mod.rs`).

use super::markdown::{Piece, split_pieces};

/// Example blocks are only allowed under this heading.
pub const EXAMPLE_SECTION: &str = "## Example";

/// The path under which sflint reports findings in an example's configuration block.
pub const CONFIG_PATH: &str = sflint::config::CONFIG_FILE;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Bad,
    Good,
}

impl Tag {
    pub fn as_str(self) -> &'static str {
        match self {
            Tag::Bad => "bad",
            Tag::Good => "good",
        }
    }
}

#[derive(Debug, Clone)]
pub struct ExampleFile {
    pub path: String,
    pub text: String,
    /// Page line of the file's first line.
    pub first_line: usize,
}

impl ExampleFile {
    pub fn page_line(&self, line: usize) -> usize {
        self.first_line + line - 1
    }
}

#[derive(Debug, Clone)]
pub struct Example {
    /// 1-based position among the page's examples.
    pub index: usize,
    pub tag: Tag,
    /// The `toml sflint.toml` block before the example, as a file named `sflint.toml`.
    pub config: Option<ExampleFile>,
    /// The `base` blocks before the example: the files as they were in the base. Empty
    /// when the example is linted without a base.
    pub base: Vec<ExampleFile>,
    pub files: Vec<ExampleFile>,
    /// The `fixed` blocks after a bad example: its files after every fix of its findings.
    pub fixed: Vec<ExampleFile>,
}

impl Example {
    pub fn page_line(&self) -> usize {
        self.files[0].first_line - 1
    }
}

/// What an info string says.
#[derive(Debug, PartialEq, Eq)]
pub enum Info {
    /// `toml sflint.toml`
    Config,
    /// `<lang> base path="..."`
    Base(String),
    /// `<lang> bad|good path="..."`
    Example(Tag, String),
    /// `<lang> fixed path="..."`
    Fixed(String),
    /// Any other block (illustration only, never run).
    Other,
}

/// Split an info string into words; a double-quoted part may contain spaces.
pub fn info_words(info: &str) -> Result<Vec<String>, String> {
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

pub fn parse_info(info: &str) -> Result<Info, String> {
    let words = info_words(info)?;
    if words == ["toml", "sflint.toml"] {
        return Ok(Info::Config);
    }
    // `None` for a base block (`Some(None)`: a fixed block).
    let tag = match words.get(1).map(String::as_str) {
        Some("bad") => Some(Some(Tag::Bad)),
        Some("good") => Some(Some(Tag::Good)),
        Some("fixed") => Some(None),
        Some("base") => None,
        _ => {
            // Catch near misses instead of silently treating them as illustrations.
            if words.iter().any(|w| {
                ["bad", "good", "base", "fixed"].contains(&w.as_str()) || w.starts_with("path=")
            }) {
                return Err(format!(
                    "info string `{info}`: write `<lang> bad path=\"...\"`, `<lang> good path=\"...\"`, `<lang> fixed path=\"...\"` or `<lang> base path=\"...\"`"
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
        Some(Some(tag)) => Info::Example(tag, path),
        Some(None) => Info::Fixed(path),
        None => Info::Base(path),
    })
}

/// Blocks waiting for the example they belong to: its configuration, then its base.
#[derive(Default)]
pub struct Pending {
    /// Page line of the opening fence and the text of a `toml sflint.toml` block.
    pub config: Option<(usize, String)>,
    pub base: Vec<ExampleFile>,
}

impl Pending {
    /// Something other than an example block came next: what is pending belongs to nothing.
    pub fn orphan(&mut self, errors: &mut Vec<String>) {
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
pub fn parse_examples(page: &str) -> Result<Vec<Example>, Vec<String>> {
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
                    Info::Fixed(path) => {
                        let file = ExampleFile {
                            path,
                            text: fence.body,
                            first_line: fence.open_line + 1,
                        };
                        match &mut current {
                            Some(ex) if ex.tag == Tag::Bad => ex.fixed.push(file),
                            _ => errors.push(format!(
                                "line {}: a `fixed` block goes right after a bad example (blank lines only in between)",
                                fence.open_line
                            )),
                        }
                    }
                    Info::Example(tag, path) => {
                        let file = ExampleFile {
                            path,
                            text: fence.body,
                            first_line: fence.open_line + 1,
                        };
                        match &mut current {
                            // A fixed block ends its example.
                            Some(ex) if ex.tag == tag && ex.fixed.is_empty() => ex.files.push(file),
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
                                    fixed: Vec::new(),
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
