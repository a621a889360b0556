//! `field-access = "read" | "edit"` with field selectors: `object` and `field` globs,
//! `classification-at-least`, `compliance-group`, `type`, `encrypted`.
//!
//! Read is granted by `<readable>true` or by the object's `<viewAllFields>true`; edit by
//! `<editable>true`.

use std::collections::{HashMap, HashSet};

use toml::Spanned;

use crate::access::FieldAccess as Effective;
use crate::config::Classification;
use crate::model::{FieldDef, Loc, Model, PermSet};
use crate::rules::Context;

use super::build::{SubjectInput, error, globs, span, suggest};
use super::compile::LoadError;
use super::glob::NameGlobs;
use super::object_permission::quoted;
use super::scope::Target;
use super::template::Var;
use super::vocabulary::FIELD_TYPES;
use super::{Condition, Hit, Mode};
use crate::config::policy_schema::Names;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Right {
    Read,
    Edit,
}

impl Right {
    fn key(self) -> &'static str {
        match self {
            Right::Read => "read",
            Right::Edit => "edit",
        }
    }
}

/// Which fields a field-access policy is about. Selectors combine with "and"; a list
/// inside one selector with "or".
#[derive(Debug, Default)]
pub struct FieldSelector {
    pub objects: Option<NameGlobs>,
    /// Matched against the field's API name and against `Object.Field`.
    pub fields: Option<NameGlobs>,
    pub at_least: Option<String>,
    pub groups: Vec<String>,
    pub types: Vec<String>,
    pub encrypted: Option<bool>,
}

impl FieldSelector {
    /// Selectors that need the field's definition.
    fn needs_definition(&self) -> bool {
        self.at_least.is_some()
            || !self.groups.is_empty()
            || !self.types.is_empty()
            || self.encrypted.is_some()
    }

    fn is_empty(&self) -> bool {
        self.objects.is_none() && self.fields.is_none() && !self.needs_definition()
    }

    pub fn matches(
        &self,
        object: &str,
        field: &str,
        def: Option<&FieldDef>,
        c: &Classification,
    ) -> bool {
        if self.objects.as_ref().is_some_and(|g| !g.is_match(object)) {
            return false;
        }
        if let Some(g) = &self.fields
            && !g.is_match(field)
            && !g.is_match(&format!("{object}.{field}"))
        {
            return false;
        }
        if !self.needs_definition() {
            return true;
        }
        let Some(def) = def else {
            return false;
        };
        if let Some(min) = &self.at_least {
            let rank = def
                .security_classification
                .as_ref()
                .and_then(|t| c.rank(&t.value));
            match (rank, c.rank(min)) {
                (Some(r), Some(m)) if r >= m => {}
                _ => return false,
            }
        }
        if !self.groups.is_empty()
            && !def
                .compliance_tokens()
                .any(|t| self.groups.iter().any(|g| g.eq_ignore_ascii_case(t)))
        {
            return false;
        }
        if !self.types.is_empty() && !self.types.iter().any(|t| def.type_is(t)) {
            return false;
        }
        if let Some(want) = self.encrypted {
            let encrypted = def.type_is("EncryptedText")
                || def
                    .encryption_scheme
                    .as_ref()
                    .is_some_and(|e| !e.value.eq_ignore_ascii_case("None"));
            if encrypted != want {
                return false;
            }
        }
        true
    }

    fn describe(&self) -> String {
        let mut out = String::from("fields");
        if let Some(g) = &self.fields {
            out.push_str(&format!(" named {}", quoted(g)));
        }
        if let Some(g) = &self.objects {
            out.push_str(&format!(" of object {}", quoted(g)));
        }
        if let Some(l) = &self.at_least {
            out.push_str(&format!(" classified {l} or higher"));
        }
        if !self.groups.is_empty() {
            out.push_str(&format!(
                " in compliance group {}",
                self.groups.join(" or ")
            ));
        }
        if !self.types.is_empty() {
            out.push_str(&format!(" of type {}", self.types.join(" or ")));
        }
        match self.encrypted {
            Some(true) => out.push_str(" that are encrypted"),
            Some(false) => out.push_str(" that are not encrypted"),
            None => {}
        }
        if out == "fields" {
            "any field".into()
        } else {
            out
        }
    }
}

#[derive(Debug)]
pub struct FieldAccessCondition {
    pub right: Right,
    pub select: FieldSelector,
}

