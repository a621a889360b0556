//! `sflint server` spoken to over JSON-RPC on the real binary's stdin/stdout: initialize,
//! diagnostics with exact UTF-16 ranges, cross-file updates, code actions, hover, a file
//! that doesn't parse, shutdown and exit.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use common::*;

const WAIT: Duration = Duration::from_secs(30);

struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    rx: Receiver<Value>,
    /// Messages received and not consumed yet.
    backlog: Vec<Value>,
    next_id: i64,
}

fn url(path: &Path) -> String {
    let mut out = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

impl Client {
    fn start() -> Client {
        // `--stdio`, as vscode-languageclient passes it, is accepted.
        let mut child = Command::new(env!("CARGO_BIN_EXE_sflint"))
            .args(["server", "--stdio"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("starts sflint server");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = None;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length:") {
                        len = v.trim().parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; len.expect("a Content-Length header")];
                if r.read_exact(&mut body).is_err() {
                    return;
                }
                let v: Value = serde_json::from_slice(&body).expect("JSON from the server");
                if tx.send(v).is_err() {
                    return;
                }
            }
        });
        let stdin = child.stdin.take();
        Client {
            child,
            stdin,
            rx,
            backlog: Vec::new(),
            next_id: 1,
        }
    }

    fn send(&mut self, msg: Value) {
        let body = msg.to_string();
        let stdin = self.stdin.as_mut().unwrap();
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The first message (received or to come) that `pred` accepts.
    fn wait(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&pred) {
            return self.backlog.remove(i);
        }
        let end = Instant::now() + WAIT;
        loop {
            let left = end.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(v) if pred(&v) => return v,
                Ok(v) => self.backlog.push(v),
                Err(_) => panic!("no {what} within {WAIT:?}; got {:#?}", self.backlog),
            }
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let v = self.wait(method, |v| v["id"] == id && v.get("method").is_none());
        assert!(v.get("error").is_none(), "{method} failed: {v}");
        v["result"].clone()
    }

    fn initialize(root: &Path) -> Client {
        let mut c = Client::start();
        let r = c.request(
            "initialize",
            json!({"processId": null, "rootUri": url(root), "capabilities": {},
                   "workspaceFolders": [{"uri": url(root), "name": "fixture"}]}),
        );
        assert_eq!(r["serverInfo"]["name"], "sflint");
        assert_eq!(r["capabilities"]["hoverProvider"], true);
        c.notify("initialized", json!({}));
        c
    }

    fn open(&mut self, path: &Path, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": url(path), "languageId": "xml", "version": 1, "text": text}}),
        );
    }

    /// Replace the whole text of an open file.
    fn change(&mut self, path: &Path, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": url(path), "version": version},
                   "contentChanges": [{"text": text}]}),
        );
    }

    /// The diagnostics published for `path` once `pred` holds for them: publications for
    /// the file are taken in order, and those before the one that satisfies `pred` dropped
    /// (the server publishes every open file of a project after each check).
    fn until(&mut self, path: &Path, what: &str, pred: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let uri = url(path);
        let is_mine = |v: &Value| {
            v["method"] == "textDocument/publishDiagnostics" && v["params"]["uri"] == uri.as_str()
        };
        let end = Instant::now() + WAIT;
        loop {
            let next = match self.backlog.iter().position(is_mine) {
                Some(i) => self.backlog.remove(i),
                None => {
                    let left = end.saturating_duration_since(Instant::now());
                    match self.rx.recv_timeout(left) {
                        Ok(v) if is_mine(&v) => v,
                        Ok(v) => {
                            self.backlog.push(v);
                            continue;
                        }
                        Err(_) => panic!("{what}: not published for {uri} within {WAIT:?}"),
                    }
                }
            };
            let ds = next["params"]["diagnostics"].as_array().unwrap().clone();
            if pred(&ds) {
                return ds;
            }
        }
    }

    /// The diagnostics published for `path` at `version` (earlier ones dropped).
    fn at_version(&mut self, path: &Path, version: i64) -> Vec<Value> {
        let uri = url(path);
        let end = Instant::now() + WAIT;
        loop {
            let next = match self.backlog.iter().position(|v| {
                v["method"] == "textDocument/publishDiagnostics"
                    && v["params"]["uri"] == uri.as_str()
            }) {
                Some(i) => self.backlog.remove(i),
                None => {
                    let left = end.saturating_duration_since(Instant::now());
                    match self.rx.recv_timeout(left) {
                        Ok(v) => v,
                        Err(_) => {
                            panic!("version {version} not published for {uri} within {WAIT:?}")
                        }
                    }
                }
            };
            if next["method"] != "textDocument/publishDiagnostics"
                || next["params"]["uri"] != uri.as_str()
            {
                continue;
            }
            if next["params"]["version"] == version {
                return next["params"]["diagnostics"].as_array().unwrap().clone();
            }
        }
    }

    /// The first diagnostics published for `path`.
    fn diagnostics(&mut self, path: &Path) -> Vec<Value> {
        self.until(path, "any diagnostics", |_| true)
    }

    /// Shut down and exit; the exit code.
    fn stop(mut self) -> i32 {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        self.stdin.take();
        self.child.wait().unwrap().code().unwrap_or(-1)
    }
}

