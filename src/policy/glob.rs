//! Name globs in policies: `*`, `?`, `[abc]` and `{a,b}`, matched case-insensitively
//! against principal, license, object and field names.

use globset::{GlobBuilder, GlobMatcher};

/// One or more globs; a name matches when any of them does.
#[derive(Debug, Clone)]
pub struct NameGlobs {
    globs: Vec<(String, GlobMatcher)>,
}

impl NameGlobs {
    /// Compile the patterns; the error names the first bad one and why.
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a str>) -> Result<NameGlobs, GlobError> {
        let mut globs = Vec::new();
        for (index, p) in patterns.into_iter().enumerate() {
            let p = p.trim();
            if p.is_empty() {
                return Err(GlobError {
                    index,
                    message: "an empty pattern matches nothing".into(),
                });
            }
            let glob = GlobBuilder::new(p)
                .case_insensitive(true)
                .literal_separator(false)
                .build()
                .map_err(|e| GlobError {
                    index,
                    message: format!("`{p}` is not a valid glob: {}", e.kind()),
                })?;
            globs.push((p.to_string(), glob.compile_matcher()));
        }
        Ok(NameGlobs { globs })
    }

    pub fn is_match(&self, name: &str) -> bool {
        self.globs.iter().any(|(_, m)| m.is_match(name))
    }

    /// The patterns as written.
    pub fn patterns(&self) -> impl Iterator<Item = &str> {
        self.globs.iter().map(|(p, _)| p.as_str())
    }
}

/// Which pattern (index in the list) is bad, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlobError {
    pub index: usize,
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_case_insensitively() {
        let g = NameGlobs::new(["Admin", "Custom: *"]).unwrap();
        assert!(g.is_match("admin"));
        assert!(g.is_match("Custom: Sales"));
        assert!(!g.is_match("Standard"));
        let f = NameGlobs::new(["Contact.SSN*"]).unwrap();
        assert!(f.is_match("contact.ssn__c"));
    }

    #[test]
    fn bad_globs_say_which() {
        let e = NameGlobs::new(["ok", "a[b"]).unwrap_err();
        assert_eq!(e.index, 1);
        assert!(e.message.contains("a[b"), "{}", e.message);
        assert_eq!(NameGlobs::new(["", "x"]).unwrap_err().index, 0);
    }
}
