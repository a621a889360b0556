//! The language server's latency: time from a `didChange` to the `publishDiagnostics` of
//! the changed file, on a project (for BENCHMARKS.md, driven by `scripts/bench.sh --lsp`).
//!
//! ```text
//! cargo run --release --example lsp_latency -- --bin target/release/sflint --dir ORG [--runs 9]
//! ```
//!
//! Starts `sflint server`, initializes it on ORG, opens the largest profile and the
//! largest permission set and waits for their first findings (the load). Then, `--runs`
//! times for each file, toggles its first `<readable>` value (`true` ↔ `false`) with an
//! incremental change and times until the server publishes that version's findings.
//! Prints the load time, each run and the medians, in milliseconds, and the median CPU
//! time (user + system, all threads, from `/proc`, 10 ms ticks) the server spent per change:
//! on a shared machine the wall time depends on the load, the CPU time much less. `--log FILE` keeps the
//! server's log (stderr: how long each check took).

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{ChildStdin, ChildStdout, Command, Stdio};
use std::time::Instant;

use serde_json::{Value, json};

struct Rpc {
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Rpc {
    fn send(&mut self, msg: Value) {
        let body = msg.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("writes");
        self.stdin.flush().expect("flushes");
    }

    fn recv(&mut self) -> Value {
        let mut len = 0;
        loop {
            let mut line = String::new();
            assert!(
                self.stdout.read_line(&mut line).expect("reads") > 0,
                "server gone"
            );
            let line = line.trim();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length:") {
                len = v.trim().parse().expect("a length");
            }
        }
        let mut body = vec![0; len];
        self.stdout.read_exact(&mut body).expect("reads a body");
        serde_json::from_slice(&body).expect("JSON")
    }

    /// Wait for the findings of `uri` at `version` (any version when `None`).
    fn published(&mut self, uri: &str, version: Option<i64>) {
        loop {
            let m = self.recv();
            if m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && version.is_none_or(|v| m["params"]["version"] == v)
            {
                return;
            }
        }
    }
}

fn url(path: &Path) -> String {
    let mut out = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The largest file below `dir` whose name ends with `suffix`.
fn largest(dir: &Path, suffix: &str) -> Option<PathBuf> {
    let mut best: Option<(u64, PathBuf)> = None;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).ok()?.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.to_string_lossy().ends_with(suffix) {
                let len = e.metadata().map_or(0, |m| m.len());
                if best.as_ref().is_none_or(|(l, _)| len > *l) {
                    best = Some((len, p));
                }
            }
        }
    }
    best.map(|(_, p)| p)
}

/// The LSP position (UTF-16) of byte `offset` in `text`.
fn position(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": before[start..].encode_utf16().count()})
}

/// The CPU time (user + system, ms) the process `pid` used so far (Linux `/proc`; 0 elsewhere).
fn cpu_ms(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name (which may hold spaces) start at its closing paren.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after the paren; 100 Hz.
    (ticks(11) + ticks(12)) * 10.0
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let bin = arg("--bin").unwrap_or_else(|| "target/release/sflint".into());
    let dir = std::fs::canonicalize(arg("--dir").expect("--dir ORG")).expect("ORG exists");
    let runs: usize = arg("--runs").map_or(9, |r| r.parse().expect("a number"));
    let mut child = Command::new(&bin)
        .arg("server")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(match arg("--log") {
            Some(path) => Stdio::from(std::fs::File::create(path).expect("creates the log")),
            None => Stdio::null(),
        })
        .spawn()
        .expect("starts the server");
    let mut rpc = Rpc {
        stdin: child.stdin.take().expect("stdin"),
        stdout: BufReader::new(child.stdout.take().expect("stdout")),
    };
    let started = Instant::now();
    rpc.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"processId": null, "rootUri": url(&dir), "capabilities": {}}}));
    while rpc.recv()["id"] != 1 {}
    rpc.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    let files: Vec<PathBuf> = [".profile-meta.xml", ".permissionset-meta.xml"]
        .iter()
        .filter_map(|s| largest(&dir, s))
        .collect();
    let mut texts = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("reads");
        rpc.send(
            json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": {"uri": url(f), "languageId": "xml", "version": 1, "text": text}}}),
        );
        rpc.published(&url(f), Some(1));
        texts.push(text);
    }
    println!(
        "load and first findings: {} ms",
        started.elapsed().as_millis()
    );
    for (f, text) in files.iter().zip(texts.iter_mut()) {
        let size = text.len() as f64 / 1_048_576.0;
        let mut times = Vec::new();
        let mut cpu = Vec::new();
        for i in 0..runs {
            let (from, to) = if text.contains("<readable>true<") {
                ("<readable>true<", "false")
            } else {
                ("<readable>false<", "true")
            };
            let at = text.find(from).expect("a readable value") + "<readable>".len();
            let old = from.len() - "<readable><".len();
            let range = json!({"start": position(text, at), "end": position(text, at + old)});
            text.replace_range(at..at + old, to);
            let version = i as i64 + 2;
            let t = Instant::now();
            let c = cpu_ms(child.id());
            rpc.send(
                json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": {"uri": url(f), "version": version},
                "contentChanges": [{"range": range, "text": to}]}}),
            );
            rpc.published(&url(f), Some(version));
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            cpu.push(cpu_ms(child.id()) - c);
        }
        let shown: Vec<String> = times.iter().map(|t| format!("{t:.0}")).collect();
        println!(
            "{} ({size:.1} MB): didChange -> publishDiagnostics median {:.0} ms (runs: {}); \
             server CPU median {:.0} ms",
            f.file_name()
                .map_or(String::new(), |n| n.to_string_lossy().into_owned()),
            median(&mut times),
            shown.join(", "),
            median(&mut cpu)
        );
    }
    rpc.send(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
    while rpc.recv()["id"] != 2 {}
    rpc.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    let _ = child.wait();
}
