//! The enums the model reads, as Salesforce spells them: session security levels
//! (`ProfileSessionSetting`, External Client App policies) and Shield encryption schemes
//! (`CustomField.encryptionScheme`).

/// A session security level, lowest first: `LOW` < `STANDARD` < `HIGH_ASSURANCE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SessionLevel {
    Low,
    Standard,
    HighAssurance,
}

impl SessionLevel {
    /// Every level, lowest first.
    pub const ALL: [SessionLevel; 3] = [
        SessionLevel::Low,
        SessionLevel::Standard,
        SessionLevel::HighAssurance,
    ];

    /// The API names, lowest first (`requiredSessionLevel` values).
    pub const NAMES: &'static [&'static str] = &["LOW", "STANDARD", "HIGH_ASSURANCE"];

    pub fn api_name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// The level an API name stands for, ignoring case and surrounding blanks.
    pub fn parse(value: &str) -> Option<SessionLevel> {
        let value = value.trim();
        Self::ALL
            .into_iter()
            .find(|l| l.api_name().eq_ignore_ascii_case(value))
    }
}

/// `encryptionScheme` values of a custom field (Shield Platform Encryption).
pub const ENCRYPTION_SCHEMES: &[&str] = &[
    "None",
    "ProbabilisticEncryption",
    "CaseSensitiveDeterministicEncryption",
    "CaseInsensitiveDeterministicEncryption",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_are_ordered_and_named() {
        assert!(SessionLevel::Low < SessionLevel::HighAssurance);
        for level in SessionLevel::ALL {
            assert_eq!(SessionLevel::parse(level.api_name()), Some(level));
        }
        assert_eq!(
            SessionLevel::parse(" high_assurance "),
            Some(SessionLevel::HighAssurance)
        );
        assert_eq!(SessionLevel::parse("HIGH"), None);
    }
}
