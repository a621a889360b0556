//! Per-set indexes built once with the model, so the cross-file rules don't each hash
//! every entry again: where the first entry for a name is, which entries repeat an
//! earlier one's name (PM005), and the field definition each field permission names.

use super::key::{HashedMap, ci_hash};
use super::{FieldDef, Model, PermSet};
use crate::interned::{ByAddress, Name};

/// "No field definition" in [`SetIndex::defs`].
const NONE: u32 = u32::MAX;

#[derive(Debug, Default)]
pub struct SetIndex {
    /// `Object.Field` (case-insensitive hash) -> first field permission.
    fields: HashedMap<u32>,
    /// Object -> first object permission.
    objects: HashedMap<u32>,
    /// For each field permission: the index in `Model::fields` of the field it names
    /// ([`Model::field`]), or [`NONE`].
    defs: Vec<u32>,
    /// Field permissions whose name (ignoring ASCII case) an earlier one has: (entry,
    /// first entry), in entry order.
    pub field_repeats: Vec<(u32, u32)>,
    /// The same for object permissions.
    pub object_repeats: Vec<(u32, u32)>,
}

/// Index entries by name: the map from name hash to first entry, and the entries whose
/// name an earlier entry has. Two names with the same hash that differ are not repeats.
/// `each` sees every entry with its name's hash.
pub fn first_and_repeats<'a>(
    names: impl ExactSizeIterator<Item = &'a str>,
    name_of: impl Fn(u32) -> &'a str,
    mut each: impl FnMut(&'a str, u64),
) -> (HashedMap<u32>, Vec<(u32, u32)>) {
    let hashed = names.map(|name| {
        let hash = ci_hash(&[name]);
        each(name, hash);
        (name, hash)
    });
    first_and_repeats_hashed(hashed, name_of)
}

/// [`first_and_repeats`] of names given with their [`ci_hash`].
fn first_and_repeats_hashed<'a>(
    names: impl ExactSizeIterator<Item = (&'a str, u64)>,
    name_of: impl Fn(u32) -> &'a str,
) -> (HashedMap<u32>, Vec<(u32, u32)>) {
    let mut map = HashedMap::with_capacity_and_hasher(names.len(), Default::default());
    let mut repeats = Vec::new();
    for (i, (name, hash)) in names.enumerate() {
        let i = i as u32;
        match map.entry(hash) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(i);
            }
            std::collections::hash_map::Entry::Occupied(o) => {
                let first = *o.get();
                if name_of(first).eq_ignore_ascii_case(name) {
                    repeats.push((i, first));
                }
            }
        }
    }
    (map, repeats)
}

/// The [`ci_hash`] and field definition ([`NONE`] for none) of each distinct name of a
/// field permission in the model: profiles name the same fields, so each name is hashed
/// and looked up once, not once per set.
pub struct FieldNames<'m> {
    model: &'m Model,
    names: ByAddress<usize, (u64, u32)>,
}

impl<'m> FieldNames<'m> {
    /// Every field permission's name in `sets`; `model` has its field index built.
    pub fn of(model: &'m Model, sets: &[std::sync::Arc<PermSet>]) -> FieldNames<'m> {
        let mut names: ByAddress<usize, (u64, u32)> = ByAddress::default();
        for set in sets {
            for f in &set.fields {
                names
                    .entry(f.field.value.addr())
                    .or_insert_with(|| look_up(model, f.field.value));
            }
        }
        FieldNames { model, names }
    }

    /// The hash and field definition of `name`, a field permission's name.
    fn get(&self, name: Name) -> (u64, u32) {
        self.names
            .get(&name.addr())
            .copied()
            .unwrap_or_else(|| look_up(self.model, name))
    }
}

/// The hash of a field permission's name and the field definition it names.
fn look_up(model: &Model, name: Name) -> (u64, u32) {
    let hash = ci_hash(&[name.as_str()]);
    let def = model.field_id_of_qualified(&name, hash);
    (hash, def.map_or(NONE, |i| i as u32))
}

impl SetIndex {
    /// Index `set`; `model` has its field index built, and `names` holds the hash and
    /// field definition of every field permission's name ([`FieldNames::of`]).
    pub fn build(set: &PermSet, names: &FieldNames) -> SetIndex {
        let mut defs = Vec::with_capacity(set.fields.len());
        let (fields, field_repeats) = first_and_repeats_hashed(
            set.fields.iter().map(|f| {
                let (hash, def) = names.get(f.field.value);
                defs.push(def);
                (f.field.value.as_str(), hash)
            }),
            |i| &set.fields[i as usize].field.value,
        );
        let (objects, object_repeats) = first_and_repeats(
            set.objects.iter().map(|o| o.object.value.as_str()),
            |i| &set.objects[i as usize].object.value,
            |_, _| {},
        );
        SetIndex {
            fields,
            objects,
            defs,
            field_repeats,
            object_repeats,
        }
    }

    /// The first field permission for `Object.Field`: a candidate, to be checked by name.
    pub fn first_field(&self, object: &str, field: &str) -> Option<usize> {
        self.fields
            .get(&ci_hash(&[object, ".", field]))
            .map(|&i| i as usize)
    }

    /// The first object permission for `object`: a candidate, to be checked by name.
    pub fn first_object(&self, object: &str) -> Option<usize> {
        self.objects.get(&ci_hash(&[object])).map(|&i| i as usize)
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
    /// The definition of the field the `entry`-th field permission of set `set` names:
    /// `self.field(fp.object(), fp.field_name())`, looked up once when the model was built.
    pub fn field_of_entry(&self, set: usize, entry: usize) -> Option<&FieldDef> {
        self.fields.get(self.field_id_of_entry(set, entry)?)
    }

    /// [`Model::field_of_entry`] as an index into `fields`.
    pub fn field_id_of_entry(&self, set: usize, entry: usize) -> Option<usize> {
        self.set_index.get(set)?.def(entry)
    }

    /// The indexes of set `set` (index into `sets`).
    pub fn set_index(&self, set: usize) -> Option<&SetIndex> {
        self.set_index.get(set)
    }
}
