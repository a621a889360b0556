//! The configuration reader (sflint.toml, with policies and the access-matrix CSV) must
//! accept or reject any text without panicking; an error's span must lie in the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sflint::catalog::Setup;
use sflint::config::Overrides;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match Setup::from_toml(text, None, &Overrides::default()) {
        Ok(_) => {}
        Err(sflint::error::AppError::Config { span: Some(span), .. }) => {
            assert!(span.end as usize <= text.len() || span.start == span.end);
        }
        Err(_) => {}
    }
    // The same text as an access matrix.
    if let Err(e) = sflint::matrix::parse(sflint::diagnostic::FileId(0), text) {
        assert!(e.span.end as usize <= text.len(), "span {:?} outside", e.span);
    }
});
