//! Shell completions (`sflint completions SHELL`, clap_complete) and the man page
//! (`sflint man`, clap_mangen), generated from the command-line definition.

pub use clap_complete::Shell;

/// The completion script of `shell` for `cmd`. Rendered into memory: clap_complete
/// panics on a failed write, so the caller writes the text and handles the error.
pub fn completions(mut cmd: clap::Command, shell: Shell) -> Vec<u8> {
    let name = cmd.get_name().to_string();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, name, &mut out);
    out
}

/// The man page (roff) of `cmd`, as clap_mangen renders it (it starts with `.TH`).
pub fn man_page(cmd: clap::Command) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = clap_mangen::Man::new(cmd).render(&mut out);
    out
}
