//! The npm distribution, built and installed as a user gets it: `scripts/npm/assemble.js`
//! assembles `@sflint/cli` (from `npm/`) and this platform's `@sflint/cli-<target>` (from
//! the binary under test) with the version of Cargo.toml; `npm pack` packs both; a fresh
//! project installs the two tarballs with `npm install --offline`; then `npx sflint` must
//! behave exactly as the binary. Skips when `npm` is absent, except in CI (`CI` set).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::{TempDir, repo_root, run_ok};

/// The npm target of this machine, as `scripts/npm/assemble.js` names it.
fn host_target() -> Option<&'static str> {
    let musl = cfg!(target_env = "musl");
    Some(match (std::env::consts::OS, std::env::consts::ARCH) {
        ("linux", "x86_64") if musl => "linux-x64-musl",
        ("linux", "x86_64") => "linux-x64",
        ("linux", "aarch64") => "linux-arm64",
        ("macos", "x86_64") => "darwin-x64",
        ("macos", "aarch64") => "darwin-arm64",
        ("windows", "x86_64") => "win32-x64",
        _ => return None,
    })
}

fn tool(name: &str) -> Command {
    let mut c = common::node_tool(name);
    c.env_remove("SFLINT_BINARY")
        .env("SFLINT_CACHE_DIR", common::test_cache_dir());
    c
}

/// npm's presence; in CI its absence fails the test.
fn have_npm() -> bool {
    common::have_node_tool("npm", "the npm package test")
}

/// Assemble, pack and install; returns the project the packages are installed in.
fn install(work: &TempDir) -> PathBuf {
    let target = host_target().expect("a platform sflint publishes for npm");
    let dist = work.path().join("dist");
    run_ok(
        Command::new("node")
            .arg(repo_root().join("scripts/npm/assemble.js"))
            .arg("--out")
            .arg(&dist)
            .arg(format!("{target}={}", env!("CARGO_BIN_EXE_sflint"))),
        "assemble.js",
    );
    let version = env!("CARGO_PKG_VERSION");
    let main: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dist.join("cli/package.json")).unwrap())
            .unwrap();
    assert_eq!(main["version"], version);
    let optional = main["optionalDependencies"].as_object().unwrap();
    assert_eq!(optional.len(), 6, "{optional:?}");
    assert!(optional.values().all(|v| v == version), "{optional:?}");

    let tarballs = work.path().join("tarballs");
    std::fs::create_dir_all(&tarballs).unwrap();
    let mut packed = Vec::new();
    for pkg in ["cli".to_string(), format!("cli-{target}")] {
        let out = run_ok(
            tool("npm")
                .current_dir(dist.join(&pkg))
                .args(["pack", "--silent", "--pack-destination"])
                .arg(&tarballs),
            "npm pack",
        );
        let name = String::from_utf8_lossy(&out.stdout).trim().to_string();
        packed.push(tarballs.join(name.lines().last().unwrap()));
    }
    assert!(packed.iter().all(|p| p.is_file()), "{packed:?}");

    let project = work.path().join("project");
    std::fs::create_dir_all(&project).unwrap();
    std::fs::write(
        project.join("package.json"),
        r#"{"name":"uses-sflint","version":"1.0.0","private":true}"#,
    )
    .unwrap();
    run_ok(
        tool("npm")
            .current_dir(&project)
            .args(["install", "--offline", "--no-audit", "--no-fund"])
            .args(&packed),
        "npm install --offline",
    );
    project
}

fn npx(project: &Path, args: &[&str]) -> Output {
    tool("npx")
        .current_dir(project)
        .args(["--offline", "--no-install", "sflint"])
        .args(args)
        .output()
        .expect("npx runs")
}

#[test]
fn npx_sflint_is_the_binary() {
    if !have_npm() {
        return;
    }
    let work = TempDir::new("npm");
    let project = install(&work);
    let demo = repo_root().join("testdata/demo");
    let demo = demo.to_str().unwrap();

    for args in [
        vec!["check", demo],
        vec!["check", demo, "--format", "json"],
        vec!["--version"],
        vec!["rule", "PM001"],
        vec!["check", "--no-such-flag"],
    ] {
        let npx = npx(&project, &args);
        let bin = common::bin()
            .current_dir(&project)
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(npx.status.code(), bin.status.code(), "{args:?}");
        assert_eq!(
            String::from_utf8_lossy(&npx.stdout),
            String::from_utf8_lossy(&bin.stdout),
            "{args:?}"
        );
        assert_eq!(
            String::from_utf8_lossy(&npx.stderr),
            String::from_utf8_lossy(&bin.stderr),
            "{args:?}"
        );
    }
    // The demo has errors, so that run exits 1: the exit code really passes through.
    assert_eq!(npx(&project, &["check", demo]).status.code(), Some(1));

    // SFLINT_BINARY overrides the platform package's binary.
    let launcher = project.join("node_modules/@sflint/cli/bin/sflint.js");
    let out = Command::new("node")
        .arg(&launcher)
        .arg("--version")
        .env("SFLINT_BINARY", "/no/such/sflint")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("SFLINT_BINARY is set to /no/such/sflint"),
        "{out:?}"
    );

    // Without the platform package the launcher names the platform and the fix.
    std::fs::remove_dir_all(project.join(format!(
        "node_modules/@sflint/cli-{}",
        host_target().unwrap()
    )))
    .unwrap();
    let out = npx(&project, &["check", demo]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    let platform = host_target().unwrap().trim_end_matches("-musl");
    assert!(err.contains(&format!("({platform}")), "{err}");
    assert!(
        err.contains(&format!(
            "npm install @sflint/cli-{}",
            host_target().unwrap()
        )),
        "{err}"
    );
    assert!(err.contains("SFLINT_BINARY"), "{err}");
}

/// stdin reaches the binary, and a signal sent to the launcher reaches it, whose exit code
/// the launcher returns (the binary is replaced by `cat` and `sh` here).
#[cfg(unix)]
#[test]
fn launcher_passes_stdin_and_signals() {
    use std::io::Write;
    use std::os::unix::process::ExitStatusExt;

    if !have_npm() {
        return;
    }
    let launcher = repo_root().join("npm/bin/sflint.js");
    let which = |name: &str| {
        let out = Command::new("sh")
            .args(["-c", &format!("command -v {name}")])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };

    let mut child = Command::new("node")
        .arg(&launcher)
        .env("SFLINT_BINARY", which("cat"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"<Profile/>\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.stdout, b"<Profile/>\n");
    assert_eq!(out.status.code(), Some(0));

    // A "binary" that traps TERM: it only exits 7 if the launcher forwards the signal
    // (node's default would end the launcher alone, by signal).
    let child = Command::new("node")
        .arg(&launcher)
        .args([
            "-c",
            "trap 'echo got TERM; kill $!; exit 7' TERM; sleep 30 >/dev/null & wait",
        ])
        .env("SFLINT_BINARY", which("sh"))
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let kill = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(7), "{:?}", out.status.signal());
    assert_eq!(String::from_utf8_lossy(&out.stdout), "got TERM\n");
}
