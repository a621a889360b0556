//! `SFLINT_TIMINGS=1`: how long each stage and each cross-file rule took, on stderr. For
//! finding where the time goes (BENCHMARKS.md); off, it costs one cached check.

use std::sync::OnceLock;
use std::time::Instant;

/// Is `SFLINT_TIMINGS` set (to anything but empty or `0`)?
pub fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| {
        std::env::var_os("SFLINT_TIMINGS").is_some_and(|v| !v.is_empty() && v != "0")
    })
}

/// Prints `what` and the time since it was made, when dropped (if timings are on).
pub struct Timer {
    what: Option<(String, Instant)>,
}

/// Time from now until the returned timer is dropped.
pub fn start(what: impl FnOnce() -> String) -> Timer {
    Timer {
        what: enabled().then(|| (what(), Instant::now())),
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        if let Some((what, at)) = self.what.take() {
            eprintln!(
                "sflint timing: {what}: {:.1} ms",
                at.elapsed().as_secs_f64() * 1e3
            );
        }
    }
}
