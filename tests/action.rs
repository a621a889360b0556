//! The composite GitHub Action (`action.yml`), run as the runner would on Linux x64: its
//! install step downloads a release archive made by `scripts/release/archive.sh` (from a
//! local folder through the `download-url` input), checks its SHA-256 sum and puts sflint
//! on the PATH; its check step runs `sflint check --format github` with SARIF on the demo
//! project; the result step fails the job with sflint's exit code.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{TempDir, repo_root};

/// The `run: |` script of the step named `name`, dedented.
fn step_script(action: &str, name: &str) -> String {
    let start = action
        .find(&format!("- name: {name}\n"))
        .unwrap_or_else(|| panic!("step {name}"));
    let rest = &action[start..];
    step_script_block(rest, "run: |\n") + "\n"
}

fn bash(script: &str, dir: &Path, env: &[(&str, &str)], path: Option<&str>) -> Output {
    let mut c = Command::new("bash");
    c.arg("-c")
        .arg(script)
        .current_dir(dir)
        .env("NO_COLOR", "1");
    for (k, v) in env {
        c.env(k, v);
    }
    if let Some(p) = path {
        c.env(
            "PATH",
            format!("{p}:{}", std::env::var("PATH").unwrap_or_default()),
        );
    }
    c.output().expect("runs bash")
}

/// The tested binary as the static Linux release archive, in `t/release`; `None` (skip)
/// without curl, which downloads it, except in CI.
fn release_archive(t: &TempDir) -> Option<std::path::PathBuf> {
    if Command::new("curl").arg("--version").output().is_err() {
        assert!(std::env::var_os("CI").is_none(), "curl is required in CI");
        eprintln!("skipping: curl is not installed");
        return None;
    }
    let release = t.path().join("release");
    let out = Command::new("bash")
        .arg(repo_root().join("scripts/release/archive.sh"))
        .args(["x86_64-unknown-linux-musl", env!("CARGO_BIN_EXE_sflint")])
        .arg(&release)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    Some(release)
}

#[cfg(unix)]
#[test]
fn the_action_installs_and_runs_sflint() {
    let action = std::fs::read_to_string(repo_root().join("action.yml")).unwrap();
    let t = TempDir::new("action");
    let Some(release) = release_archive(&t) else {
        return;
    };

    let runner_temp = t.path().join("runner-temp");
    std::fs::create_dir_all(&runner_temp).unwrap();
    let github_path = t.path().join("github-path");
    let github_output = t.path().join("github-output");
    std::fs::write(&github_path, "").unwrap();
    std::fs::write(&github_output, "").unwrap();
    let url = format!("file://{}", release.display());
    let env = [
        ("SFLINT_VERSION", "latest"),
        ("SFLINT_DOWNLOAD_URL", url.as_str()),
        ("SFLINT_REPO", "sflint/sflint"),
        ("RUNNER_OS_NAME", "Linux"),
        ("RUNNER_ARCH_NAME", "X64"),
        ("RUNNER_TEMP", runner_temp.to_str().unwrap()),
        ("GITHUB_PATH", github_path.to_str().unwrap()),
        ("GITHUB_OUTPUT", github_output.to_str().unwrap()),
    ];
    let install = step_script(&action, "Install sflint");
    let out = bash(&install, t.path(), &env, None);
    assert!(out.status.success(), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(env!("CARGO_PKG_VERSION")),
        "{out:?}"
    );
    let added = std::fs::read_to_string(&github_path).unwrap();
    let added = added.trim();
    assert!(Path::new(added).join("sflint").is_file(), "{added}");

    // A corrupted archive is refused.
    let sum = release.join("sflint-x86_64-unknown-linux-musl.tar.gz.sha256");
    let good = std::fs::read_to_string(&sum).unwrap();
    std::fs::write(&sum, format!("{}{}", "0".repeat(64), &good[64..])).unwrap();
    let out = bash(&install, t.path(), &env, None);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("::error::checksum mismatch"),
        "{out:?}"
    );
    std::fs::write(&sum, good).unwrap();

    // The check step on the demo project, with SARIF.
    let project = t.path().join("work");
    std::fs::create_dir_all(&project).unwrap();
    common::copy_dir(&repo_root().join("testdata/demo"), &project);
    let check_env = [
        ("SFLINT_ARGS", "--fail-on error"),
        ("SFLINT_SARIF", "true"),
        ("SFLINT_SARIF_FILE", "sflint.sarif"),
        ("GITHUB_OUTPUT", github_output.to_str().unwrap()),
    ];
    let check = step_script(&action, "Run sflint check");
    let out = bash(&check, &project, &check_env, Some(added));
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("::error file=force-app/"), "{stdout}");
    assert_eq!(
        std::fs::read_to_string(&github_output).unwrap(),
        "exit-code=1\n"
    );
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(project.join("sflint.sarif")).unwrap())
            .unwrap();
    assert_eq!(sarif["version"], "2.1.0");

    // Without SARIF no file is written, and the result step fails the job with code 1.
    std::fs::remove_file(project.join("sflint.sarif")).unwrap();
    let out = bash(
        &check,
        &project,
        &[
            ("SFLINT_SARIF", "false"),
            ("SFLINT_ARGS", ""),
            ("SFLINT_SARIF_FILE", "sflint.sarif"),
            ("GITHUB_OUTPUT", github_output.to_str().unwrap()),
        ],
        Some(added),
    );
    assert!(out.status.success(), "{out:?}");
    assert!(!project.join("sflint.sarif").exists());
    let result = step_script_inline(&action, "Result");
    let out = bash(&result, &project, &[("SFLINT_EXIT", "1")], None);
    assert_eq!(out.status.code(), Some(1));
}

