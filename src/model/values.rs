//! Small located values shared by every metadata kind.

use crate::diagnostic::FileId;
pub use crate::interned::Name;
use crate::xml::Element;

pub use crate::diagnostic::Loc;

/// A boolean that is explicitly written in a file, with the span of its text.
/// Absence is `Option::None` wherever a `Flag` is optional: "absent", "explicitly false"
/// and "explicitly true" stay distinct.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Flag {
    pub value: bool,
    pub at: Loc,
}

impl Flag {
    pub fn is_true(flag: Option<Flag>) -> bool {
        flag.is_some_and(|f| f.value)
    }

    pub fn is_false(flag: Option<Flag>) -> bool {
        flag.is_some_and(|f| !f.value)
    }
}

/// A string value with where it was written. The value is interned: the model holds each
/// distinct name once ([`Name`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Text {
    pub value: Name,
    pub at: Loc,
}

/// Read the boolean child `name` of `parent`; a value other than `true`/`false` reads as
/// absent (SF003 reports it).
pub fn flag(file: FileId, parent: Element<'_>, name: &str) -> Option<Flag> {
    element_flag(file, parent.child(name)?)
}

/// Read an element's own text as a boolean.
pub fn element_flag(file: FileId, el: Element<'_>) -> Option<Flag> {
    #[cfg(test)]
    reads::note(el, None);
    // The trimmed text as written is most often the value itself: nothing to decode.
    let value = match el.raw_text() {
        "true" => Some(true),
        "false" => Some(false),
        _ => parse_bool(&el.text()),
    };
    value.map(|value| Flag {
        value,
        at: Loc::new(file, el.text_span()),
    })
}

pub fn parse_bool(s: &str) -> Option<bool> {
    match crate::xml::trim(s) {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// Read the text child `name` of `parent` (trimmed, decoded); empty text reads as absent.
pub fn text(file: FileId, parent: Element<'_>, name: &str) -> Option<Text> {
    let el = parent.child(name)?;
    element_text(file, el)
}

/// Read the text child `name` of `parent`, an enum whose valid values are `values`. An
/// invalid value is kept as written (rules compare with valid values only; SF003 reports
/// it), so the model reads enums like any text; the list says what SF003 must check.
pub fn enum_text(
    file: FileId,
    parent: Element<'_>,
    name: &str,
    values: &'static [&'static str],
) -> Option<Text> {
    let el = parent.child(name)?;
    #[cfg(test)]
    reads::note(el, Some(values));
    #[cfg(not(test))]
    let _ = values;
    element_text(file, el)
}

/// Read the text child `name` of `parent` as a name that resolves against other metadata:
/// CumulusCI tokens (`%%%NAMESPACE%%%`) removed from the value, `at` still the text as
/// written.
pub fn name_text(file: FileId, parent: Element<'_>, name: &str) -> Option<Text> {
    parent.child(name).and_then(|el| name_of(file, el))
}

/// The first child of `el` named each of `names` (`None` where there is none), in one
/// pass over its children: an entry such as `objectPermissions` has eight, and asking
/// for each by name would walk them once per name.
pub fn first_children<'d, const N: usize>(
    el: Element<'d>,
    names: [&str; N],
) -> [Option<Element<'d>>; N] {
    let mut found = [None; N];
    for child in el.children() {
        let name = child.name();
        if let Some(k) = names.iter().position(|&n| n == name)
            && found[k].is_none()
        {
            found[k] = Some(child);
        }
    }
    found
}

/// Every text child named `name`, read like [`name_text`].
pub fn name_texts(file: FileId, parent: Element<'_>, name: &str) -> Vec<Text> {
    parent
        .children_named(name)
        .filter_map(|el| name_of(file, el))
        .collect()
}

/// [`element_text`] with CumulusCI tokens removed from the value before it is stored
/// (the text is still at hand in the file; the stored name's may not be in the cache).
pub fn name_of(file: FileId, el: Element<'_>) -> Option<Text> {
    if el.is_nil() {
        return None;
    }
    let value = el.text();
    let value = crate::xml::trim(&value);
    (!value.is_empty()).then(|| Text {
        value: Name::listed(&crate::salesforce::names::strip_tokens(value), el.name()),
        at: Loc::new(file, el.text_span()),
    })
}

pub fn element_text(file: FileId, el: Element<'_>) -> Option<Text> {
    if el.is_nil() {
        return None;
    }
    let value = el.text();
    let value = crate::xml::trim(&value);
    (!value.is_empty()).then(|| Text {
        value: Name::listed(value, el.name()),
        at: Loc::new(file, el.text_span()),
    })
}

/// Every text child named `name`, in document order.
pub fn texts(file: FileId, parent: Element<'_>, name: &str) -> Vec<Text> {
    parent
        .children_named(name)
        .filter_map(|el| element_text(file, el))
        .collect()
}

/// In unit tests, every boolean and enum element the model reads, by parent and element
/// name: SF003's tests check that it validates each of them.
#[cfg(test)]
pub mod reads {
    use std::collections::BTreeMap;
    use std::sync::Mutex;

    use crate::xml::Element;

    /// The valid values of an enum; `None` for a boolean.
    pub type Values = Option<&'static [&'static str]>;

    /// `(parent, element)` -> what the model reads it as.
    pub static SEEN: Mutex<BTreeMap<(String, String), Values>> = Mutex::new(BTreeMap::new());

    pub fn note(el: Element<'_>, values: Values) {
        let parent = el
            .parent()
            .map(|p| p.name().to_string())
            .unwrap_or_default();
        if let Ok(mut seen) = SEEN.lock() {
            seen.insert((parent, el.name().to_string()), values);
        }
    }
}
