//! Does a field look sensitive by its name? Names are compared word by word, and a match
//! counts only when the sensitive words describe the field's own data, not something the
//! field qualifies or points to:
//!
//! - a reference (`Lookup`, `MasterDetail`, ...) holds an ID, not the data;
//! - a qualifier after the match makes the field about something else: its type, code,
//!   category or status (`NationalIdType`), the provider's name (`CreditScoreProviderName`),
//!   a set of reference data (`DiagnosisCodeSetId`), staff or a facility (`Medical_Staff_Category__c`);
//! - business context before the match (`WorkersCompMedicalClaims`, `Company_Tax_ID__c`),
//!   a thing (`Asset_Birth_date__c`) or a limit (`PayGrade.MinimumSalary`),
//!   or an object that describes businesses or reference data (`DandBCompany`,
//!   `BusinessProfile`, `CareBarrierType`), is not personal data.

use crate::config::Classification;
use crate::model::FieldDef;
use crate::salesforce::inventory::ComponentType;

/// Field types that hold a reference to another record, not the data itself.
const REFERENCE_TYPES: &[&str] = &[
    "Lookup",
    "MasterDetail",
    "Hierarchy",
    "ExternalLookup",
    "IndirectLookup",
    "MetadataRelationship",
];

/// Words after a match that make the field describe something else than the sensitive data.
pub const QUALIFIERS_AFTER: &[&str] = &[
    "type",
    "types",
    "kind",
    "set",
    "category",
    "categories",
    "class",
    "status",
    "provider",
    "providers",
    "bureau",
    "agency",
    "vendor",
    "staff",
    "specialty",
    "speciality",
    "facility",
    "center",
    "centre",
    "department",
];

/// Words before a match that put it in a business context, make it about a thing rather
/// than a person (`BMC_BaseElement__c.Asset_Birth_date__c`), or make it a limit or band
/// rather than a person's value (`PayGrade.MinimumSalary`).
pub const CONTEXT_BEFORE: &[&str] = &[
    "business",
    "company",
    "corporate",
    "employer",
    "workers",
    "organization",
    "organisation",
    "vendor",
    "supplier",
    "asset",
    "product",
    "device",
    "equipment",
    "minimum",
    "maximum",
    "min",
    "max",
];

/// Words of an object name that make it an object about businesses.
const BUSINESS_OBJECT_WORDS: &[&str] = &["business", "company", "organization", "organisation"];

/// Last words of an object name that make it reference data (a list of types or codes).
const REFERENCE_OBJECT_ENDINGS: &[&str] = &["type", "types", "code", "codes", "category"];

/// Words of an API name or label, lower case: `DateOfBirth__c` -> date, of, birth;
/// `SSNLast4__c` -> ssn, last4; `Tax_ID__c` -> tax, id. A `__c`-style suffix (`__c`,
/// `__pc`, `__s`, ...) and a namespace prefix are dropped.
pub fn words(name: &str) -> Vec<String> {
    let mut base = name;
    if let Some((head, suffix)) = base.rsplit_once("__")
        && !head.is_empty()
        && (1..=3).contains(&suffix.len())
        && suffix.chars().all(|c| c.is_ascii_alphabetic())
    {
        base = head;
    }
    if let Some((_, rest)) = base.split_once("__") {
        base = rest; // namespace prefix
    }
    let mut out = Vec::new();
    let finish = |word: String, out: &mut Vec<String>| {
        if word.is_ascii() {
            let mut word = word;
            word.make_ascii_lowercase();
            out.push(word);
        } else {
            out.push(word.to_lowercase());
        }
    };
    for part in base.split(|c: char| !c.is_alphanumeric()) {
        let mut word = String::new();
        let mut prev: Option<char> = None;
        let mut chars = part.chars().peekable();
        while let Some(c) = chars.next() {
            let next = chars.peek().copied();
            let boundary = c.is_uppercase()
                && prev.is_some_and(|p| {
                    p.is_lowercase() || (p.is_uppercase() && next.is_some_and(char::is_lowercase))
                });
            if boundary && !word.is_empty() {
                finish(std::mem::take(&mut word), &mut out);
            }
            word.push(c);
            prev = Some(c);
        }
        if !word.is_empty() {
            finish(word, &mut out);
        }
    }
    out
}

/// The configured sensitive names, each split into its words once: a rule that asks about
/// every field of a project builds one and asks it.
pub struct SensitiveNames<'p> {
    /// Each pattern with its words (`social_security` -> social, security); a pattern
    /// without words matches nothing.
    patterns: Vec<(&'p str, Vec<&'p str>)>,
}

impl<'p> SensitiveNames<'p> {
    pub fn new(c: &'p Classification) -> Self {
        Self::of(&c.sensitive_names)
    }

