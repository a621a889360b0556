//! Message and help templates: `{principal}`, `{kind}`, `{file}`, `{object}`, `{field}`,
//! `{permission}`, `{level}` and `{element}` are filled in per finding; `{{` and `}}`
//! stand for braces. Which placeholders a policy may use depends on its subject, and an
//! unknown or unavailable one is a load error.

/// A placeholder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Var {
    Principal,
    Kind,
    File,
    Object,
    Field,
    Permission,
    Level,
    Element,
}

pub const ALL_VARS: [Var; 8] = [
    Var::Principal,
    Var::Kind,
    Var::File,
    Var::Object,
    Var::Field,
    Var::Permission,
    Var::Level,
    Var::Element,
];

impl Var {
    pub fn name(self) -> &'static str {
        match self {
            Var::Principal => "principal",
            Var::Kind => "kind",
            Var::File => "file",
            Var::Object => "object",
            Var::Field => "field",
            Var::Permission => "permission",
            Var::Level => "level",
            Var::Element => "element",
        }
    }

    fn parse(name: &str) -> Option<Var> {
        ALL_VARS.into_iter().find(|v| v.name() == name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Var(Var),
}

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pieces: Vec<Piece>,
    /// As written.
    pub source: String,
}

/// Why a template is rejected: the message and the byte range in the template text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    pub message: String,
    pub at: std::ops::Range<usize>,
}

impl Template {
    /// Parse `text`, allowing only the placeholders in `allowed`.
    pub fn parse(text: &str, allowed: &[Var]) -> Result<Template, TemplateError> {
        let mut pieces = Vec::new();
        let mut lit = String::new();
        let mut rest = text.char_indices().peekable();
        while let Some((i, c)) = rest.next() {
            match c {
                '{' if rest.peek().is_some_and(|&(_, n)| n == '{') => {
                    rest.next();
                    lit.push('{');
                }
                '}' if rest.peek().is_some_and(|&(_, n)| n == '}') => {
                    rest.next();
                    lit.push('}');
                }
                '{' => {
                    let Some(len) = text[i + 1..].find('}') else {
                        return Err(TemplateError {
                            message: "`{` opens a placeholder that is never closed (write `{{` for a brace)".into(),
                            at: i..text.len(),
                        });
                    };
                    let name = &text[i + 1..i + 1 + len];
                    let at = i..i + len + 2;
                    let Some(var) = Var::parse(name.trim()) else {
                        let known: Vec<String> = allowed
                            .iter()
                            .map(|v| format!("{{{}}}", v.name()))
                            .collect();
                        return Err(TemplateError {
                            message: format!(
                                "`{{{name}}}` is not a placeholder; use {}",
                                known.join(", ")
                            ),
                            at,
                        });
                    };
                    if !allowed.contains(&var) {
                        return Err(TemplateError {
                            message: format!(
                                "`{{{}}}` has no value for this policy's subject",
                                var.name()
                            ),
                            at,
                        });
                    }
                    for _ in 0..len + 1 {
                        rest.next();
                    }
                    if !lit.is_empty() {
                        pieces.push(Piece::Text(std::mem::take(&mut lit)));
                    }
                    pieces.push(Piece::Var(var));
                }
                '}' => {
                    return Err(TemplateError {
                        message: "a lone `}` (write `}}` for a brace)".into(),
                        at: i..i + 1,
                    });
                }
                c => lit.push(c),
            }
        }
        if !lit.is_empty() {
            pieces.push(Piece::Text(lit));
        }
        Ok(Template {
            pieces,
            source: text.to_string(),
        })
    }

    /// Fill in the placeholders; one without a value reads `-`.
    pub fn render(&self, value: impl Fn(Var) -> Option<String>) -> String {
        let mut out = String::new();
        for p in &self.pieces {
            match p {
                Piece::Text(t) => out.push_str(t),
                Piece::Var(v) => out.push_str(value(*v).as_deref().unwrap_or("-")),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_and_braces_escaped() {
        let t = Template::parse("{principal} has {permission} {{ok}}", &ALL_VARS).unwrap();
        let s = t.render(|v| match v {
            Var::Principal => Some("Sales".into()),
            Var::Permission => Some("ModifyAllData".into()),
            _ => None,
        });
        assert_eq!(s, "Sales has ModifyAllData {ok}");
    }

    #[test]
    fn unknown_and_unavailable_placeholders_are_errors() {
        let e = Template::parse("x {princpal} y", &ALL_VARS).unwrap_err();
        assert_eq!(e.at, 2..12);
        assert!(e.message.contains("{princpal}"), "{}", e.message);
        let e = Template::parse("{field}", &[Var::Principal]).unwrap_err();
        assert!(e.message.contains("no value"), "{}", e.message);
        assert!(Template::parse("{principal", &ALL_VARS).is_err());
        assert!(Template::parse("a } b", &ALL_VARS).is_err());
    }
}
