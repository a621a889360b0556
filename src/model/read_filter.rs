//! Which fields a set may grant read on, without its entries: a Bloom filter of the names
//! (`Object.Field` as written) its `<fieldPermissions>` grant read on, kept in the head of
//! a set's cache entry. A run naming a few field files asks it which sets to read to find
//! one granting each field (PM009), instead of reading every set. A name it holds is only
//! maybe granted (the set is read to know); a name it does not hold is not written in a
//! granting entry of the set.

use serde::{Deserialize, Serialize};

use crate::diagnostic::hash64;

use super::perms::PermSet;

/// Bits per name: with three probes, about one name in a hundred not granted is
/// reported as maybe granted.
const BITS_PER_NAME: usize = 12;
const PROBES: u64 = 3;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadFilter {
    /// A power of two of bits (none for a set that grants read on no field).
    words: Vec<u64>,
}

impl ReadFilter {
    /// The filter of the names `set` grants read on ([`FieldPerm::read_grant`]).
    ///
    /// [`FieldPerm::read_grant`]: super::perms::FieldPerm::read_grant
    pub fn of(set: &PermSet) -> ReadFilter {
        let granted = || set.fields.iter().filter(|fp| fp.read_grant().is_some());
        let count = granted().count();
        if count == 0 {
            return ReadFilter::default();
        }
        let len = (count * BITS_PER_NAME).next_power_of_two().max(64);
        let mut filter = ReadFilter {
            words: vec![0; len / 64],
        };
        for fp in granted() {
            for bit in bits(&fp.field.value, len) {
                filter.words[bit / 64] |= 1 << (bit % 64);
            }
        }
        filter
    }

    /// May the set grant read on `name` (as written in its entries)? False when it
    /// surely does not.
    pub fn may_hold(&self, name: &str) -> bool {
        !self.words.is_empty()
            && bits(name, self.words.len() * 64)
                .all(|bit| self.words[bit / 64] & (1 << (bit % 64)) != 0)
    }

    /// How much the set grants (its size in words): fewer is cheaper to read.
    pub fn size(&self) -> usize {
        self.words.len()
    }
}

/// The `PROBES` bits of `name` in a filter of `len` bits (a power of two): from one hash,
/// split in two (double hashing).
fn bits(name: &str, len: usize) -> impl Iterator<Item = usize> {
    let h = hash64(name.as_bytes());
    let (a, b) = (h, (h >> 32) | 1);
    let mask = len.saturating_sub(1) as u64;
    (0..PROBES).map(move |i| (a.wrapping_add(i.wrapping_mul(b)) & mask) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::FileId;
    use crate::interned::Name;
    use crate::model::perms::FieldPerm;
    use crate::model::{Flag, Loc, SetKind, Text};
    use crate::source::Span;

    fn at() -> Loc {
        Loc::new(FileId(0), Span::new(0, 0))
    }

    fn grant(name: &str, readable: bool, editable: bool) -> FieldPerm {
        let at = at();
        let flag = |value| Some(Flag { value, at });
        FieldPerm {
            field: Text {
                value: Name::new(name),
                at,
            },
            elem: at,
            readable: flag(readable),
            editable: flag(editable),
        }
    }

    #[test]
    fn holds_every_granted_name_and_few_others() {
        let mut set = PermSet::new(SetKind::Profile, "P".into(), at());
        for i in 0..5000 {
            set.fields
                .push(grant(&format!("Account.Read_{i}__c"), true, false));
            set.fields
                .push(grant(&format!("Account.Edit_{i}__c"), false, true));
            set.fields
                .push(grant(&format!("Account.None_{i}__c"), false, false));
        }
        let filter = ReadFilter::of(&set);
        for i in 0..5000 {
            assert!(filter.may_hold(&format!("Account.Read_{i}__c")));
            assert!(filter.may_hold(&format!("Account.Edit_{i}__c")));
        }
        let maybe = (0..5000)
            .filter(|i| filter.may_hold(&format!("Account.None_{i}__c")))
            .count();
        assert!(maybe < 5000 / 20, "{maybe} of 5000 names not granted held");
        // A set that grants nothing holds nothing.
        let empty = ReadFilter::of(&PermSet::new(SetKind::Profile, "E".into(), at()));
        assert!(!empty.may_hold("Account.Read_1__c"));
        assert_eq!(empty.size(), 0);
    }
}
