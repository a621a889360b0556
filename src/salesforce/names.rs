//! Salesforce names: URL-decoding file stems, matching profile names, "did you mean".

use std::borrow::Cow;

/// The full name a file stem stands for: CumulusCI tokens removed
/// (`___NAMESPACE___Course__c` -> `Course__c`, see [`strip_tokens`]), then percent-decoded
/// leniently: invalid `%` sequences stay as written, and a decoded byte sequence that is
/// not UTF-8 falls back to the input.
pub fn decode_name(stem: &str) -> Cow<'_, str> {
    match strip_tokens(stem) {
        Cow::Borrowed(s) => percent_decode(s),
        Cow::Owned(s) => Cow::Owned(percent_decode(&s).into_owned()),
    }
}

/// Does `name` hold `%%%` or `___`? Most names hold neither, and every name is asked: any
/// three bytes in a row include one at an index of 2 modulo 3, so only those are looked
/// at, and the run around one only when it is a `%` or `_`.
fn has_token_delimiter(name: &str) -> bool {
    let b = name.as_bytes();
    let mut i = 2;
    while i < b.len() {
        let c = b[i];
        if c == b'%' || c == b'_' {
            let before = b[..i].iter().rev().take(2).take_while(|&&x| x == c).count();
            let after = b[i + 1..].iter().take(2).take_while(|&&x| x == c).count();
            if before + 1 + after >= 3 {
                return true;
            }
        }
        i += 3;
    }
    false
}

/// Remove CumulusCI namespace tokens from a name: `%%%NAMESPACE%%%`, `%%%NAMESPACED_ORG%%%`,
/// `%%%NAMESPACE_DOT%%%` and every other `%%%NAME%%%` in content, `___NAMESPACE___` (any
/// `___NAME___`) in file names. CumulusCI replaces them on deploy with the package's
/// namespace prefix (`npsp__`, `npsp.`) or with nothing; without them, a name is the one
/// the project's own source defines. A token is upper-case letters, digits and single
/// underscores, starting with a letter.
pub fn strip_tokens(name: &str) -> Cow<'_, str> {
    if !has_token_delimiter(name) {
        return Cow::Borrowed(name);
    }
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    'outer: while !rest.is_empty() {
        for delim in ["%%%", "___"] {
            if let Some(after) = rest.strip_prefix(delim)
                && let Some(len) = token_len(after, delim)
            {
                rest = &after[len + delim.len()..];
                continue 'outer;
            }
        }
        let c = rest.chars().next().expect("not empty");
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    if out.len() == name.len() {
        Cow::Borrowed(name)
    } else {
        Cow::Owned(out)
    }
}

/// The length of `TOKEN` when `s` starts with `TOKEN<delim>`.
fn token_len(s: &str, delim: &str) -> Option<usize> {
    let end = s.find(delim)?;
    let token = &s[..end];
    let ok = token.starts_with(|c: char| c.is_ascii_uppercase())
        && token
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        && !token.contains("__")
        && !token.ends_with('_');
    ok.then_some(end)
}

fn percent_decode(stem: &str) -> Cow<'_, str> {
    if !stem.contains('%') {
        return Cow::Borrowed(stem);
    }
    let bytes = stem.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(hi), Some(lo)) = (hex_val(bytes[i + 1]), hex_val(bytes[i + 2]))
        {
            out.push(hi << 4 | lo);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    match String::from_utf8(out) {
        Ok(s) => Cow::Owned(s),
        Err(_) => Cow::Borrowed(stem),
    }
}

