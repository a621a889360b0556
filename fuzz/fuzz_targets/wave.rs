//! The dataflow and recipe readers must accept or reject any text without panicking, and
//! every read's spans must slice the original text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for parse in [sflint::analytics::parse_dataflow, sflint::analytics::parse_recipe] {
        if let Ok(content) = parse(text) {
            for r in &content.reads {
                for span in [r.field.span, r.object.span] {
                    assert!(text.get(span.range()).is_some(), "span {span:?} outside the text");
                }
            }
        }
    }
});
