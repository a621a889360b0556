//! The VS Code extension of `editors/vscode`, packaged as a user gets it: in a copy of the
//! folder under `target/vscode-extension/` (so the repository stays clean), the script of
//! the release workflow's step "Package the extension" runs (`npm ci` from the committed
//! lockfile, the node tests, `vsce package`); the `.vsix` (a zip) is unpacked and its
//! manifest, its bundled `vscode-languageclient` and its entry point are checked, the entry
//! point by loading it with node outside the package folder. Also: the extension's own node
//! tests (no npm needed), the document selector against the file kinds sflint reads, and
//! the settings named in both READMEs. Skips without node/npm, except in CI (`CI` set).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use common::{have_node_tool, node_tool, repo_root, run_ok};
use sflint::salesforce::kind::{SUFFIXES, classify};

fn ext_dir() -> PathBuf {
    repo_root().join("editors/vscode")
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|p| {
            if p.is_absolute() {
                p
            } else {
                repo_root().join(p)
            }
        })
        .unwrap_or_else(|| repo_root().join("target"))
}

/// Whether `name` runs; in CI its absence fails the test.
fn have(name: &str) -> bool {
    have_node_tool(name, "the VS Code extension tests")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Copy the extension's sources (not `node_modules` nor a `.vsix`) into `to`.
fn copy_sources(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name == "node_modules" || name.ends_with(".vsix") {
            continue;
        }
        let target = to.join(&*name);
        if entry.file_type().unwrap().is_dir() {
            copy_sources(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The `run: |` script of the release workflow's step "Package the extension", which must
/// run in `editors/vscode`.
fn packaging_script() -> String {
    let workflow =
        std::fs::read_to_string(repo_root().join(".github/workflows/release.yml")).unwrap();
    let step = &workflow[workflow
        .find("- name: Package the extension")
        .expect("release.yml: the step \"Package the extension\"")..];
    let run = step.find("run: |").expect("a `run: |` script");
    assert!(
        step[..run].contains("working-directory: editors/vscode"),
        "{}",
        &step[..run]
    );
    let mut lines = Vec::new();
    let mut indent = None;
    for line in step[run..].lines().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let this = line.len() - line.trim_start().len();
        let first = *indent.get_or_insert(this);
        if this < first {
            break;
        }
        lines.push(&line[first..]);
    }
    lines.join("\n")
}

/// Package the extension once per test run, as the release workflow does, in a copy of
/// `editors/vscode` at `target/vscode-extension/editors/vscode`; `None` when skipped.
fn vsix() -> Option<&'static PathBuf> {
    static VSIX: OnceLock<Option<PathBuf>> = OnceLock::new();
    VSIX.get_or_init(|| {
        if !have("node") || !have("npm") {
            return None;
        }
        let work = target_dir().join("vscode-extension");
        let _ = std::fs::remove_dir_all(&work);
        let pkg = work.join("editors/vscode");
        copy_sources(&ext_dir(), &pkg);
        let script = packaging_script();
        assert!(
            script.contains("npm ci") && script.contains("vsce package"),
            "{script}"
        );
        let out = node_tool("bash")
            .current_dir(&pkg)
            .args(["-euo", "pipefail", "-c", &script])
            .output()
            .expect("runs bash");
        if !out.status.success() {
            let why = text(&out);
            let offline = [
                "ENOTFOUND",
                "EAI_AGAIN",
                "ECONNREFUSED",
                "ETIMEDOUT",
                "ENETUNREACH",
            ]
            .iter()
            .any(|e| why.contains(e));
            if offline && std::env::var_os("CI").is_none() {
                eprintln!("skipping: npm could not reach its registry:\n{why}");
                return None;
            }
            panic!("packaging the extension failed:\n{script}\n{why}");
        }
        let vsix = work.join(format!(
            "vsix/sflint-vscode-{}.vsix",
            env!("CARGO_PKG_VERSION")
        ));
        assert!(
            vsix.is_file(),
            "{} (the extension's version is that of Cargo.toml)\n{}",
            vsix.display(),
            text(&out)
        );
        Some(vsix)
    })
    .as_ref()
}

/// Unpack a zip with `unzip`, or Python's zipfile where there is no `unzip`.
fn unpack(zip: &Path, to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to).unwrap();
    let unzipped = Command::new("unzip")
        .arg("-q")
        .arg(zip)
        .arg("-d")
        .arg(to)
        .output()
        .is_ok_and(|o| o.status.success());
    if !unzipped {
        run_ok(
            Command::new("python3")
                .args(["-m", "zipfile", "-e"])
                .arg(zip)
                .arg(to),
            "python3 -m zipfile",
        );
    }
}

fn json(path: &Path) -> serde_json::Value {
    let s = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&s).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_vsix_holds_the_manifest_and_the_language_client() {
    let Some(vsix) = vsix() else { return };
    let out = target_dir().join("vscode-extension/unpacked");
    unpack(vsix, &out);
    let ext = out.join("extension");
    let manifest = json(&ext.join("package.json"));

    assert_eq!(manifest["name"], "sflint");
    assert_eq!(
        manifest["version"],
        env!("CARGO_PKG_VERSION"),
        "editors/vscode/package.json has the version of Cargo.toml"
    );
    let events: Vec<&str> = manifest["activationEvents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect();
    for event in [
        "workspaceContains:sfdx-project.json",
        "workspaceContains:package.xml",
        "workspaceContains:**/sfdx-project.json",
        "workspaceContains:**/package.xml",
    ] {
        assert!(events.contains(&event), "{event} in {events:?}");
    }
    let contributes = &manifest["contributes"];
    let restart = contributes["commands"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["command"] == "sflint.restartServer")
        .expect("the restart command");
    assert_eq!(restart["category"], "sflint");
    assert_eq!(restart["title"], "Restart server");
    let props = &contributes["configuration"]["properties"];
    assert_eq!(props["sflint.path"]["type"], "string");
    assert_eq!(props["sflint.path"]["default"], "");
    assert_eq!(
        props["sflint.trace.server"]["enum"],
        serde_json::json!(["off", "messages", "verbose"])
    );
    assert_eq!(props["sflint.trace.server"]["default"], "off");
    assert_eq!(
        manifest["capabilities"]["untrustedWorkspaces"]["supported"], false,
        "the extension runs a workspace executable"
    );

    // The language client is inside, at the exact version of the lockfile.
    let pinned = manifest["dependencies"]["vscode-languageclient"]
        .as_str()
        .unwrap();
    assert!(
        pinned.chars().all(|c| c.is_ascii_digit() || c == '.'),
        "pinned: {pinned}"
    );
    let client = json(&ext.join("node_modules/vscode-languageclient/package.json"));
    assert_eq!(client["version"], pinned);
    for dep in ["vscode-languageserver-protocol", "vscode-jsonrpc"] {
        assert!(ext.join("node_modules").join(dep).is_dir(), "{dep}");
    }
    // Neither the tools that package it nor the tests.
    assert!(!ext.join("node_modules/@vscode/vsce").exists());
    assert!(!ext.join("test").exists() && !ext.join("scripts").exists());
    assert!(ext.join("LICENSE.txt").is_file() || ext.join("LICENSE").is_file());
    let readme = std::fs::read_to_string(ext.join("readme.md")).unwrap();
    assert!(readme.contains("sflint.path"), "{readme}");

    // The entry point loads from the unpacked extension alone (a `vscode` stub stands in for
    // the editor's module) and finds the language client inside it.
    let main = ext.join(manifest["main"].as_str().unwrap());
    let script = r#"
const Module = require("node:module");
const stub = new Proxy(function () {}, {
  get: (_, key) => (key === "prototype" ? {} : stub),
  construct: () => stub,
  apply: () => stub,
});
const load = Module._load;
Module._load = function (request, ...rest) {
  return request === "vscode" ? stub : load.call(this, request, ...rest);
};
const main = process.argv[1];
const extension = require(main);
const client = require.resolve("vscode-languageclient/node", { paths: [require("node:path").dirname(main)] });
const { LanguageClient } = require(client);
console.log(JSON.stringify({ exports: Object.keys(extension), client, LanguageClient: typeof LanguageClient }));
"#;
    let loaded = run_ok(
        node_tool("node")
            .current_dir(std::env::temp_dir())
            .args(["-e", script])
            .arg(&main),
        "loading the extension",
    );
    let v: serde_json::Value = serde_json::from_slice(&loaded.stdout).unwrap();
    assert_eq!(v["exports"], serde_json::json!(["activate", "deactivate"]));
    assert_eq!(v["LanguageClient"], "function");
    let client = PathBuf::from(v["client"].as_str().unwrap());
    assert!(
        client.starts_with(ext.canonicalize().unwrap()) || client.starts_with(&ext),
        "{}",
        client.display()
    );
}

#[test]
fn the_extensions_node_tests_pass() {
    if !have("node") {
        return;
    }
    // The files by name: how node reads a folder argument of `--test` changed in Node 21.
    let mut files: Vec<String> = std::fs::read_dir(ext_dir().join("test"))
        .unwrap()
        .map(|e| format!("test/{}", e.unwrap().file_name().to_string_lossy()))
        .filter(|f| f.ends_with(".test.js"))
        .collect();
    files.sort();
    assert!(files.len() >= 2, "{files:?}");
    let out = run_ok(
        node_tool("node")
            .current_dir(ext_dir())
            .arg("--test")
            .args(&files),
        "node --test",
    );
    let out = text(&out);
    let count = |key: &str| -> usize {
        out.lines()
            .find_map(|l| l.strip_prefix(&format!("# {key} ")))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or_else(|| panic!("no `# {key}` line in:\n{out}"))
    };
    assert_eq!(count("fail"), 0, "{out}");
    assert!(count("pass") >= 10, "{out}");
}

/// The extension's `SUFFIXES` and document selector, as JSON from node.
fn selector() -> Option<(Vec<String>, Vec<String>)> {
    if !have("node") {
        return None;
    }
    let out = run_ok(
        node_tool("node").current_dir(ext_dir()).args([
            "-e",
            r#"const f = require("./src/files.js");
console.log(JSON.stringify([f.SUFFIXES, f.documentSelector().map((s) => s.pattern)]));"#,
        ]),
        "node src/files.js",
    );
    serde_json::from_slice(&out.stdout).ok()
}

#[test]
fn the_document_selector_covers_every_file_kind_sflint_reads() {
    let Some((suffixes, patterns)) = selector() else {
        return;
    };
    for (suffix, kind) in SUFFIXES {
        let covered = suffix.ends_with("-meta.xml") && suffixes.iter().any(|s| s == "-meta.xml")
            || suffixes.iter().any(|s| s == suffix);
        assert!(covered, "{suffix} ({kind:?}) is not in src/files.js");
    }
    // Kinds found by folder or name, not by a suffix of SUFFIXES.
    for (path, pattern) in [
        (
            "force-app/main/default/objects/A__c/fields/B__c.field-meta.xml",
            "**/*-meta.xml",
        ),
        ("src/settings/Security.settings", "**/*.settings"),
        (
            "force-app/main/default/users/Ann.user-meta.xml",
            "**/*-meta.xml",
        ),
        ("config/integration-user-def.json", "**/config/**/*.json"),
        ("data/Users.json", "**/*{user,User}*.json"),
    ] {
        assert!(classify(Path::new(path)).is_some(), "{path}");
        assert!(patterns.iter().any(|p| p == pattern), "{pattern}: {path}");
    }
    // And no suffix that sflint ignores.
    for suffix in &suffixes {
        if suffix == "-meta.xml" || suffix == ".settings" {
            continue;
        }
        let path = format!("force-app/main/default/x/Name{suffix}");
        assert!(
            classify(Path::new(&path)).is_some(),
            "sflint does not read {path}"
        );
        assert!(patterns.contains(&format!("**/*{suffix}")), "{suffix}");
    }
}

/// The settings of `package.json`, each named in the extension's README and in the
/// README's "Editor" section; no other `sflint.*` setting named there.
#[test]
fn both_readmes_document_the_extensions_settings() {
    let manifest = json(&ext_dir().join("package.json"));
    let props: Vec<String> = manifest["contributes"]["configuration"]["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let start = readme
        .find("\n## Editor\n")
        .expect("README: an Editor section");
    let section = &readme[start + 1..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
    let ext_readme = std::fs::read_to_string(ext_dir().join("README.md")).unwrap();
    for (name, text) in [
        ("README.md#editor", section),
        ("editors/vscode/README.md", &ext_readme),
    ] {
        for prop in &props {
            assert!(text.contains(&format!("`{prop}`")), "{name} names {prop}");
        }
        for (at, _) in text.match_indices("`sflint.") {
            let named = text[at + 1..].split('`').next().unwrap();
            if named != "sflint.toml" {
                assert!(
                    props.iter().any(|p| p == named),
                    "{name} names `{named}`, which package.json does not contribute"
                );
            }
        }
        assert!(text.contains("sflint: Restart server"), "{name}");
    }
    let released = format!("sflint-vscode-{}.vsix", env!("CARGO_PKG_VERSION"));
    assert!(
        section.contains(&released),
        "README Editor section: {released}"
    );
    for needle in [
        "code --install-extension",
        "sflint server",
        "vim.lsp",
        "source.fixAll.sflint",
        "testdata/demo",
    ] {
        assert!(section.contains(needle), "README Editor section: {needle}");
    }
}

/// The command the extension builds, run for real: in a workspace with `@sflint/cli`
/// installed (the launcher of `npm/`, `SFLINT_BINARY` naming the binary under test),
/// `scripts/start-server.js` resolves the executable as the extension does and runs it:
/// the launcher with Node, which runs the binary. Once the binary has `sflint server`, an
/// LSP initialize/shutdown/exit handshake goes through the same chain.
#[test]
fn the_extensions_command_runs_the_binary_through_the_npm_launcher() {
    if !have("node") {
        return;
    }
    let t = common::TempDir::sfdx("vscode-launcher");
    t.write("force-app/main/default/.gitkeep", "");
    let cli = t.path().join("node_modules/@sflint/cli");
    for file in ["package.json", "bin/sflint.js"] {
        std::fs::create_dir_all(cli.join(file).parent().unwrap()).unwrap();
        std::fs::copy(repo_root().join("npm").join(file), cli.join(file)).unwrap();
    }
    let bin = t.path().join("node_modules/.bin");
    std::fs::create_dir_all(&bin).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("../@sflint/cli/bin/sflint.js", bin.join("sflint")).unwrap();
    #[cfg(not(unix))]
    std::fs::write(
        bin.join("sflint.cmd"),
        "@node \"%~dp0\\..\\@sflint\\cli\\bin\\sflint.js\" %*\r\n",
    )
    .unwrap();

    let start = |args: &[&str]| {
        node_tool("node")
            .current_dir(ext_dir())
            .arg("scripts/start-server.js")
            .arg(t.path())
            .args(args)
            .env("SFLINT_BINARY", env!("CARGO_BIN_EXE_sflint"))
            .env("SFLINT_CACHE_DIR", common::test_cache_dir())
            .env_remove("SFLINT_PATH")
            .output()
            .expect("runs node")
    };
    let out = start(&["--version"]);
    assert!(out.status.success(), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with(&format!("sflint {} ", env!("CARGO_PKG_VERSION"))),
        "{stdout}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    let started: serde_json::Value =
        serde_json::from_str(stderr.lines().next().unwrap_or_default()).expect("the command line");
    assert_eq!(started["source"], "node_modules", "{started}");
    let args = started["args"].as_array().unwrap();
    assert!(
        Path::new(args[0].as_str().unwrap()).ends_with("@sflint/cli/bin/sflint.js"),
        "{started}"
    );
    assert_eq!(args[1], "--version");

    let has_server = common::bin()
        .args(["server", "--help"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_server {
        eprintln!("note: this sflint has no `server` command yet; the LSP handshake is not run");
        return;
    }
    let out = start(&[]);
    assert!(out.status.success(), "{}", text(&out));
    let result: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out)));
    assert!(result["capabilities"].is_object(), "{result}");
}
