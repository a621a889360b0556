//! SF002: the root element does not match the kind the file name says.

use crate::config::Settings;
use crate::model::Loc;
use crate::parse::ParsedFile;
use crate::rules::{Rule, RuleMeta, Sink, declare_rule};

declare_rule! {
    pub struct UnexpectedRootElement {
        code: "SF002",
        name: "unexpected-root-element",
        severity: Error,
        summary: "The root element does not match the metadata kind the file name says",
    }
}

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
        sink.report(Loc::new(file.id, root.name_span()), format!(
                "the root element is <{}>, but a {} file must have <{expected}>",
                root.name(),
                file.kind.label()
            ))
.help(format!(
                "rename the root element to <{expected}>, or rename the file if it holds another kind of metadata"
            ))
.identity(root.name())
        .label(format!("expected <{expected}>"));
    }
}
