//! The README's CI examples (GitHub Actions, GitLab CI, Azure Pipelines, Bitbucket
//! Pipelines), run as written: every `sflint`, `git fetch` and `cat` line of each YAML
//! example in "Pull requests, CI and pre-commit" runs with `sh`, in a clone of a git
//! repository holding `testdata/demo` on `main`, with the CI system's variables set to
//! that base branch. The exit code must be 1 (the demo has errors) and every report file a
//! line names must exist and parse.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{TempDir, git, repo_root};

/// The YAML examples of the CI section, each as its command lines.
fn examples() -> Vec<Vec<String>> {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let start = readme
        .find("## Pull requests, CI and pre-commit")
        .expect("the CI section");
    let section = &readme[start..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
    let mut out = Vec::new();
    for block in section.split("```yaml").skip(1) {
        let block = block.split("```").next().unwrap();
        let lines: Vec<String> = block
            .lines()
            .map(str::trim)
            .map(|l| {
                ["- run: ", "- script: ", "- "]
                    .iter()
                    .find_map(|p| l.strip_prefix(p))
                    .unwrap_or(l)
            })
            .filter(|l| {
                ["sflint ", "git fetch ", "cat "]
                    .iter()
                    .any(|p| l.starts_with(p))
            })
            .map(str::to_string)
            .collect();
        if lines.iter().any(|l| l.starts_with("sflint ")) {
            out.push(lines);
        }
    }
    out
}

/// What a CI system fills in before or while the shell runs the line.
fn substitute(line: &str, staging: &Path) -> String {
    line.replace("${{ github.base_ref }}", "main").replace(
        "$(Build.ArtifactStagingDirectory)",
        &staging.display().to_string(),
    )
}

/// The report files a command line writes: `--output FILE`, `--output-format F=FILE`.
fn outputs(line: &str) -> Vec<(String, PathBuf)> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let format = words
        .windows(2)
        .find(|w| w[0] == "--format")
        .map_or("text", |w| w[1]);
    let mut out = Vec::new();
    for w in words.windows(2) {
        match w[0] {
            "--output" | "-o" => out.push((format.to_string(), PathBuf::from(w[1]))),
            "--output-format" | "--report" => {
                let (f, file) = w[1].split_once('=').unwrap();
                out.push((f.to_string(), PathBuf::from(file)));
            }
            _ => {}
        }
    }
    out
}

fn check_report(format: &str, path: &Path) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match format {
        "json" | "sarif" | "gitlab" => {
            let v: serde_json::Value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            if format == "gitlab" {
                assert!(!v.as_array().unwrap().is_empty(), "{text}");
            }
            if format == "sarif" {
                assert!(!v["runs"][0]["results"].as_array().unwrap().is_empty());
            }
        }
        "junit" => {
            let mut reader = quick_xml::Reader::from_str(&text);
            let mut failures = 0;
            loop {
                match reader.read_event() {
                    Ok(quick_xml::events::Event::Eof) => break,
                    Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e))
                        if e.name().0 == "failure" =>
                    {
                        failures += 1;
                    }
                    Ok(_) => {}
                    Err(e) => panic!("{}: {e}\n{text}", path.display()),
                }
            }
            assert!(failures > 0, "{text}");
        }
        "markdown" => assert!(text.starts_with("## sflint"), "{text}"),
        other => panic!("no check for {other}"),
    }
}

#[test]
fn the_readme_ci_examples_run_as_written() {
    let examples = examples();
    assert!(
        examples.len() >= 4,
        "GitHub, GitLab, Azure, Bitbucket: {examples:?}"
    );
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_sflint")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let t = TempDir::new("readme-ci");
    let origin = t.path().join("origin");
    std::fs::create_dir_all(&origin).unwrap();
    common::copy_dir(&repo_root().join("testdata/demo"), &origin);
    git(&origin, &["init", "-q", "-b", "main"]);
    git(&origin, &["add", "-A"]);
    git(&origin, &["commit", "-qm", "base"]);
    let mut checked = Vec::new();
    for (i, lines) in examples.iter().enumerate() {
        // Each CI job starts from a fresh checkout of the change (here: the base itself).
        let work = t.path().join(format!("job{i}"));
        git(
            t.path(),
            &[
                "clone",
                "-q",
                origin.to_str().unwrap(),
                work.to_str().unwrap(),
            ],
        );
        git(&work, &["checkout", "-q", "-b", "change"]);
        let staging = t.path().join(format!("staging{i}"));
        let summary = t.path().join(format!("summary{i}.md"));
        for line in lines {
            let line = substitute(line, &staging);
            let out = Command::new("sh")
                .arg("-c")
                .arg(&line)
                .current_dir(&work)
                .env("PATH", &path)
                .env("NO_COLOR", "1")
                .env("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main")
                .env("BITBUCKET_PR_DESTINATION_BRANCH", "main")
                .env("GITHUB_STEP_SUMMARY", &summary)
                .output()
                .unwrap();
            let code = out.status.code();
            let stderr = String::from_utf8_lossy(&out.stderr);
            if line.starts_with("sflint ") {
                assert_eq!(code, Some(1), "{line}\n{stderr}");
                let reports = outputs(&line);
                for (format, file) in reports {
                    let file = if file.is_absolute() {
                        file
                    } else {
                        work.join(file)
                    };
                    check_report(&format, &file);
                    checked.push(format);
                }
            } else {
                assert_eq!(code, Some(0), "{line}\n{stderr}");
            }
        }
        if lines.iter().any(|l| l.contains("GITHUB_STEP_SUMMARY")) {
            let text = std::fs::read_to_string(&summary).unwrap();
            assert!(text.starts_with("## sflint"), "{text}");
        }
    }
    checked.sort();
    assert_eq!(
        checked,
        ["gitlab", "junit", "junit", "markdown", "sarif"],
        "the reports of the four examples"
    );
}
