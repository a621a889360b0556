//! Inserting a child element at its canonical place: Salesforce writes a profile's or
//! permission set's children grouped by element name in alphabetical order, and the
//! entries of one kind (`fieldPermissions`, `objectPermissions`) ordered by their key
//! (`field`, `object`) in byte order. A new entry goes where Salesforce would have written
//! it, indented and ended like its neighbours; nothing else moves.

use crate::xml::shallow::Shallow;

/// The child element that keys entries of a kind, where Salesforce sorts by one.
pub fn key_child(tag: &str) -> Option<&'static str> {
    match tag {
        "fieldPermissions" => Some("field"),
        "objectPermissions" => Some("object"),
        _ => None,
    }
}

/// A direct child of the root: its name, where its `<` is, and its key's text.
struct Child<'d> {
    tag: &'d str,
    start: usize,
    key: Option<&'d str>,
}

/// The root's children of `text` as `shallow` found them.
fn children<'d>(text: &'d str, shallow: &'d Shallow) -> Option<Vec<Child<'d>>> {
    shallow
        .children
        .iter()
        .map(|c| {
            Some(Child {
                tag: text.get(c.name.range())?,
                start: c.start,
                key: c.key.as_deref(),
            })
        })
        .collect()
}

/// `template`'s element name and key: its first tag, and the text of its key child.
fn template_key(template: &str) -> Option<(&str, Option<&str>)> {
    let tag = template.trim_start().strip_prefix('<')?;
    let tag = &tag[..tag.find(['>', ' ', '/'])?];
    let key = key_child(tag).and_then(|k| {
        let open = format!("<{k}>");
        let from = template.find(&open)? + open.len();
        let len = template[from..].find('<')?;
        Some(template[from..from + len].trim())
    });
    Some((tag, key))
}