fn fixture() -> (PathBuf, PathBuf, PathBuf) {
    let root = repo_root().join("testdata/lsp");
    let set =
        root.join("force-app/main/default/permissionsets/Analytics_Read.permissionset-meta.xml");
    let flow = root.join("force-app/main/default/wave/Scores.wdf");
    (root, set, flow)
}

/// The LSP position (UTF-16 units) of the `n`-th byte offset of `text`.
fn position(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": before[start..].encode_utf16().count()})
}

fn codes(ds: &[Value]) -> Vec<&str> {
    ds.iter().map(|d| d["code"].as_str().unwrap()).collect()
}

fn iu001(ds: &[Value]) -> Option<&Value> {
    ds.iter().find(|d| d["code"] == "IU001")
}

#[test]
fn findings_arrive_with_utf16_ranges_and_follow_edits_in_other_files() {
    let (root, set, flow) = fixture();
    let set_text = std::fs::read_to_string(&set).unwrap();
    let flow_text = std::fs::read_to_string(&flow).unwrap();
    let mut c = Client::initialize(&root);
    c.open(&flow, &flow_text);
    let ds = c.until(&flow, "IU001 on the dataflow", |ds| iu001(ds).is_some());
    let d = iu001(&ds).unwrap();
    // After `é😀` on the same line: UTF-16 counts the emoji as two units.
    let field = flow_text.rfind("Credit_Score__c").unwrap();
    assert_eq!(
        d["range"],
        json!({"start": position(&flow_text, field), "end": position(&flow_text, field + 15)})
    );
    assert_eq!(d["range"]["start"]["line"], 1);
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "sflint");
    assert_eq!(
        d["codeDescription"]["href"],
        "https://github.com/sflint/sflint/blob/main/rules/analytics-field-not-readable.md"
    );
    // The place that must change is the permission set's `false`, after non-ASCII text.
    let rel = d["relatedInformation"][0].clone();
    assert_eq!(rel["location"]["uri"], url(&set).as_str());
    let at = set_text.find("false</readable>").unwrap();
    assert_eq!(
        rel["location"]["range"],
        json!({"start": position(&set_text, at), "end": position(&set_text, at + 5)})
    );
    // 8 spaces, `<!-- Équipe données `, the emoji (2 units), ` -->`, `<readable>`.
    assert_eq!(rel["location"]["range"]["start"]["character"], 44);

    // Grant read in the (unsaved) permission set: IU001 leaves the dataflow.
    c.open(&set, &set_text);
    let ds = c.until(&set, "IU001 on the set", |ds| iu001(ds).is_some());
    assert_eq!(iu001(&ds).unwrap()["range"], rel["location"]["range"]);
    // An incremental change, its range in UTF-16 units after the emoji.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": url(&set), "version": 2},
               "contentChanges": [{"range": rel["location"]["range"], "text": "true"}]}),
    );
    c.until(&set, "no IU001 on the set", |ds| iu001(ds).is_none());
    c.until(&flow, "no IU001 on the dataflow", |ds| iu001(ds).is_none());
    // Remove it again: IU001 comes back on both.
    c.change(&set, 3, &set_text);
    c.until(&set, "IU001 on the set again", |ds| iu001(ds).is_some());
    c.until(&flow, "IU001 on the dataflow again", |ds| {
        iu001(ds).is_some()
    });
    assert_eq!(c.stop(), 0);
}

/// A burst of edits is taken in whole: whatever the server checks in between, the last
/// version is published with the findings of the last text.
#[test]
fn a_burst_of_edits_ends_with_the_findings_of_the_last_text() {
    let (root, set, _) = fixture();
    let denied = std::fs::read_to_string(&set).unwrap();
    let granted = denied.replacen("false</readable>", "true</readable>", 1);
    assert_ne!(denied, granted);
    let mut c = Client::initialize(&root);
    c.open(&set, &denied);
    c.until(&set, "IU001 on the set", |ds| iu001(ds).is_some());
    for version in 2..=7 {
        let text = if version % 2 == 0 { &granted } else { &denied };
        c.change(&set, version, text);
    }
    // Version 7 is the denied text again.
    assert!(iu001(&c.at_version(&set, 7)).is_some());
    c.change(&set, 8, &granted);
    assert!(iu001(&c.at_version(&set, 8)).is_none());
    assert_eq!(c.stop(), 0);
}