fn hex_val(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// A custom API name: `X__c` (case-insensitive suffix).
pub fn is_custom(api_name: &str) -> bool {
    api_name.len() > 3
        && api_name.is_char_boundary(api_name.len() - 3)
        && api_name[api_name.len() - 3..].eq_ignore_ascii_case("__c")
}

/// Standard profiles whose API (file) name differs from the name users see.
/// (API name, display name)
pub const STANDARD_PROFILE_NAMES: &[(&str, &str)] = &[
    ("Admin", "System Administrator"),
    ("Standard", "Standard User"),
    ("ReadOnly", "Read Only"),
    ("SolutionManager", "Solution Manager"),
    ("MarketingProfile", "Marketing User"),
    ("ContractManager", "Contract Manager"),
    ("StandardAul", "Standard Platform User"),
];

/// Standard profiles whose file may not say `<custom>`, besides those above: the standard
/// profiles of the CRMA and integration licenses.
const OTHER_STANDARD_PROFILES: &[&str] = &[
    "Analytics Cloud Integration User",
    "Analytics Cloud Security User",
    "Minimum Access - API Only Integrations",
    "Minimum Access - Salesforce",
];

/// A profile name Salesforce ships (API or display name): it exists in the org whether or
/// not its file is in the project.
pub fn is_standard_profile_name(name: &str) -> bool {
    STANDARD_PROFILE_NAMES
        .iter()
        .map(|(api, _)| *api)
        .chain(OTHER_STANDARD_PROFILES.iter().copied())
        .any(|s| same_profile(s, name))
}

/// The profile API name for a display or API name, folding case: `system administrator`
/// -> `Admin`. Names not in the table come back unchanged.
pub fn profile_api_name(name: &str) -> &str {
    STANDARD_PROFILE_NAMES
        .iter()
        .find(|(_, display)| display.eq_ignore_ascii_case(name))
        .map_or(name, |(api, _)| api)
}

/// Do two profile references name the same profile (case-insensitive, decoded, display
/// names mapped to API names)?
pub fn same_profile(a: &str, b: &str) -> bool {
    let a = decode_name(a);
    let b = decode_name(b);
    profile_api_name(a.trim()).eq_ignore_ascii_case(profile_api_name(b.trim()))
}

/// Edit distance over chars (small inputs only): insertions, deletions, substitutions and
/// swaps of two neighbouring characters (`Regoin` -> `Region`) each count as one edit.
pub fn edit_distance(a: &str, b: &str) -> usize {
    bounded_distance(a, b, usize::MAX).unwrap_or(usize::MAX)
}

/// The edit distance when it is at most `limit`; `None` as soon as every entry of a row
/// exceeds it (the distance can only grow from there).
pub fn bounded_distance(a: &str, b: &str, limit: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    banded(&a, &b, limit, &mut Rows::default())
}

/// The closest candidate: an exact case-insensitive match first, then the smallest edit
/// distance within a third of the word's length.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c.eq_ignore_ascii_case(word) {
            return Some(c);
        }
        let d = edit_distance(&lower, &c.to_lowercase());
        let limit = (word.chars().count().max(c.chars().count()) / 3).max(1);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// "Did you mean" over one candidate list, asked many times: candidates are lower-cased
/// once and the distance buffers are reused.
pub struct Suggester<'a> {
    candidates: Vec<(&'a str, Vec<char>)>,
    /// A candidate is near when its distance is at most `max(1, length / divisor)`.
    divisor: usize,
    rows: Rows,
}

impl<'a> Suggester<'a> {
    /// Candidates within a third of the length, as [`did_you_mean`].
    pub fn new(candidates: impl IntoIterator<Item = &'a str>) -> Self {
        Suggester::within(candidates, 3)
    }

