//! A page as prose lines and fenced code blocks, and the links in a line.

/// A fenced code block.
#[derive(Debug, Clone)]
pub struct Fence {
    /// The info string after the opening backticks, trimmed.
    pub info: String,
    /// The lines between the fences, each ending in `\n`.
    pub body: String,
    /// 1-based page line of the opening fence.
    pub open_line: usize,
}

/// A page split into lines outside fences and fenced blocks, in order.
#[derive(Debug, Clone)]
pub enum Piece {
    Line { line: usize, text: String },
    Fence(Fence),
}

/// `Some((backtick count, rest))` when the line opens or closes a backtick fence (up to three
/// spaces of indentation, as in CommonMark).
pub fn fence_marker(line: &str) -> Option<(usize, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let ticks = rest.len() - rest.trim_start_matches('`').len();
    (ticks >= 3).then(|| (ticks, &rest[ticks..]))
}

pub fn split_pieces(page: &str) -> Result<Vec<Piece>, String> {
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

/// `[text](target)` links in a line.
pub fn links(line: &str) -> Vec<(&str, &str)> {
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