/// Where `template` goes among `children` (the offset of the `<` it goes before, or
/// `None` for the root's end), or `Err` when an entry with its key is already there.
fn anchor(children: &[Child<'_>], tag: &str, key: Option<&str>) -> Result<Option<usize>, ()> {
    let same: Vec<&Child<'_>> = children.iter().filter(|c| c.tag == tag).collect();
    if let Some(key) = key
        && same.iter().any(|c| c.key == Some(key))
    {
        return Err(());
    }
    if let Some(last) = same.last() {
        let after = key.and_then(|k| same.iter().find(|c| c.key.is_some_and(|ck| ck > k)));
        if let Some(next) = after {
            return Ok(Some(next.start));
        }
        // After the last entry of its kind: before whatever follows it.
        return Ok(children
            .iter()
            .find(|c| c.start > last.start && c.tag != tag)
            .map(|c| c.start));
    }
    Ok(children.iter().find(|c| c.tag > tag).map(|c| c.start))
}

/// The start of the line `at` is on, when only blanks precede it there.
fn line_start(text: &str, at: usize) -> Option<usize> {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    text[start..at]
        .bytes()
        .all(|b| b == b' ' || b == b'\t')
        .then_some(start)
}

/// Place `template` (an element, one line per line, each indented by `\t` per level below
/// the element) among the children of the root of `text`, as `shallow` found them (with
/// [`key_child`]). Returns the insertion's offset and its text; `None` when an entry with
/// the same key is already there.
pub fn place_child(text: &str, shallow: &Shallow, template: &str) -> Option<(usize, String)> {
    let (tag, key) = template_key(template)?;
    let children = children(text, shallow)?;
    let root_end = shallow.end;
    let before = anchor(&children, tag, key).ok()?.unwrap_or(root_end);
    let lines: Vec<&str> = template.lines().collect();
    let Some(line) = line_start(text, before) else {
        // Children not on lines of their own: insert the element as one run of text.
        let flat: String = lines.iter().map(|l| l.trim_start_matches('\t')).collect();
        return Some((before, flat));
    };
    let eol = if line >= 2 && &text[line - 2..line] == "\r\n" || line < 2 && text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let indent_of = |at: usize| -> &str {
        let s = line_start(text, at).unwrap_or(at);
        &text[s..at]
    };
    // The children's indentation, and one level of it (the root stands at column 0 in
    // metadata files; when not, a level is the difference).
    let root_indent = indent_of(shallow.root);
    let child_indent = children
        .first()
        .map(|c| indent_of(c.start).to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| format!("{root_indent}    "));
    let unit = child_indent
        .strip_prefix(root_indent)
        .filter(|u| !u.is_empty())
        .unwrap_or("    ")
        .to_string();
    let mut out = String::new();
    for l in lines {
        let depth = l.len() - l.trim_start_matches('\t').len();
        out.push_str(&child_indent);
        for _ in 0..depth {
            out.push_str(&unit);
        }
        out.push_str(l.trim_start_matches('\t'));
        out.push_str(eol);
    }
    Some((line, out))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELD: &str = "<fieldPermissions>\n\t<editable>false</editable>\n\t<field>Account.B__c</field>\n\t<readable>true</readable>\n</fieldPermissions>";

    fn place(text: &str, template: &str) -> Option<String> {
        let doc = crate::xml::Document::parse(text.into()).ok()?;
        let shallow = Shallow::of_tree(&doc, key_child)?;
        // The shallow pass finds what the tree does.
        assert_eq!(
            Shallow::of(text, key_child),
            Some(Shallow::of_tree(&doc, key_child).unwrap())
        );
        let (at, content) = place_child(text, &shallow, template)?;
        Some(format!("{}{content}{}", &text[..at], &text[at..]))
    }

    fn entry(indent: &str, unit: &str, field: &str, eol: &str) -> String {
        format!(
            "{indent}<fieldPermissions>{eol}{indent}{unit}<editable>false</editable>{eol}{indent}{unit}<field>{field}</field>{eol}{indent}{unit}<readable>true</readable>{eol}{indent}</fieldPermissions>{eol}"
        )
    }

    #[test]
    fn an_entry_goes_between_its_neighbours_by_key() {
        let a = entry("    ", "    ", "Account.A__c", "\n");
        let c = entry("    ", "    ", "Account.C__c", "\n");
        let text = format!(
            "<?xml version=\"1.0\"?>\n<Profile xmlns=\"x\">\n    <custom>false</custom>\n{a}{c}    <userLicense>S</userLicense>\n</Profile>\n"
        );
        let b = entry("    ", "    ", "Account.B__c", "\n");
        let want = format!(
            "<?xml version=\"1.0\"?>\n<Profile xmlns=\"x\">\n    <custom>false</custom>\n{a}{b}{c}    <userLicense>S</userLicense>\n</Profile>\n"
        );
        assert_eq!(place(&text, FIELD).unwrap(), want);
    }

    #[test]
    fn keys_sort_in_byte_order_and_the_last_entry_is_followed() {
        // `a__c` sorts after `Z__c` in byte order, as Salesforce writes them.
        let z = entry("\t", "\t", "Account.Z__c", "\r\n");
        let text = format!("<Profile>\r\n{z}\t<userLicense>S</userLicense>\r\n</Profile>");
        let t = FIELD.replace("Account.B__c", "Account.a__c");
        let a = entry("\t", "\t", "Account.a__c", "\r\n");
        assert_eq!(
            place(&text, &t).unwrap(),
            format!("<Profile>\r\n{z}{a}\t<userLicense>S</userLicense>\r\n</Profile>")
        );
    }

    #[test]
    fn a_first_entry_of_its_kind_goes_by_element_name() {
        let text = "<Profile>\n  <custom>false</custom>\n  <objectPermissions>\n    <object>X</object>\n  </objectPermissions>\n</Profile>\n";
        let got = place(text, FIELD).unwrap();
        let b = entry("  ", "  ", "Account.B__c", "\n");
        assert_eq!(
            got,
            format!(
                "<Profile>\n  <custom>false</custom>\n{b}  <objectPermissions>\n    <object>X</object>\n  </objectPermissions>\n</Profile>\n"
            )
        );
        // No child after it: before the root's end tag.
        let text = "<Profile>\n    <custom>false</custom>\n</Profile>\n";
        let b = entry("    ", "    ", "Account.B__c", "\n");
        assert_eq!(
            place(text, FIELD).unwrap(),
            format!("<Profile>\n    <custom>false</custom>\n{b}</Profile>\n")
        );
    }

    #[test]
    fn an_existing_entry_or_a_broken_root_gives_no_insertion() {
        let b = entry("    ", "    ", "Account.B__c", "\n");
        assert_eq!(place(&format!("<Profile>\n{b}</Profile>\n"), FIELD), None);
        assert_eq!(place("<Profile/>", FIELD), None);
        assert_eq!(place("<Profile>\n    <custom>false", FIELD), None);
    }

    #[test]
    fn comments_and_attributes_do_not_confuse_the_scan() {
        let text = "<Profile a=\"x>y\">\n    <!-- <fieldPermissions> -->\n    <userLicense>S</userLicense>\n</Profile>\n";
        let got = place(text, FIELD).unwrap();
        assert!(
            got.contains("-->\n    <fieldPermissions>\n        <editable>"),
            "{got}"
        );
    }
}