/// Check each listed value against `known` (case-insensitively), keeping the known spelling.
fn known_values(
    value: &Spanned<Names>,
    known: &[&str],
    what: &str,
) -> Result<Vec<String>, LoadError> {
    let mut out = Vec::new();
    for item in Names::items(value) {
        let v = item.get_ref().trim();
        match known.iter().find(|k| k.eq_ignore_ascii_case(v)) {
            Some(k) => out.push(k.to_string()),
            None => {
                return Err(error(
                    span(&item),
                    format!("`{v}` is not {what}"),
                    Some(suggest(v, known)),
                ));
            }
        }
    }
    Ok(out)
}

pub fn parse(input: &SubjectInput<'_>) -> Result<Box<dyn Condition>, LoadError> {
    let right = match input.value.get_ref().trim() {
        "read" => Right::Read,
        "edit" => Right::Edit,
        other => {
            return Err(error(
                span(input.value),
                format!("`{other}` is not a field access"),
                Some(suggest(other, &["read", "edit"])),
            ));
        }
    };
    let c = input.cond;
    let cl = input.classification;
    let levels: Vec<&str> = cl.levels.iter().map(String::as_str).collect();
    let groups = cl.known_compliance_groups();
    let at_least = match &c.classification_at_least {
        None => None,
        Some(l) => {
            let v = l.get_ref().trim();
            if cl.rank(v).is_none() {
                return Err(error(
                    span(l),
                    format!("`{v}` is not a classification level"),
                    Some(format!(
                        "{} (`[classification] levels`)",
                        suggest(v, &levels)
                    )),
                ));
            }
            Some(v.to_string())
        }
    };
    let select = FieldSelector {
        objects: c.object.as_ref().map(globs).transpose()?,
        fields: c.field.as_ref().map(globs).transpose()?,
        at_least,
        groups: match &c.compliance_group {
            Some(g) => known_values(g, &groups, "a compliance group")?,
            None => Vec::new(),
        },
        types: match &c.field_type {
            Some(t) => known_values(t, FIELD_TYPES, "a field type")?,
            None => Vec::new(),
        },
        encrypted: c.encrypted.as_ref().map(|b| *b.get_ref()),
    };
    if input.mode == Mode::Require && select.is_empty() {
        return Err(error(
            span(input.value),
            "a `require` field-access policy needs a field selector",
            Some("add `object`, `field`, `classification-at-least`, `compliance-group`, `type` or `encrypted`".into()),
        ));
    }
    Ok(Box::new(FieldAccessCondition { right, select }))
}

#[derive(Default)]
struct SetGrants {
    fields: HashMap<String, Loc>,
    objects: HashMap<String, Loc>,
}

/// A field the project mentions, with its definition when it has one.
struct Candidate<'m> {
    object: String,
    field: String,
    def: Option<&'m FieldDef>,
}

impl Candidate<'_> {
    fn qualified(&self) -> String {
        format!("{}.{}", self.object, self.field)
    }
}

/// Every field the project defines or names in a field permission, once each.
fn project_fields(model: &Model) -> Vec<Candidate<'_>> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for def in &model.fields {
        if seen.insert(def.qualified().to_ascii_lowercase()) {
            out.push(Candidate {
                object: def.object.clone(),
                field: def.name.clone(),
                def: Some(def),
            });
        }
    }
    for set in &model.sets {
        for fp in &set.fields {
            if seen.insert(fp.field.value.to_ascii_lowercase()) {
                out.push(Candidate {
                    object: fp.object().to_string(),
                    field: fp.field_name().to_string(),
                    def: model.field(fp.object(), fp.field_name()),
                });
            }
        }
    }
    out
}

impl FieldAccessCondition {
    fn candidates<'m>(&self, cx: &'m Context<'_>) -> Vec<Candidate<'m>> {
        let c = &cx.settings.classification;
        project_fields(cx.model)
            .into_iter()
            .filter(|f| self.select.matches(&f.object, &f.field, f.def, c))
            .collect()
    }

    fn hit(&self, at: Loc, f: &Candidate<'_>, label: &str) -> Hit {
        Hit {
            at: Some(at),
            label: label.into(),
            identity: format!("{}/{}", f.qualified(), self.right.key()),
            object: Some(f.object.clone()),
            field: Some(f.qualified()),
            permission: Some(self.right.key().to_string()),
            level: Some(
                f.def
                    .and_then(|d| d.security_classification.as_ref())
                    .map_or_else(|| "unclassified".to_string(), |t| t.value.to_string()),
            ),
            element: None,
        }
    }

