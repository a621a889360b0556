//! sflint's reports checked by their real consumers, installed from the package
//! registries by `scripts/consumers/setup.sh`:
//! - SARIF: the SARIF Multitool validates against the official sarif-2.1.0 schema and
//!   with its SARIF and GitHub rules (what code scanning accepts);
//! - JUnit: the Jenkins/Surefire `junit-10.xsd` (from pytest's sources), with xmlschema.
//!
//! In CI (`CI` set) a failed install fails the test. Elsewhere, without the registries,
//! the test says why and skips.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

fn tools() -> Option<PathBuf> {
    let out = Command::new("bash")
        .arg(repo_root().join("scripts/consumers/setup.sh"))
        .output()
        .expect("runs bash");
    if out.status.success() {
        let dir = String::from_utf8_lossy(&out.stdout).trim().to_string();
        return Some(PathBuf::from(dir));
    }
    let why = String::from_utf8_lossy(&out.stderr);
    if std::env::var_os("CI").is_some() {
        panic!("installing the report consumers failed:\n{why}");
    }
    eprintln!("skipped: the report consumers could not be installed:\n{why}");
    None
}

/// Reports of the demo project (and of a policy run) in `format`, written to `dir`.
fn reports(dir: &Path, format: &str, extra: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for (name, args) in [
        ("demo", vec!["check", "testdata/demo"]),
        (
            "demo-info",
            vec!["check", "testdata/demo", "--fail-on", "info"],
        ),
        ("classic", vec!["check", "testdata/cases/dc/classic"]),
        ("clean", vec!["check", "testdata/demo", "--select", "SF001"]),
        // Safe and unsafe fixes, and PM001's two alternatives (SARIF `fixes`).
        ("fixable", vec!["check", "testdata/demo", "--select", "ALL"]),
    ] {
        let file = dir.join(format!("{name}.{format}"));
        let mut all: Vec<&str> = args.clone();
        let file_arg = file.to_string_lossy().into_owned();
        all.extend(["--format", format, "--output", &file_arg]);
        all.extend(extra);
        let r = run_in(&repo_root(), &all);
        assert!(r.code == 0 || r.code == 1, "{name}: {}", r.stderr);
        out.push(file);
    }
    out
}

#[test]
fn sarif_passes_the_multitool_schema_sarif_and_github_rules() {
    let Some(tools) = tools() else { return };
    let t = TempDir::new("consumers-sarif");
    let multitool = tools.join("multitool/package/Sarif.Multitool");
    let schema = tools.join("multitool/package/sarif-2.1.0.json");
    for file in reports(t.path(), "sarif", &[]) {
        let log = file.with_extension("validation.sarif");
        let out = Command::new(&multitool)
            .arg("validate")
            .arg(&file)
            .arg("--output")
            .arg(&log)
            .args(["--rule-kind", "Gh;Sarif", "--json-schema"])
            .arg(&schema)
            .output()
            .expect("runs the SARIF Multitool");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{}: {stdout}{}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&log).unwrap()).unwrap();
        let problems: Vec<String> = v["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| matches!(r["level"].as_str(), Some("error" | "warning") | None))
            .map(|r| {
                format!(
                    "{} {}",
                    r["ruleId"].as_str().unwrap_or("?"),
                    r["message"]["text"]
                        .as_str()
                        .or(r["message"]["id"].as_str())
                        .unwrap_or("")
                )
            })
            .collect();
        assert!(
            problems.is_empty(),
            "{}:\n{}",
            file.display(),
            problems.join("\n")
        );
        // The Multitool printed no warning or error line either.
        assert!(
            !stdout.contains(": error ") && !stdout.contains(": warning "),
            "{}: {stdout}",
            file.display()
        );
    }
}

#[test]
fn the_multitool_refuses_a_broken_sarif_log() {
    let Some(tools) = tools() else { return };
    let t = TempDir::new("consumers-sarif-broken");
    let file = &reports(t.path(), "sarif", &[])[0];
    // Break it as a buggy emitter would: 0-based lines and a tool without a name.
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    v["runs"][0]["tool"]["driver"]
        .as_object_mut()
        .unwrap()
        .remove("name");
    std::fs::write(file, v.to_string()).unwrap();
    let log = t.path().join("v.sarif");
    let out = Command::new(tools.join("multitool/package/Sarif.Multitool"))
        .arg("validate")
        .arg(file)
        .arg("--output")
        .arg(&log)
        .args(["--rule-kind", "Gh;Sarif", "--json-schema"])
        .arg(tools.join("multitool/package/sarif-2.1.0.json"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("error JSON1008"), "{stdout}");
    assert!(stdout.contains("error JSON1002"), "{stdout}");
}

#[test]
fn junit_passes_the_jenkins_xsd() {
    let Some(tools) = tools() else { return };
    let t = TempDir::new("consumers-junit");
    let files = reports(t.path(), "junit", &[]);
    let out = Command::new(tools.join("venv/bin/python"))
        .arg(repo_root().join("scripts/consumers/validate_junit.py"))
        .arg(tools.join("junit-10.xsd"))
        .args(&files)
        .output()
        .expect("runs python");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // The validator can fail: a report without the required `errors` attribute is refused.
    let broken = t.path().join("broken.junit");
    let text = std::fs::read_to_string(&files[0]).unwrap();
    std::fs::write(&broken, text.replace(" errors=\"0\"", "")).unwrap();
    let out = Command::new(tools.join("venv/bin/python"))
        .arg(repo_root().join("scripts/consumers/validate_junit.py"))
        .arg(tools.join("junit-10.xsd"))
        .arg(&broken)
        .output()
        .unwrap();
    assert!(
        !out.status.success(),
        "the XSD check accepted a broken report"
    );
}
