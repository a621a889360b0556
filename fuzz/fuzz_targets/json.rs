//! The JSON reader (dataflows, recipes, user definitions) must accept or reject any text
//! without panicking; every value's and key's span, and an error's span, must slice the text
//! on character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sflint::json::{Json, JsonValue, parse};

fn check(v: &Json, text: &str) {
    assert!(text.get(v.span.range()).is_some(), "value span {:?}", v.span);
    match &v.value {
        JsonValue::Array(items) => items.iter().for_each(|i| check(i, text)),
        JsonValue::Object(members) => {
            for (k, val) in members {
                assert!(text.get(k.span.range()).is_some(), "key span {:?}", k.span);
                check(val, text);
            }
        }
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match parse(text) {
        Ok(v) => check(&v, text),
        Err(e) => assert!(text.get(e.span.range()).is_some(), "error span {:?}", e.span),
    }
});
