//! `SFLINT_TIMINGS=1`: how long each stage and each cross-file rule took, on stderr. For
//! finding where the time goes (BENCHMARKS.md); off, it costs one cached check.

use std::sync::OnceLock;
use std::time::Instant;

/// Is `SFLINT_TIMINGS` set (to anything but empty or `0`)?
pub fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| {
        since_start();
        std::env::var_os("SFLINT_TIMINGS").is_some_and(|v| !v.is_empty() && v != "0")
    })
}

/// Milliseconds since timings were first asked about (the start of the run).
fn since_start() -> f64 {
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_secs_f64() * 1e3
}

/// Prints that the run reached `what`, and when (if timings are on).
pub fn mark(what: &str) {
    if enabled() {
        eprintln!("sflint timing: {what} at {:.1} ms", since_start());
    }
}

/// Prints `what` and the time since it was made, when dropped (if timings are on and it
/// took at least its minimum).
pub struct Timer {
    what: Option<(String, Instant)>,
    min_ms: f64,
}

/// Time from now until the returned timer is dropped.
pub fn start(what: impl FnOnce() -> String) -> Timer {
    start_over(0.0, what)
}

/// [`start`] for one of many small steps (a file): shown only when it took at least
/// `min_ms` milliseconds, so that printing thousands of lines does not itself take the time.
pub fn start_over(min_ms: f64, what: impl FnOnce() -> String) -> Timer {
    Timer {
        what: enabled().then(|| (what(), Instant::now())),
        min_ms,
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        if let Some((what, at)) = self.what.take()
            && at.elapsed().as_secs_f64() * 1e3 >= self.min_ms
        {
            eprintln!(
                "sflint timing: {what}: {:.1} ms (done at {:.1} ms)",
                at.elapsed().as_secs_f64() * 1e3,
                since_start()
            );
        }
    }
}
