//! `sflint completions SHELL` and `sflint man`: generated from the command line, so every
//! subcommand is in them; bash parses the bash script, groff renders the man page.

mod common;

use std::process::Command;

use common::{TempDir, repo_root, run_in};

const SUBCOMMANDS: &[&str] = &[
    "check",
    "rules",
    "explain",
    "access-diff",
    "init",
    "completions",
];

#[test]
fn completions_for_every_shell() {
    for (shell, marker) in [
        ("bash", "complete -F _sflint"),
        ("zsh", "#compdef sflint"),
        ("fish", "complete -c sflint"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[sflint]"),
    ] {
        let r = run_in(&repo_root(), &["completions", shell]);
        assert_eq!(r.code, 0, "{shell}: {}", r.stderr);
        assert!(r.stdout.contains(marker), "{shell}: {}", r.stdout);
        for sub in SUBCOMMANDS {
            assert!(r.stdout.contains(sub), "{shell} lacks {sub}");
        }
    }
    let r = run_in(&repo_root(), &["completions", "tcsh"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("invalid value 'tcsh'"), "{}", r.stderr);
}

#[test]
fn bash_loads_the_completion_script() {
    let t = TempDir::new("completions");
    let script = t.write(
        "sflint.bash",
        run_in(&repo_root(), &["completions", "bash"]).stdout,
    );
    // Source it and ask for the completions of `sflint acc`.
    let probe = format!(
        "source '{}'; COMP_WORDS=(sflint acc); COMP_CWORD=1; _sflint sflint acc sflint; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display()
    );
    let Ok(out) = Command::new("bash").args(["-c", &probe]).output() else {
        eprintln!("skipping: no bash");
        return;
    };
    assert!(out.status.success(), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "access-diff");
}

#[test]
fn man_page() {
    let r = run_in(&repo_root(), &["man"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let th = r
        .stdout
        .lines()
        .find(|l| l.starts_with(".TH"))
        .expect(".TH");
    assert!(
        th.contains(&format!("sflint {}", env!("CARGO_PKG_VERSION"))),
        "{th}"
    );
    assert!(r.stdout.contains(".SH SUBCOMMANDS"), "{}", r.stdout);
    for sub in SUBCOMMANDS {
        let roff = sub.replace('-', "\\-");
        assert!(
            r.stdout.contains(&format!("sflint\\-{roff}")),
            "lacks {sub}"
        );
    }
    // groff renders it without warnings, when it is installed.
    let t = TempDir::new("man");
    let page = t.write("sflint.1", &r.stdout);
    if let Ok(out) = Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .arg(&page)
        .output()
    {
        assert!(out.status.success(), "{out:?}");
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