#[test]
fn code_actions_offer_fixes_a_suppression_and_fix_all() {
    let (root, set, _) = fixture();
    let set_text = std::fs::read_to_string(&set).unwrap();
    // A repeated entry in the unsaved buffer: PM005, with a safe fix.
    let entry = "    <fieldPermissions>\n        <editable>false</editable>\n        <field>Account.Name</field>\n        <readable>true</readable>\n    </fieldPermissions>\n";
    let text = set_text.replace(
        "    <hasActivationRequired>",
        &format!("{entry}{entry}    <hasActivationRequired>"),
    );
    let mut c = Client::initialize(&root);
    c.open(&set, &text);
    let ds = c.until(&set, "PM005", |ds| codes(ds).contains(&"PM005"));
    let pm005 = ds.iter().find(|d| d["code"] == "PM005").unwrap().clone();
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": url(&set)}, "range": pm005["range"],
               "context": {"diagnostics": [pm005]}}),
    );
    let actions = actions.as_array().unwrap();
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    let fix = actions
        .iter()
        .find(|a| {
            a["kind"] == "quickfix"
                && a["title"].as_str().unwrap().contains("PM005")
                && !a["title"].as_str().unwrap().starts_with("Suppress")
        })
        .unwrap_or_else(|| panic!("a PM005 fix in {titles:?}"));
    assert_eq!(fix["isPreferred"], true);
    let edits = &fix["edit"]["changes"][url(&set).as_str()];
    assert_eq!(edits.as_array().unwrap().len(), 1);
    // The second entry goes, whole lines.
    let second = text.rfind(entry).unwrap();
    assert_eq!(
        edits[0]["range"],
        json!({"start": position(&text, second), "end": position(&text, second + entry.len())})
    );
    assert_eq!(edits[0]["newText"], "");
    // Suppress: a comment on its own line before the finding's line, same indentation.
    let sup = actions
        .iter()
        .find(|a| a["title"] == "Suppress PM005 on this line")
        .unwrap_or_else(|| panic!("a suppression in {titles:?}"));
    let e = &sup["edit"]["changes"][url(&set).as_str()][0];
    assert_eq!(e["newText"], "    <!-- sflint-ignore PM005: reason -->\n");
    assert_eq!(e["range"]["start"], position(&text, second));
    // Fix all: the safe fixes of the file.
    let all = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": url(&set)}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
               "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(all[0]["kind"], "source.fixAll.sflint");
    let e = &all[0]["edit"]["changes"][url(&set).as_str()];
    assert_eq!(e[0]["range"]["start"], position(&text, second));

    // The suppression applied: PM005 is gone (the comment has a reason).
    let suppressed = format!(
        "{}    <!-- sflint-ignore PM005: reason -->\n{}",
        &text[..second],
        &text[second..]
    );
    c.change(&set, 2, &suppressed);
    let ds = c.until(&set, "PM005 suppressed", |ds| !codes(ds).contains(&"PM005"));
    // The comment has a reason and suppresses something: no SF004 nor SF005.
    assert_eq!(codes(&ds), ["IU001"], "{ds:#?}");

    // Hover on IU001: the rule's summary, the help and the rule page.
    let iu = iu001(&ds).unwrap().clone();
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": url(&set)}, "position": iu["range"]["start"]}),
    );
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(md.contains("**IU001**"), "{md}");
    assert!(
        md.contains("A field a dataflow or recipe reads is explicitly not readable"),
        "{md}"
    );
    assert!(md.contains("Help:"), "{md}");
    assert!(md.contains("rules/analytics-field-not-readable.md"), "{md}");
    // Nothing to say away from findings.
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": url(&set)}, "position": {"line": 0, "character": 0}}),
    );
    assert!(h.is_null(), "{h}");
    assert_eq!(c.stop(), 0);
}