    /// Candidates within `length / divisor` edits (at least one); `divisor` is at least 2.
    pub fn within(candidates: impl IntoIterator<Item = &'a str>, divisor: usize) -> Self {
        let mut candidates: Vec<(&'a str, Vec<char>)> = candidates
            .into_iter()
            .map(|c| (c, c.to_lowercase().chars().collect()))
            .collect();
        // By length, so a query only looks at the lengths that can be close enough.
        candidates.sort_by_key(|(_, lc)| lc.len());
        Suggester {
            candidates,
            divisor: divisor.max(2),
            rows: Rows::default(),
        }
    }

    /// Same answer as [`did_you_mean`] over the candidates.
    pub fn suggest(&mut self, word: &str) -> Option<&'a str> {
        let w: Vec<char> = word.to_lowercase().chars().collect();
        let mut best: Option<(usize, &'a str)> = None;
        if let Some((c, _)) = self
            .candidates
            .iter()
            .find(|(c, _)| c.eq_ignore_ascii_case(word))
        {
            return Some(c);
        }
        // A candidate of length n is within reach only if |n - len| <= max(n, len) / d,
        // so n lies in [len * (d - 1) / d - 1, len * d / (d - 1) + 1].
        let d = self.divisor;
        let lo = (w.len() * (d - 1) / d).saturating_sub(1);
        let hi = w.len() * d / (d - 1) + 1;
        let from = self.candidates.partition_point(|(_, lc)| lc.len() < lo);
        let to = self.candidates.partition_point(|(_, lc)| lc.len() <= hi);
        for (c, lc) in &self.candidates[from..to] {
            if c.eq_ignore_ascii_case(word) {
                return Some(c);
            }
            let limit = (w.len().max(lc.len()) / d).max(1);
            let gap = w.len().abs_diff(lc.len());
            if gap > limit || best.is_some_and(|(bd, _)| gap >= bd) {
                continue;
            }
            if let Some(d) = banded(&w, lc, limit, &mut self.rows)
                && best.is_none_or(|(bd, _)| d < bd)
            {
                best = Some((d, c));
            }
        }
        best.map(|(_, c)| c)
    }
}

/// The three rows of the distance table a computation needs, reused between calls.
#[derive(Default)]
struct Rows {
    before: Vec<usize>,
    prev: Vec<usize>,
    cur: Vec<usize>,
}

/// Optimal string alignment distance of `a` and `b` when it is at most `limit`.
fn banded(a: &[char], b: &[char], limit: usize, rows: &mut Rows) -> Option<usize> {
    let Rows { before, prev, cur } = rows;
    before.clear();
    before.resize(b.len() + 1, 0);
    prev.clear();
    prev.extend(0..=b.len());
    cur.clear();
    cur.resize(b.len() + 1, 0);
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let mut d = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            // A swap of neighbours: a[i-1..=i] == b[j..=j-1] reversed.
            if i > 0 && j > 0 && *ca == b[j - 1] && a[i - 1] == *cb {
                d = d.min(before[j - 1] + 1);
            }
            cur[j + 1] = d;
            row_min = row_min.min(d);
        }
        // A swap reaches back one row past a substitution that costs at most one more,
        // so a row entirely above the limit still ends the search.
        if row_min > limit {
            return None;
        }
        std::mem::swap(before, prev);
        std::mem::swap(prev, cur);
    }
    Some(prev[b.len()]).filter(|&d| d <= limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_delimiters_are_found_wherever_they_stand() {
        // Every string of up to eight bytes over `a`, `%`, `_`, against the plain search.
        let mut words = vec![String::new()];
        for _ in 0..8 {
            let longer: Vec<String> = words
                .iter()
                .filter(|w| w.len() == words.last().map_or(0, String::len))
                .flat_map(|w| ["a", "%", "_"].map(|c| format!("{w}{c}")))
                .collect();
            words.extend(longer);
        }
        assert_eq!(words.len(), (0..=8).map(|n| 3usize.pow(n)).sum::<usize>());
        for w in &words {
            let plain = w.contains("%%%") || w.contains("___");
            assert_eq!(has_token_delimiter(w), plain, "{w:?}");
        }
    }

    #[test]
    fn decodes_leniently() {
        assert_eq!(decode_name("Custom%3A Marketing"), "Custom: Marketing");
        assert_eq!(decode_name("A%28B%29"), "A(B)");
        assert_eq!(decode_name("100%"), "100%");
        assert_eq!(decode_name("50%zz"), "50%zz");
        assert_eq!(decode_name("%C3%A9t%C3%A9"), "été");
        assert_eq!(decode_name("%FF"), "%FF");
        assert_eq!(decode_name("Atención"), "Atención");
        assert_eq!(decode_name("%é%"), "%é%");
        assert_eq!(decode_name("%4"), "%4");
    }

    #[test]
    fn strips_cumulusci_tokens() {
        assert_eq!(
            strip_tokens("%%%NAMESPACE%%%DataImport__c.%%%NAMESPACE%%%Status__c"),
            "DataImport__c.Status__c"
        );
        assert_eq!(strip_tokens("%%%NAMESPACED_ORG%%%Admin"), "Admin");
        assert_eq!(strip_tokens("%%%NAMESPACE_DOT%%%MyPage"), "MyPage");
        assert_eq!(strip_tokens("%%%FUTURE_TOKEN2%%%X__c"), "X__c");
        assert_eq!(strip_tokens("___NAMESPACE___Course__c"), "Course__c");
        assert_eq!(decode_name("___NAMESPACE___Course__c"), "Course__c");
        assert_eq!(decode_name("___NAMESPACE___A%3A B"), "A: B");
        // Not tokens: left as written.
        assert_eq!(strip_tokens("100%%%"), "100%%%");
        assert_eq!(strip_tokens("%%%lower%%%X"), "%%%lower%%%X");
        assert_eq!(strip_tokens("A___b___C"), "A___b___C");
        assert_eq!(strip_tokens("ns__Field__c"), "ns__Field__c");
        assert_eq!(strip_tokens("%%%%%%"), "%%%%%%");
        assert_eq!(strip_tokens("é%%%X%%%é"), "éé");
        assert!(matches!(strip_tokens("Plain__c"), Cow::Borrowed(_)));
    }

    #[test]
    fn matches_profiles() {
        assert!(same_profile("admin", "Admin"));
        assert!(same_profile("System Administrator", "Admin"));
        assert!(same_profile(
            "analytics cloud integration user",
            "Analytics Cloud Integration User"
        ));
        assert!(same_profile("Custom%3A Sales", "Custom: Sales"));
        assert!(!same_profile("Standard", "Admin"));
    }

    #[test]
    fn custom_names_never_split_characters() {
        assert!(is_custom("Tier__c"));
        assert!(is_custom("ns__Tier__C"));
        assert!(!is_custom("Numéro"));
        assert!(!is_custom("Éé"));
        assert!(!is_custom("__c"));
    }

    #[test]
    fn suggester_agrees_with_did_you_mean() {
        let names = [
            "Annual_Revenue__c",
            "Employee_Count__c",
            "Region__c",
            "Tier__c",
        ];
        let mut s = Suggester::new(names);
        for w in [
            "Annual_Revenu__c",
            "tier__c",
            "Regoin__c",
            "Nothing_Like_It__c",
            "Tierr__c",
        ] {
            assert_eq!(s.suggest(w), did_you_mean(w, names), "{w}");
        }
    }

    #[test]
    fn near_suggester_offers_only_close_names() {
        let names = [
            "Region__c",
            "Annual_Revenue__c",
            "Account_Lookup__c",
            "Tier__c",
        ];
        let mut s = Suggester::within(names, 5);
        assert_eq!(s.suggest("Annual_Revenu__c"), Some("Annual_Revenue__c"));
        assert_eq!(s.suggest("Regoin__c"), Some("Region__c")); // one swap of neighbours
        assert_eq!(s.suggest("Rgeoin__c"), None); // two edits in nine letters
        assert_eq!(s.suggest("Regon__c"), Some("Region__c"));
        assert_eq!(s.suggest("Contact_Lookup__c"), None);
        assert_eq!(s.suggest("CustomObject3__c"), None);
    }

    #[test]
    fn a_swap_of_neighbours_is_one_edit() {
        assert_eq!(edit_distance("regoin", "region"), 1);
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(edit_distance("abc", "ca"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(bounded_distance("ViewAllDta", "ViewAllData", 1), Some(1));
        assert_eq!(bounded_distance("abcdef", "badcfe", 2), None);
        assert_eq!(bounded_distance("abcdef", "badcfe", 3), Some(3));
    }

    #[test]
    fn suggests() {
        assert_eq!(
            did_you_mean("HIGH_ASURANCE", ["LOW", "STANDARD", "HIGH_ASSURANCE"]),
            Some("HIGH_ASSURANCE")
        );
        assert_eq!(did_you_mean("True", ["true", "false"]), Some("true"));
        assert_eq!(did_you_mean("yes", ["true", "false"]), None);
    }
}
