//! Per-set indexes built once with the model, so the cross-file rules don't each hash
//! every entry again: where the first entry for a name is, which entries repeat an
//! earlier one's name (PM005), and the field definition each field permission names.

use super::key::ci_hash;
use super::{FieldDef, Model, PermSet};
use crate::interned::{Name, PerName};

/// "No field definition" in [`SetIndex::defs`].
const NONE: u32 = u32::MAX;

#[derive(Debug, Default)]
pub struct SetIndex {
    /// The field permissions by `Object.Field` (case-insensitive).
    fields: ByName,
    /// The object permissions by object.
    objects: ByName,
    /// For each field permission: the index in `Model::fields` of the field it names
    /// ([`Model::field`]), or [`NONE`].
    defs: Vec<u32>,
    /// Field permissions whose name (ignoring ASCII case) an earlier one has: (entry,
    /// first entry), in entry order.
    pub field_repeats: Vec<(u32, u32)>,
    /// The same for object permissions.
    pub object_repeats: Vec<(u32, u32)>,
}

/// A list's entries by name: (32-bit name hash, entry) sorted, eight bytes an entry (a
/// hash map takes about four times that, and a 1 GB org has millions of entries). Names
/// are compared on every hit, so two names with the same hash are never confused.
#[derive(Debug, Default)]
pub struct ByName(Vec<(u32, u32)>);

/// A [`ci_hash`] folded to 32 bits.
fn fold(hash: u64) -> u32 {
    (hash >> 32) as u32 ^ hash as u32
}

impl ByName {
    /// Index entries given by their names' [`ci_hash`], in entry order.
    fn build(hashes: impl ExactSizeIterator<Item = u64>) -> ByName {
        let mut pairs: Vec<(u32, u32)> = hashes
            .enumerate()
            .map(|(i, h)| (fold(h), i as u32))
            .collect();
        pairs.sort_unstable();
        ByName(pairs)
    }

    /// The entries whose name may have this [`ci_hash`], in entry order.
    pub fn candidates(&self, hash: u64) -> impl Iterator<Item = usize> + '_ {
        let h = fold(hash);
        let start = self.0.partition_point(|&(x, _)| x < h);
        self.0[start..]
            .iter()
            .take_while(move |&&(x, _)| x == h)
            .map(|&(_, i)| i as usize)
    }

    /// The entries whose name (`same` says whether two entries' names are equal) an
    /// earlier entry has: (entry, first entry with that name), in entry order.
    fn repeats(&self, same: impl Fn(u32, u32) -> bool) -> Vec<(u32, u32)> {
        let mut repeats = Vec::new();
        for run in self.0.chunk_by(|a, b| a.0 == b.0).filter(|r| r.len() > 1) {
            for (j, &(_, entry)) in run.iter().enumerate().skip(1) {
                if let Some(&(_, first)) = run[..j].iter().find(|&&(_, k)| same(k, entry)) {
                    repeats.push((entry, first));
                }
            }
        }
        repeats.sort_unstable();
        repeats
    }
}

/// Index entries by name: the entries by name, and the entries whose name (ignoring ASCII
/// case) an earlier entry has, with the first entry of that name, in entry order.
pub fn first_and_repeats<'a>(
    names: impl ExactSizeIterator<Item = &'a str>,
    name_of: impl Fn(u32) -> &'a str,
) -> (ByName, Vec<(u32, u32)>) {
    let index = ByName::build(names.map(|name| ci_hash(&[name])));
    let repeats = index.repeats(|a, b| name_of(a).eq_ignore_ascii_case(name_of(b)));
    (index, repeats)
}

/// The [`ci_hash`] and field definition ([`NONE`] for none) of each distinct name of a
/// field permission, worked out the first time a set names it: profiles name the same
/// fields, so each name is hashed and looked up once, not once per set.
pub type FieldNames = PerName<(u64, u32)>;

/// The hash of a field permission's name and the field definition it names.
fn look_up(model: &Model, name: Name) -> (u64, u32) {
    let hash = model.permission_hash(&name);
    let def = model.field_id_of_qualified(&name, hash);
    (hash, def.map_or(NONE, |i| i as u32))
}