    /// `patterns` are lower-case words joined by `_` or spaces (`ssn`, `social_security`).
    pub fn of(patterns: &'p [String]) -> Self {
        let patterns = patterns
            .iter()
            .map(|p| {
                let want = p.split(['_', ' ']).filter(|w| !w.is_empty()).collect();
                (p.as_str(), want)
            })
            .filter(|(_, want): &(&str, Vec<&str>)| !want.is_empty())
            .collect();
        SensitiveNames { patterns }
    }

    /// The pattern a field matches by its API name or label, if any.
    pub fn find(&self, def: &FieldDef) -> Option<&'p str> {
        self.find_in(
            &def.object,
            &def.name,
            def.label.as_ref().map(|l| l.value.as_str()),
            def.field_type.as_ref().map(|t| t.value.as_str()),
        )
    }

    /// [`SensitiveNames::find`] on plain values.
    pub fn find_in(
        &self,
        object: &str,
        name: &str,
        label: Option<&str>,
        field_type: Option<&str>,
    ) -> Option<&'p str> {
        if self.patterns.is_empty()
            || field_type.is_some_and(|t| REFERENCE_TYPES.iter().any(|r| r.eq_ignore_ascii_case(t)))
            // A custom metadata type's records are configuration deployed with the
            // metadata (a tax ID's display name, a salary band's label), not data about
            // people.
            || ComponentType::of_object(object) == Some(ComponentType::CustomMetadataType)
        {
            return None;
        }
        // A standard field whose name ends in `Id` after the match is a reference:
        // `DiagnosisCodeSetId`. A custom `Passport_ID__c` is the identifier itself.
        let standard = !name.contains("__");
        let name_words = words(name);
        let mut label_words: Option<Vec<String>> = None;
        let matched = self.patterns.iter().find_map(|(pattern, want)| {
            // The API name decides when it has the words; the label only when it hasn't,
            // so a label that drops a qualifier (`National_ID_Type__c` labelled "National
            // ID") doesn't bring the match back.
            let found = match occurrence(&name_words, want, standard) {
                Some(found) => found,
                None => match label {
                    Some(label) => {
                        let ws = label_words.get_or_insert_with(|| words(label));
                        occurrence(ws, want, false).unwrap_or(false)
                    }
                    None => false,
                },
            };
            found.then_some(*pattern)
        })?;
        // Checked last: most fields match no pattern.
        let object_words = words(object);
        let business = object_words
            .iter()
            .any(|w| BUSINESS_OBJECT_WORDS.contains(&w.as_str()))
            || object_words
                .last()
                .is_some_and(|w| REFERENCE_OBJECT_ENDINGS.contains(&w.as_str()));
        (!business).then_some(matched)
    }
}

/// `None` when `ws` doesn't contain `want`; else whether some occurrence is not qualified.
fn occurrence(ws: &[String], want: &[&str], standard: bool) -> Option<bool> {
    let mut seen = false;
    for i in 0..ws.len().saturating_sub(want.len() - 1) {
        let end = i + want.len();
        if ws[i..end].iter().zip(want).all(|(a, b)| a == b) {
            if !qualified(ws, i, end, standard) {
                return Some(true);
            }
            seen = true;
        }
    }
    seen.then_some(false)
}