#[test]
fn a_file_that_does_not_parse_gives_sf001_and_the_server_goes_on() {
    let (root, set, flow) = fixture();
    let mut c = Client::initialize(&root);
    c.open(
        &set,
        "<?xml version=\"1.0\"?>\n<PermissionSet>\n  <label>x</labl>\n",
    );
    let ds = c.diagnostics(&set);
    assert_eq!(codes(&ds), ["SF001"], "{ds:#?}");
    let flow_text = std::fs::read_to_string(&flow).unwrap();
    c.open(&flow, &flow_text);
    c.diagnostics(&flow);
    // A broken JSON buffer too, then repaired.
    c.change(&flow, 2, "{ \"a\": ");
    c.until(&flow, "SF001", |ds| codes(ds) == ["SF001"]);
    c.change(&flow, 3, &flow_text);
    c.until(&flow, "no SF001", |ds| {
        !ds.is_empty() && !codes(ds).contains(&"SF001")
    });
    // Closing a file clears its findings.
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": url(&set)}}),
    );
    c.until(&set, "cleared", <[Value]>::is_empty);
    assert_eq!(c.stop(), 0);
}

#[test]
fn exit_without_shutdown_is_code_1_and_requests_after_shutdown_fail() {
    let (root, _, _) = fixture();
    let mut c = Client::initialize(&root);
    c.notify("exit", Value::Null);
    c.stdin.take();
    assert_eq!(c.child.wait().unwrap().code(), Some(1));

    let mut c = Client::initialize(&root);
    c.request("shutdown", Value::Null);
    c.send(json!({"jsonrpc": "2.0", "id": 99, "method": "textDocument/hover", "params": {}}));
    let v = c.wait("an error", |v| v["id"] == 99);
    assert_eq!(v["error"]["code"], -32600);
    c.notify("exit", Value::Null);
    c.stdin.take();
    assert_eq!(c.child.wait().unwrap().code(), Some(0));
}

#[test]
fn watched_files_are_read_again_and_a_config_change_reloads() {
    // A copy of the fixture: files change on disk, then its sflint.toml turns IU001 off.
    let t = TempDir::new("lsp-reload");
    let (root, set, flow) = fixture();
    for f in walk(&root) {
        let rel = f.strip_prefix(&root).unwrap();
        t.write(&rel.to_string_lossy(), std::fs::read(&f).unwrap());
    }
    let flow_copy = t.path().join(flow.strip_prefix(&root).unwrap());
    let mut c = Client::initialize(t.path());
    c.open(&flow_copy, &std::fs::read_to_string(&flow_copy).unwrap());
    c.until(&flow_copy, "IU001", |ds| iu001(ds).is_some());
    // A file deleted and created again on disk (not open): read again.
    let set_copy = t.path().join(set.strip_prefix(&root).unwrap());
    let set_text = std::fs::read(&set_copy).unwrap();
    std::fs::remove_file(&set_copy).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": url(&set_copy), "type": 3}]}),
    );
    c.until(&flow_copy, "IU001 gone with the set", |ds| {
        iu001(ds).is_none()
    });
    std::fs::write(&set_copy, &set_text).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": url(&set_copy), "type": 1}]}),
    );
    c.until(&flow_copy, "IU001 back with the set", |ds| {
        iu001(ds).is_some()
    });
    // sflint.toml leaves the dataflow out: its findings are cleared; back in, they return.
    let toml = t.path().join("sflint.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    let changed = json!({"changes": [{"uri": url(&toml), "type": 2}]});
    std::fs::write(&toml, format!("exclude = [\"**/wave/**\"]\n{text}")).unwrap();
    c.notify("workspace/didChangeWatchedFiles", changed.clone());
    c.until(&flow_copy, "cleared when excluded", <[Value]>::is_empty);
    std::fs::write(&toml, &text).unwrap();
    c.notify("workspace/didChangeWatchedFiles", changed);
    c.until(&flow_copy, "IU001 when linted again", |ds| {
        iu001(ds).is_some()
    });
    std::fs::write(&toml, format!("ignore = [\"IU001\"]\n{text}")).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": url(&toml), "type": 2}]}),
    );
    let ds = c.until(&flow_copy, "IU001 ignored", |ds| iu001(ds).is_none());
    assert!(codes(&ds).is_empty() || !codes(&ds).contains(&"IU001"));
    // Every message was JSON-RPC (the reader thread parses each; a stray line would fail).
    assert_eq!(c.stop(), 0);
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// The end-to-end test with an independent client: pygls's `LanguageClient`
/// (tests/lsp_client/e2e.py), installed by `scripts/consumers/setup.sh`. Skipped with a
/// message when it can't be installed, except in CI.
#[test]
fn an_independent_client_sees_iu001_arrive_and_leave() {
    let Some(tools) = consumer_tools() else {
        return;
    };
    let out = Command::new(tools.join("venv/bin/python"))
        .arg(repo_root().join("tests/lsp_client/e2e.py"))
        .arg(env!("CARGO_BIN_EXE_sflint"))
        .arg(repo_root().join("testdata/lsp"))
        .output()
        .expect("runs python");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("pygls e2e: ok"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