    /// A set's own grants: `readable`/`editable` true by lower-case `Object.Field`, and
    /// (read) `viewAllFields` true by lower-case object.
    fn set_grants(&self, set: &PermSet) -> SetGrants {
        let mut grants = SetGrants::default();
        for fp in &set.fields {
            let flag = match self.right {
                Right::Read => fp.readable,
                Right::Edit => fp.editable,
            };
            if let Some(f) = flag.filter(|f| f.value) {
                grants
                    .fields
                    .entry(fp.field.value.to_ascii_lowercase())
                    .or_insert(f.at);
            }
        }
        if self.right == Right::Read {
            for o in &set.objects {
                if let Some(v) = o.view_all_fields.filter(|v| v.value) {
                    grants
                        .objects
                        .entry(o.object.value.to_ascii_lowercase())
                        .or_insert(v.at);
                }
            }
        }
        grants
    }

    /// Where the set grants this field, and the label to show there.
    fn set_grant(&self, grants: &SetGrants, f: &Candidate<'_>) -> Option<(Loc, &'static str)> {
        if let Some(&at) = grants.fields.get(&f.qualified().to_ascii_lowercase()) {
            let label = match self.right {
                Right::Read => "readable",
                Right::Edit => "editable",
            };
            return Some((at, label));
        }
        grants
            .objects
            .get(&f.object.to_ascii_lowercase())
            .map(|&at| (at, "View All Fields"))
    }

    fn effective(
        &self,
        cx: &Context<'_>,
        p: &crate::access::Principal,
        f: &Candidate<'_>,
    ) -> Option<Loc> {
        let access = match self.right {
            Right::Read => cx.access.field_read(p, &f.object, &f.field),
            Right::Edit => cx.access.field_edit(p, &f.object, &f.field),
        };
        match access {
            Effective::Granted(g) => Some(g.at),
            _ => None,
        }
    }
}

impl Condition for FieldAccessCondition {
    fn key(&self) -> &'static str {
        "field-access"
    }

    fn granted(&self, cx: &Context<'_>, targets: &[Target<'_>], out: &mut Vec<(usize, Hit)>) {
        let candidates = self.candidates(cx);
        for (i, target) in targets.iter().enumerate() {
            match *target {
                Target::Set(s) => {
                    let grants = self.set_grants(&cx.model.sets[s]);
                    for f in &candidates {
                        if let Some((at, label)) = self.set_grant(&grants, f) {
                            out.push((i, self.hit(at, f, label)));
                        }
                    }
                }
                Target::Integration(p) => {
                    for f in &candidates {
                        if let Some(at) = self.effective(cx, p, f) {
                            let label = format!("grants {}", self.right.key());
                            out.push((i, self.hit(at, f, &label)));
                        }
                    }
                }
            }
        }
    }

    fn missing(&self, cx: &Context<'_>, targets: &[Target<'_>], out: &mut Vec<(usize, Hit)>) {
        let candidates = self.candidates(cx);
        for (i, target) in targets.iter().enumerate() {
            let Some(root) = target.root(cx) else {
                continue;
            };
            let grants = match *target {
                Target::Set(s) => self.set_grants(&cx.model.sets[s]),
                Target::Integration(_) => SetGrants::default(),
            };
            for f in &candidates {
                let has = match *target {
                    Target::Set(_) => self.set_grant(&grants, f).is_some(),
                    Target::Integration(p) => self.effective(cx, p, f).is_some(),
                };
                if !has {
                    let label = format!("cannot {} {}", self.right.key(), f.qualified());
                    out.push((i, self.hit(root, f, &label)));
                }
            }
        }
    }

    fn has_candidates(&self, cx: &Context<'_>) -> Result<(), String> {
        if self.select.is_empty() || !self.candidates(cx).is_empty() {
            Ok(())
        } else {
            Err(format!(
                "no field in the project is one of the {}",
                self.select.describe()
            ))
        }
    }

    fn vars(&self) -> &'static [Var] {
        &[Var::Object, Var::Field, Var::Permission, Var::Level]
    }

    fn describe(&self) -> String {
        format!("{} access to {}", self.right.key(), self.select.describe())
    }

    fn default_message(&self, mode: Mode) -> &'static str {
        match mode {
            Mode::Forbid => "{kind} `{principal}` can {permission} {field}",
            Mode::Require => "{kind} `{principal}` cannot {permission} {field}",
        }
    }

    fn default_help(&self, mode: Mode) -> &'static str {
        match mode {
            Mode::Forbid => "remove the grant: set it to false in this file",
            Mode::Require => "add <fieldPermissions> for {field} granting {permission}",
        }
    }
}
