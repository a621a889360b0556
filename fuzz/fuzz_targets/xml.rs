//! The XML reader must turn any text into a tree or an error, never panic, and every span
//! it reports must lie inside the text on character boundaries.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use sflint::xml::Document;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(doc) = Document::parse(Arc::from(text)) {
        for el in doc.elements() {
            for span in [el.span(), el.name_span(), el.text_span()] {
                assert!(span.end as usize <= text.len());
                assert!(text.is_char_boundary(span.start as usize));
                assert!(text.is_char_boundary(span.end as usize));
            }
            let _ = el.text();
        }
    }
});