/// The one-line `run:` of the step named `name`.
fn step_script_inline(action: &str, name: &str) -> String {
    let start = action.find(&format!("- name: {name}\n")).unwrap();
    let rest = &action[start..];
    let run = rest.find("run: ").unwrap() + "run: ".len();
    rest[run..].lines().next().unwrap().to_string()
}

/// The GitLab template's job, run as GitLab would (before_script then script, one shell):
/// it installs the archive (sum checked), lints the project and writes the Code Quality
/// report; the demo's errors fail the job.
#[cfg(unix)]
#[test]
fn the_gitlab_template_installs_and_reports() {
    let template = std::fs::read_to_string(repo_root().join("sflint.gitlab-ci.yml")).unwrap();
    let t = TempDir::new("gitlab");
    let Some(release) = release_archive(&t) else {
        return;
    };
    // The shell of the job: the `- |` block of before_script and the script lines.
    let install = step_script_block(&template, "    - |\n");
    let script: Vec<&str> = template[template.find("  script:\n").unwrap()..]
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with("    "))
        .filter_map(|l| l.trim().strip_prefix("- "))
        .collect();
    assert_eq!(script.len(), 2, "{script:?}");
    let project = t.path().join("project");
    std::fs::create_dir_all(&project).unwrap();
    common::copy_dir(&repo_root().join("testdata/demo"), &project);
    let url = format!("file://{}", release.display());
    let job = format!("{install}\n{}\n", script.join("\n"));
    let out = Command::new("sh")
        .arg("-c")
        .arg(&job)
        .current_dir(&project)
        .env("SFLINT_VERSION", "latest")
        .env("SFLINT_ARGS", "")
        .env("SFLINT_DIR", ".")
        .env("SFLINT_DOWNLOAD_URL", &url)
        .env("CI_PROJECT_DIR", &project)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(project.join("gl-code-quality-report.json")).unwrap(),
    )
    .unwrap();
    let issues = report.as_array().unwrap();
    assert!(!issues.is_empty());
    assert!(
        issues.iter().any(|i| i["severity"] == "critical"),
        "{report}"
    );
}

/// The indented block after the line `marker` (a YAML `- |` or `run: |`), dedented.
fn step_script_block(text: &str, marker: &str) -> String {
    let at = text.find(marker).expect("the block") + marker.len();
    let body: Vec<&str> = text[at..].lines().collect();
    let indent_of = |l: &str| l.len() - l.trim_start().len();
    let indent = indent_of(body[0]);
    body.iter()
        .take_while(|l| l.trim().is_empty() || indent_of(l) >= indent)
        .map(|l| l.get(indent..).unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}
