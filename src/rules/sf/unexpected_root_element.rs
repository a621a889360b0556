//! SF002: the root element does not match the kind the file name says.

use crate::config::Settings;
use crate::diagnostic::Severity;
use crate::model::Loc;
use crate::parse::ParsedFile;
use crate::rules::{Family, Rule, RuleMeta, Sink};

pub struct UnexpectedRootElement;

static META: RuleMeta = RuleMeta {
    code: "SF002",
    name: "unexpected-root-element",
    family: Family::Parse,
    severity: Severity::Error,
    enabled: true,
    summary: "The root element does not match the metadata kind the file name says",
    page: include_str!("../../../rules/unexpected-root-element.md"),
};

impl Rule for UnexpectedRootElement {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_file(&self, _settings: &Settings, file: &ParsedFile, sink: &mut Sink) {
        let (Some(doc), Some(expected)) = (file.xml(), file.kind.expected_root()) else {
            return;
        };
        let root = doc.root();
        if root.name() == expected {
            return;
        }
        sink.emit(
            Loc::new(file.id, root.name_span()),
            format!(
                "the root element is <{}>, but a {} file must have <{expected}>",
                root.name(),
                file.kind.label()
            ),
            format!(
                "rename the root element to <{expected}>, or rename the file if it holds another kind of metadata"
            ),
            root.name(),
        )
        .label(format!("expected <{expected}>"));
    }
}
