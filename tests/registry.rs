//! What the rule registry promises: every built-in rule has its own code and name, a code
//! is its family's prefix and three digits, names are kebab-case, the registry lists rules
//! in code order (families in `Family` order, numbers ascending), and no pack policy takes
//! a built-in code or name.

use std::collections::HashSet;

use sflint::catalog::RULES;
use sflint::policy::packs::PACKS;
use sflint::rules::Family;

const FAMILY_ORDER: [Family; 5] = [
    Family::Parse,
    Family::Permissions,
    Family::Integration,
    Family::Session,
    Family::Classification,
];

fn code_number(code: &str) -> u32 {
    code[2..]
        .parse()
        .unwrap_or_else(|_| panic!("{code}: not two letters and digits"))
}

#[test]
fn codes_and_names_are_unique() {
    let mut codes = HashSet::new();
    let mut names = HashSet::new();
    for r in RULES.iter() {
        let m = r.meta();
        assert!(codes.insert(m.code), "{} is registered twice", m.code);
        assert!(names.insert(m.name), "two rules are named {}", m.name);
    }
    for pack in PACKS.iter() {
        for p in &pack.policies {
            assert!(
                !codes.contains(p.code.as_str()),
                "pack {} reuses the built-in code {}",
                pack.name,
                p.code
            );
            assert!(
                !names.contains(p.name.as_str()),
                "pack {} reuses the built-in name {}",
                pack.name,
                p.name
            );
        }
    }
}

#[test]
fn a_code_is_its_family_prefix_and_three_digits() {
    for r in RULES.iter() {
        let m = r.meta();
        let prefix = m.family.prefix();
        assert!(
            m.code.len() == 5 && m.code.starts_with(prefix),
            "{} ({}) is in family {prefix} but its code does not start with it",
            m.code,
            m.name
        );
        assert!(
            m.code[2..].bytes().all(|b| b.is_ascii_digit()),
            "{}",
            m.code
        );
    }
}

#[test]
fn names_are_kebab_case() {
    for r in RULES.iter() {
        let n = r.meta().name;
        assert!(
            !n.is_empty()
                && !n.starts_with('-')
                && !n.ends_with('-')
                && !n.contains("--")
                && n.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "`{n}` is not kebab-case"
        );
    }
}

#[test]
fn the_registry_is_in_code_order() {
    let key = |code: &str, family: Family| {
        let f = FAMILY_ORDER
            .iter()
            .position(|x| *x == family)
            .expect("every family is in FAMILY_ORDER");
        (f, code_number(code))
    };
    for pair in RULES.windows(2) {
        let (a, b) = (pair[0].meta(), pair[1].meta());
        assert!(
            key(a.code, a.family) < key(b.code, b.family),
            "{} is registered before {}: keep the registry in code order",
            a.code,
            b.code
        );
    }
}