impl SetIndex {
    /// Index `set`; `model` has its field index built.
    pub fn build(model: &Model, set: &PermSet, names: &FieldNames) -> SetIndex {
        let mut defs = Vec::with_capacity(set.fields.len());
        let fields = ByName::build(set.fields.iter().map(|f| {
            let name = f.field.value;
            let (hash, def) = names.get(name, || look_up(model, name));
            defs.push(def);
            hash
        }));
        let field_name = |i: u32| set.fields[i as usize].field.value;
        // Interned: equal names are one index; a repeat that differs in case compares text.
        let field_repeats = fields.repeats(|a, b| {
            let (a, b) = (field_name(a), field_name(b));
            a == b || model.same_permission(&a, &b)
        });
        // Object permissions by their names without the own namespace.
        let objects = ByName::build(
            set.objects
                .iter()
                .map(|o| model.permission_hash(&o.object.value)),
        );
        let object_repeats = objects.repeats(|a, b| {
            let name = |i: u32| set.objects[i as usize].object.value.as_str();
            model.same_permission(name(a), name(b))
        });
        SetIndex {
            fields,
            objects,
            defs,
            field_repeats,
            object_repeats,
        }
    }

    /// The field permissions that may be for `Object.Field`, in entry order: candidates, to
    /// be checked by name.
    pub fn field_candidates(&self, object: &str, field: &str) -> impl Iterator<Item = usize> + '_ {
        self.fields.candidates(ci_hash(&[object, ".", field]))
    }

    /// The object permissions that may be for `object`, in entry order: candidates, to be
    /// checked by name.
    pub fn object_candidates(&self, object: &str) -> impl Iterator<Item = usize> + '_ {
        self.objects.candidates(ci_hash(&[object]))
    }

    /// The field definition the `entry`-th field permission names, as an index into
    /// `Model::fields`.
    pub fn def(&self, entry: usize) -> Option<usize> {
        self.defs
            .get(entry)
            .filter(|&&d| d != NONE)
            .map(|&d| d as usize)
    }
}

impl Model {
    /// Read now, in parallel, the sets from the cache that `wanted` picks by their heads
    /// (those whose findings the run reports: the rules will read them anyway, one by
    /// one), and index them.
    pub fn preload(&self, wanted: impl Fn(&super::SetHead) -> bool + Sync) {
        use rayon::prelude::*;
        (0..self.sets.len())
            .into_par_iter()
            .with_max_len(1)
            .filter(|&i| wanted(self.sets[i].head()))
            .for_each(|i| {
                self.set_index(i);
            });
    }

    /// The definition of the field the `entry`-th field permission of set `set` names:
    /// `self.field(fp.object(), fp.field_name())`, looked up once when the model was built.
    pub fn field_of_entry(&self, set: usize, entry: usize) -> Option<&FieldDef> {
        self.fields.get(self.field_id_of_entry(set, entry)?)
    }

    /// [`Model::field_of_entry`] as an index into `fields`.
    pub fn field_id_of_entry(&self, set: usize, entry: usize) -> Option<usize> {
        self.set_index(set)?.def(entry)
    }

    /// The indexes of set `set` (index into `sets`), built now for a set read from the
    /// cache since the model was built.
    pub fn set_index(&self, set: usize) -> Option<&SetIndex> {
        let cell = self.set_index.get(set)?;
        Some(cell.get_or_init(|| SetIndex::build(self, &self.sets[set], &self.field_names)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_share_a_hash_are_told_apart() {
        // Five entries, all but `c` with one hash: the index must compare names.
        let names = ["a", "b", "A", "c", "b"];
        let index = ByName::build([7u64, 7, 7, 9, 7].into_iter());
        let same = |x: u32, y: u32| names[x as usize].eq_ignore_ascii_case(names[y as usize]);
        assert_eq!(index.repeats(same), [(2, 0), (4, 1)]);
        assert_eq!(index.candidates(7).collect::<Vec<_>>(), [0, 1, 2, 4]);
        assert_eq!(index.candidates(9).collect::<Vec<_>>(), [3]);
        assert_eq!(index.candidates(8).count(), 0);
    }

    #[test]
    fn first_and_repeats_ignore_case() {
        let names = [
            "Account", "Contact", "ACCOUNT", "Lead", "contact", "account",
        ];
        let (index, repeats) = first_and_repeats(names.iter().copied(), |i| names[i as usize]);
        assert_eq!(repeats, [(2, 0), (4, 1), (5, 0)]);
        let first = index
            .candidates(ci_hash(&["lead"]))
            .find(|&i| names[i].eq_ignore_ascii_case("lead"));
        assert_eq!(first, Some(3));
    }
}
