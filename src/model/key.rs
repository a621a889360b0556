//! Case-insensitive hash keys for API names, so indexes need no owned `String` per entry
//! (a retrieved org has millions of field permissions). Lookups verify the name on a hit.

/// FNV-1a over the ASCII-lowercased bytes of the concatenated parts:
/// `ci_hash(&["Account", ".", "Name"]) == ci_hash(&["account.name"])`.
pub fn ci_hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes() {
            h ^= u64::from(b.to_ascii_lowercase());
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// A hasher for keys that are already hashes ([`ci_hash`]): it passes the `u64` through,
/// so maps keyed by them don't hash twice.
#[derive(Default, Clone, Copy)]
pub struct PassThrough(u64);

impl std::hash::Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only u64 keys are expected; fold anything else in so it still works.
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A map keyed by [`ci_hash`] values.
pub type HashedMap<V> =
    std::collections::HashMap<u64, V, std::hash::BuildHasherDefault<PassThrough>>;

/// Does `qualified` (`Object.Field`) name `object`.`field`, ignoring ASCII case?
pub fn is_qualified(qualified: &str, object: &str, field: &str) -> bool {
    qualified.len() == object.len() + 1 + field.len()
        && qualified.as_bytes().get(object.len()) == Some(&b'.')
        && qualified[..object.len()].eq_ignore_ascii_case(object)
        && qualified[object.len() + 1..].eq_ignore_ascii_case(field)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashing_ignores_case_and_splits() {
        assert_eq!(
            ci_hash(&["Account", ".", "Name"]),
            ci_hash(&["account.NAME"])
        );
        assert_ne!(ci_hash(&["Account.Name"]), ci_hash(&["Account.Nam"]));
        assert!(is_qualified("Account.Name__c", "account", "NAME__C"));
        assert!(!is_qualified("Account.Name__c", "Accoun", "t.Name__c"));
        assert!(!is_qualified("AccountXName__c", "Account", "Name__c"));
        assert!(!is_qualified("Ä.b", "ä", "b"));
    }
}
