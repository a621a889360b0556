use std::process::ExitCode;

fn main() -> ExitCode {
    // `SFLINT_TIMINGS` stamps each stage with the time since here.
    sflint::timings::enabled();
    // A panic is a bug; still exit 2 ("error") rather than 101 so CI gates stay correct.
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "error: sflint crashed; this is a bug, please report it with the input that caused it\n  {info}"
        );
    }));
    let code = std::panic::catch_unwind(sflint::cli::run).unwrap_or(2);
    sflint::timings::mark("run returned");
    ExitCode::from(u8::try_from(code).unwrap_or(2))
}
