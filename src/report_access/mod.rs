//! `sflint explain` and `sflint access-diff`: the effective access sflint computes
//! (profile ∪ permission sets ∪ groups − muting, see [`crate::access`]), shown with the
//! file and element that decide it, for one principal and subject or for every change
//! between a base and the working tree.

pub mod diff;
pub mod explain;
mod frame;
mod principals;
mod render;
mod subject;
mod ways;

use serde::Serialize;

use crate::model::Loc;
use crate::pipeline::LoadedProject;

pub use diff::{AccessDiff, DiffOptions, FailOn, PrincipalFilter};
pub use explain::{Explainer, Explanation};
pub use principals::{Who, WhoKind};
pub use render::{MARKDOWN_LIMIT, render_json, render_markdown, render_text};
pub use subject::Subject;

/// Where an element is: the file as shown, and its 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct At {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl At {
    pub fn of(project: &LoadedProject, loc: Loc) -> At {
        match project.source(loc) {
            Some(f) => {
                let lc = f.line_col(loc.span.start);
                At {
                    file: f.display.clone(),
                    line: lc.line,
                    column: lc.column,
                }
            }
            None => At {
                file: String::new(),
                line: 0,
                column: 0,
            },
        }
    }

    /// `path:line`.
    pub fn short(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }
}