/// Do the words around the match `ws[start..end]` make it about something else?
fn qualified(ws: &[String], start: usize, end: usize, standard: bool) -> bool {
    let after = &ws[end..];
    after.iter().any(|w| QUALIFIERS_AFTER.contains(&w.as_str()))
        || (standard && after.last().is_some_and(|w| w == "id" || w == "ids"))
        || ws[..start]
            .iter()
            .any(|w| CONTEXT_BEFORE.contains(&w.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::DEFAULT_SENSITIVE_NAMES;

    fn m(object: &str, name: &str, label: Option<&str>, ty: Option<&str>) -> Option<String> {
        let patterns: Vec<String> = DEFAULT_SENSITIVE_NAMES
            .iter()
            .map(|s| s.to_string())
            .collect();
        SensitiveNames::of(&patterns)
            .find_in(object, name, label, ty)
            .map(str::to_string)
    }

    #[test]
    fn words_split_on_underscores_and_case() {
        assert_eq!(words("DateOfBirth__c"), ["date", "of", "birth"]);
        assert_eq!(words("SSNLast4__c"), ["ssn", "last4"]);
        assert_eq!(words("Tax_ID__c"), ["tax", "id"]);
        assert_eq!(words("acme__Credit_Score__c"), ["credit", "score"]);
        assert_eq!(words("Date of Birth"), ["date", "of", "birth"]);
        assert_eq!(words("Address__c"), ["address"]);
        assert_eq!(words("Birthdate__pc"), ["birthdate"]);
        assert_eq!(words("DandBCompany"), ["dand", "b", "company"]);
        // A word with a letter outside ASCII is lowered as a whole (a final sigma stays
        // final), and case boundaries hold for any script.
        assert_eq!(words("ÉtatCivil__c"), ["état", "civil"]);
        assert_eq!(
            words("ΟΔΟΣ_Straße"),
            ["ΟΔΟΣ".to_lowercase(), "straße".into()]
        );
        assert_eq!(words("ΟΔΟΣ").last().map(|w| w.ends_with('ς')), Some(true));
    }

    #[test]
    fn birthdates_match() {
        assert_eq!(
            m("Contact", "Birthdate", Some("Birthdate"), None).as_deref(),
            Some("birthdate")
        );
        assert_eq!(
            m("Account", "PersonBirthdate", None, None).as_deref(),
            Some("birthdate")
        );
        assert!(m("Individual", "BirthDate", None, Some("Date")).is_some());
        assert!(m("Account", "Birthdate__pc", None, Some("Date")).is_some());
        assert!(m("DataImport__c", "Contact1_Birthdate__c", None, Some("Date")).is_some());
        assert!(m("Person__c", "INT_DateOfBirth__c", None, Some("Date")).is_some());
        assert!(m("Contact", "Birthday__c", None, Some("Date")).is_some());
    }

    #[test]
    fn custom_metadata_types_hold_configuration() {
        assert!(m("Invoice_Setup__mdt", "Tax_ID_Name__c", None, Some("Text")).is_none());
        assert!(m("acme__Payroll__MDT", "Salary_Band__c", None, Some("Text")).is_none());
        // A custom object or setting of the same name is data.
        assert!(m("Invoice_Setup__c", "Tax_ID__c", None, Some("Text")).is_some());
        assert!(m("__mdt", "SSN__c", None, Some("Text")).is_some());
    }

    #[test]
    fn the_data_itself_matches() {
        assert!(m("Lead", "SSN__c", None, Some("Text")).is_some());
        assert!(m("Contact", "Passport_ID__c", None, Some("Text")).is_some());
        assert!(m("Contact", "Medical_History__c", None, Some("LongTextArea")).is_some());
        assert!(m("Individual", "ConsumerCreditScore", None, None).is_some());
        assert!(m("Contact", "Diagnosis_Date__c", None, Some("Date")).is_some());
        assert!(
            m(
                "Employee__c",
                "Percent_Salary_Hike__c",
                None,
                Some("Percent")
            )
            .is_some()
        );
    }

    #[test]
    fn qualifiers_and_references_do_not_match() {
        assert_eq!(m("DandBCompany", "NationalIdType", None, None), None);
        assert_eq!(
            m("Contact", "National_ID_Type__c", None, Some("Picklist")),
            None
        );
        assert_eq!(
            m("Individual", "ConsumerCreditScoreProviderName", None, None),
            None
        );
        assert_eq!(m("CareBarrierType", "DiagnosisCodeSetId", None, None), None);
        assert_eq!(m("Encounter__c", "DiagnosisCodeSetId", None, None), None);
        assert_eq!(m("Case", "Diagnosis__c", None, Some("Lookup")), None);
        assert_eq!(m("Case", "Diagnosis__c", None, Some("MasterDetail")), None);
        assert_eq!(
            m(
                "Contact",
                "Medical_Staff_Category__c",
                Some("Medical Staff Category"),
                None
            ),
            None
        );
        assert_eq!(
            m("BusinessProfile", "WorkersCompMedicalClaims", None, None),
            None
        );
        assert_eq!(
            m("Claim__c", "WorkersCompMedicalClaims__c", None, None),
            None
        );
        assert_eq!(m("Account", "Company_Tax_ID__c", None, Some("Text")), None);
        assert_eq!(m("DandBCompany", "NationalId", None, None), None);
        // things and limits, not a person's value (real retrieves)
        assert_eq!(
            m(
                "BMCServiceDesk__BMC_BaseElement__c",
                "BMCServiceDesk__Asset_Birth_date__c",
                None,
                Some("Date")
            ),
            None
        );
        assert_eq!(m("PayGrade", "MinimumSalary", None, None), None);
        assert_eq!(
            m("PayGradeStepLocation", "MaximumAnnualSalary", None, None),
            None
        );
        assert!(m("GroupCensusMember", "AnnualEligibleSalary", None, None).is_some());
        assert!(m("Contact", "AmlSalaryRange__c", None, Some("Picklist")).is_some());
    }

    #[test]
    fn a_label_does_not_undo_a_qualified_name() {
        assert_eq!(
            m(
                "Contact",
                "National_ID_Type__c",
                Some("National ID"),
                Some("Text")
            ),
            None
        );
        // Without the words in its name, the label decides.
        assert!(m("Contact", "Field1__c", Some("National ID"), Some("Text")).is_some());
    }

    #[test]
    fn the_label_is_matched_with_the_same_rules() {
        assert!(m("Contact", "Field1__c", Some("Date of Birth"), Some("Date")).is_some());
        assert_eq!(
            m(
                "Contact",
                "Field1__c",
                Some("Diagnosis Code Set"),
                Some("Text")
            ),
            None
        );
        // A patient's diagnosis code is the diagnosis itself.
        assert!(m("Contact", "Field1__c", Some("Diagnosis Code"), Some("Text")).is_some());
    }
}
