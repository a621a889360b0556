//! `element = "description"`: a child element of a profile's or permission set's root,
//! present when it has text or children.

use crate::model::{Loc, PermSet};
use crate::rules::Context;

use super::build::{SubjectInput, error, span};
use super::compile::LoadError;
use super::scope::Target;
use super::template::Var;
use super::vocabulary::elements_of;
use super::{Condition, Hit, Mode};

#[derive(Debug)]
pub struct Element {
    pub name: String,
}

pub fn parse(input: &SubjectInput<'_>) -> Result<Box<dyn Condition>, LoadError> {
    let v = input.value.get_ref().trim();
    let mut known: Vec<&str> = input
        .kinds
        .iter()
        .flat_map(|k| elements_of(*k).iter().copied())
        .collect();
    known.sort_unstable();
    known.dedup();
    if !known.contains(&v) {
        let help = match crate::salesforce::names::did_you_mean(v, known.iter().copied()) {
            Some(c) => format!("did you mean `{c}`?"),
            None => format!("the elements of these principals: {}", known.join(", ")),
        };
        return Err(error(
            span(input.value),
            format!("`{v}` is not an element of the principals this policy ranges over"),
            Some(help),
        ));
    }
    Ok(Box::new(Element {
        name: v.to_string(),
    }))
}

impl Element {
    /// The element in the set's files, when present with content: where to point.
    fn find(&self, _cx: &Context<'_>, set: &PermSet) -> Option<Loc> {
        set.element(&self.name)
    }

    fn hit(&self, at: Option<Loc>, label: String) -> Hit {
        Hit {
            at,
            label,
            identity: format!("element/{}", self.name),
            element: Some(self.name.clone()),
            ..Hit::default()
        }
    }
}

impl Condition for Element {
    fn key(&self) -> &'static str {
        "element"
    }

    fn granted(&self, cx: &Context<'_>, targets: &[Target<'_>], out: &mut Vec<(usize, Hit)>) {
        for (i, target) in targets.iter().enumerate() {
            let Some(set) = target.set(cx) else { continue };
            if let Some(at) = self.find(cx, set) {
                out.push((i, self.hit(Some(at), format!("<{}>", self.name))));
            }
        }
    }

    fn missing(&self, cx: &Context<'_>, targets: &[Target<'_>], out: &mut Vec<(usize, Hit)>) {
        for (i, target) in targets.iter().enumerate() {
            let Some(set) = target.set(cx) else { continue };
            if self.find(cx, set).is_none() {
                out.push((i, self.hit(Some(set.root), format!("no <{}>", self.name))));
            }
        }
    }

    fn vars(&self) -> &'static [Var] {
        &[Var::Element]
    }

    fn describe(&self) -> String {
        format!("a <{}> element", self.name)
    }

    fn default_message(&self, mode: Mode) -> &'static str {
        match mode {
            Mode::Forbid => "{kind} `{principal}` has a <{element}> element",
            Mode::Require => "{kind} `{principal}` has no <{element}> element",
        }
    }

    fn default_help(&self, mode: Mode) -> &'static str {
        match mode {
            Mode::Forbid => "remove <{element}> from this file",
            Mode::Require => "add <{element}> to this file",
        }
    }
}
