//! The whole pipeline on one fuzzed profile, permission set and dataflow: no panic, and
//! every diagnostic's span lies inside its file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sflint::pipeline::lint_sources;
use sflint::catalog::Setup;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let third = text.len() / 3;
    let cut = |i: usize| (0..=i).rev().find(|&j| text.is_char_boundary(j)).unwrap_or(0);
    let (a, b) = (cut(third), cut(2 * third));
    let sources = [
        ("force-app/main/default/profiles/Analytics Cloud Integration User.profile-meta.xml", &text[..a]),
        ("force-app/main/default/permissionsets/P.permissionset-meta.xml", &text[a..b]),
        ("force-app/main/default/wave/D.wdf", &text[b..]),
    ];
    let settings = Setup::default();
    if let Ok(report) = lint_sources(&sources, &settings) {
        for d in &report.diagnostics {
            let file = report.file(d.primary.file);
            assert!(d.primary.span.end as usize <= file.text.len());
        }
    }
});
