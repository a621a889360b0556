//! `object-permission = "edit"` with `object = "Account"`: an object right
//! (`<allowEdit>true` …) in `<objectPermissions>`.

use crate::access::FieldAccess;
use crate::model::{Flag, Loc, Model, ObjectPerm};
use crate::rules::Context;

use super::build::{SubjectInput, error, globs, span, suggest};
use super::compile::LoadError;
use super::glob::NameGlobs;
use super::scope::Target;
use super::template::Var;
use super::{Condition, Hit, Mode};

/// An object right and the element that holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Right {
    Read,
    Create,
    Edit,
    Delete,
    ViewAll,
    ModifyAll,
}

const RIGHTS: [(Right, &str, &str); 6] = [
    (Right::Read, "read", "allowRead"),
    (Right::Create, "create", "allowCreate"),
    (Right::Edit, "edit", "allowEdit"),
    (Right::Delete, "delete", "allowDelete"),
    (Right::ViewAll, "view-all", "viewAllRecords"),
    (Right::ModifyAll, "modify-all", "modifyAllRecords"),
];

impl Right {
    fn row(self) -> (Right, &'static str, &'static str) {
        RIGHTS
            .into_iter()
            .find(|r| r.0 == self)
            .expect("every right has a row")
    }

    pub fn key(self) -> &'static str {
        self.row().1
    }

    pub fn element(self) -> &'static str {
        self.row().2
    }

    fn pick(self) -> fn(&ObjectPerm) -> Option<Flag> {
        match self {
            Right::Read => |o| o.allow_read,
            Right::Create => |o| o.allow_create,
            Right::Edit => |o| o.allow_edit,
            Right::Delete => |o| o.allow_delete,
            Right::ViewAll => |o| o.view_all_records,
            Right::ModifyAll => |o| o.modify_all_records,
        }
    }
}

#[derive(Debug)]
pub struct ObjectPermission {
    pub right: Right,
    /// `None`: every object.
    pub objects: Option<NameGlobs>,
}

pub fn parse(input: &SubjectInput<'_>) -> Result<Box<dyn Condition>, LoadError> {
    let v = input.value.get_ref().trim();
    let keys: Vec<&str> = RIGHTS.iter().map(|r| r.1).collect();
    let right = RIGHTS
        .iter()
        .find(|r| r.1 == v)
        .map(|r| r.0)
        .ok_or_else(|| {
            error(
                span(input.value),
                format!("`{v}` is not an object permission"),
                Some(suggest(v, &keys)),
            )
        })?;
    let objects = input.cond.object.as_ref().map(globs).transpose()?;
    if input.mode == Mode::Require && objects.is_none() {
        return Err(error(
            span(input.value),
            "a `require` object-permission policy needs `object`",
            Some("name the objects every principal must have the right on, e.g. object = \"Account\"".into()),
        ));
    }
    Ok(Box::new(ObjectPermission { right, objects }))
}

/// Every object the project mentions: objects with field definitions and objects in
/// `<objectPermissions>` of any set, once each (first spelling wins).
pub fn project_objects(model: &Model) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let names = model.fields.iter().map(|f| f.object.as_str()).chain(
        model
            .sets
            .iter()
            .flat_map(|s| s.objects.iter().map(|o| o.object.value.as_str())),
    );
    for n in names {
        if seen.insert(n.to_ascii_lowercase()) {
            out.push(n.to_string());
        }
    }
    out
}

impl ObjectPermission {
    fn selects(&self, object: &str) -> bool {
        self.objects.as_ref().is_none_or(|g| g.is_match(object))
    }

    fn candidates(&self, cx: &Context<'_>) -> Vec<String> {
        project_objects(cx.model)
            .into_iter()
            .filter(|o| self.selects(o))
            .collect()
    }

    fn hit(&self, at: Loc, object: &str, label: String) -> Hit {
        Hit {
            at: Some(at),
            label,
            identity: format!("{object}/{}", self.right.key()),
            object: Some(object.to_string()),
            permission: Some(self.right.key().to_string()),
            ..Hit::default()
        }
    }

    /// The effective grant of an integration principal.
    fn effective(
        &self,
        cx: &Context<'_>,
        p: &crate::access::Principal,
        object: &str,
    ) -> Option<Loc> {
        let access = match self.right {
            Right::Read => cx.access.object_read(p, object),
            r => cx.access.object_right(p, object, r.pick()),
        };
        match access {
            FieldAccess::Granted(g) => Some(g.at),
            _ => None,
        }
    }
}

impl Condition for ObjectPermission {
    fn key(&self) -> &'static str {
        "object-permission"
    }

    fn granted(&self, cx: &Context<'_>, targets: &[Target<'_>], out: &mut Vec<(usize, Hit)>) {
        let label = format!("{} true", self.right.element());
        let candidates = self.candidates(cx);
        for (i, target) in targets.iter().enumerate() {
            match *target {
                Target::Set(s) => {
                    for o in &cx.model.sets[s].objects {
                        if !self.selects(&o.object.value) {
                            continue;
                        }
                        if let Some(f) = (self.right.pick())(o).filter(|f| f.value) {
                            out.push((i, self.hit(f.at, &o.object.value, label.clone())));
                        }
                    }
                }
                Target::Integration(p) => {
                    // The effective grant may come from another element (View All).
                    let label = format!("grants {}", self.right.key());
                    for object in &candidates {
                        if let Some(at) = self.effective(cx, p, object) {
                            out.push((i, self.hit(at, object, label.clone())));
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
            // Objects a set grants the right on, lower case.
            let granted: std::collections::HashSet<String> = match *target {
                Target::Set(s) => cx.model.sets[s]
                    .objects
                    .iter()
                    .filter(|o| Flag::is_true((self.right.pick())(o)))
                    .map(|o| o.object.value.to_ascii_lowercase())
                    .collect(),
                Target::Integration(_) => Default::default(),
            };
            for object in &candidates {
                let has = match *target {
                    Target::Set(_) => granted.contains(&object.to_ascii_lowercase()),
                    Target::Integration(p) => self.effective(cx, p, object).is_some(),
                };
                if !has {
                    let label = format!("no {} on {object}", self.right.element());
                    out.push((i, self.hit(root, object, label)));
                }
            }
        }
    }

    fn has_candidates(&self, cx: &Context<'_>) -> Result<(), String> {
        match &self.objects {
            Some(g) if self.candidates(cx).is_empty() => Err(format!(
                "no object in the project matches `object = [{}]`",
                quoted(g)
            )),
            _ => Ok(()),
        }
    }

    fn vars(&self) -> &'static [Var] {
        &[Var::Object, Var::Permission]
    }

    fn describe(&self) -> String {
        let on = match &self.objects {
            Some(g) => quoted(g),
            None => "any object".into(),
        };
        format!("object permission {} on {on}", self.right.key())
    }

    fn default_message(&self, mode: Mode) -> &'static str {
        match mode {
            Mode::Forbid => "{kind} `{principal}` grants {permission} on {object}",
            Mode::Require => "{kind} `{principal}` does not grant {permission} on {object}",
        }
    }

    fn default_help(&self, mode: Mode) -> &'static str {
        match mode {
            Mode::Forbid => "set this object permission to false, or remove the grant",
            Mode::Require => "add <objectPermissions> for {object} granting {permission}",
        }
    }
}

/// Globs for messages: `"A", "B*"`.
pub fn quoted(g: &NameGlobs) -> String {
    g.patterns()
        .map(|p| format!("\"{p}\""))
        .collect::<Vec<_>>()
        .join(", ")
}
