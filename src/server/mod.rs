//! `sflint server`: a language server over stdio (rust-analyzer's synchronous
//! `lsp-server`, types from `lsp-types`).
//!
//! On `initialize` it finds the projects of the workspace folders as `sflint check` does
//! (each with its sflint.toml) and loads them, keeping what each file gave
//! ([`crate::pipeline::live`]). An open buffer's text replaces the file on disk; an edit
//! re-reads only the file edited (once, however many edits queued up meanwhile), then the
//! cross-file rules run again over the whole project and every open file of the project
//! gets its findings: those whose primary place is in it, and those about another file
//! that point into it (IU001 on a permission set shows on the dataflow that reads the
//! field too).
//!
//! Logs go to stderr and `window/logMessage`; stdout carries the protocol only.

mod actions;
mod convert;

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionParams, CodeActionProviderCapability,
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidChangeWatchedFilesRegistrationOptions, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, FileSystemWatcher, GlobPattern,
    HoverParams, HoverProviderCapability, InitializeParams, LogMessageParams, MessageType,
    PublishDiagnosticsParams, Registration, RegistrationParams, SaveOptions, ServerCapabilities,
    ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Url,
};

use crate::pipeline::live::{LiveProject, load_folder};
use crate::report::Report;

/// How long edits are gathered before the project is checked again. An edit is cheap to
/// take in (its file is read again only at the check), so a burst of typing costs one
/// read and one check per gathering.
const DEBOUNCE: Duration = Duration::from_millis(10);

/// Files whose change reloads the project: they decide what is linted and how.
const PROJECT_FILES: &[&str] = &[
    crate::config::CONFIG_FILE,
    "sfdx-project.json",
    crate::forceignore::FILE,
];

/// Serve on stdin/stdout; the process's exit code (0 after `shutdown` then `exit`, 1 for
/// an `exit` without `shutdown` or a lost connection).
pub fn run() -> i32 {
    let (conn, io) = Connection::stdio();
    let code = match serve(&conn) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("sflint server: {e}");
            return 1;
        }
    };
    drop(conn);
    let _ = io.join();
    code
}

fn serve(conn: &Connection) -> Result<i32, String> {
    let (id, params) = conn.initialize_start().map_err(|e| e.to_string())?;
    let params: InitializeParams =
        serde_json::from_value(params).map_err(|e| format!("bad initialize params: {e}"))?;
    let folders = workspace_folders(&params);
    let watch = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files)
        .and_then(|w| w.dynamic_registration)
        .unwrap_or(false);
    let result = lsp_types::InitializeResult {
        capabilities: capabilities(),
        server_info: Some(ServerInfo {
            name: "sflint".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
    };
    let result = serde_json::to_value(result).map_err(|e| e.to_string())?;
    conn.initialize_finish(id, result)
        .map_err(|e| e.to_string())?;
    let mut server = Server {
        conn,
        folders,
        projects: Vec::new(),
        docs: HashMap::new(),
        deadline: None,
        pending: Vec::new(),
        shutdown: false,
    };
    server.reload();
    if watch {
        server.register_watchers();
    }
    Ok(server.main_loop())
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::from(actions::FIX_ALL),
            ]),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    }
}

/// The workspace folders, else the root URI, else the working folder.
fn workspace_folders(params: &InitializeParams) -> Vec<PathBuf> {
    let from_folders: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| f.uri.to_file_path().ok())
        .collect();
    if !from_folders.is_empty() {
        return from_folders;
    }
    #[allow(deprecated)]
    let root = params.root_uri.as_ref().and_then(|u| u.to_file_path().ok());
    root.into_iter()
        .chain(std::env::current_dir().ok())
        .take(1)
        .collect()
}

/// An open buffer.
struct Doc {
    url: Url,
    text: String,
    version: i32,
}

/// A loaded project, its last findings and its rules' pages and summaries.
struct Loaded {
    project: LiveProject,
    report: Report,
    dirty: bool,
    pages: HashMap<String, String>,
    summaries: HashMap<String, String>,
}

impl Loaded {
    fn new(project: LiveProject) -> Loaded {
        let docs = crate::output::RuleDoc::enabled(&project.setup);
        let pages = docs
            .iter()
            .filter_map(|d| Some((d.code.clone(), d.page_url()?)))
            .collect();
        let summaries = docs
            .iter()
            .map(|d| (d.code.clone(), d.summary.clone()))
            .collect();
        Loaded {
            project,
            report: Report::default(),
            dirty: true,
            pages,
            summaries,
        }
    }
}

struct Server<'c> {
    conn: &'c Connection,
    folders: Vec<PathBuf>,
    projects: Vec<Loaded>,
    docs: HashMap<PathBuf, Doc>,
    /// When the edits gathered so far are checked.
    deadline: Option<Instant>,
    /// Files edited (or changed on disk) since the last check, to read again first.
    pending: Vec<PathBuf>,
    shutdown: bool,
}

impl Server<'_> {
    fn main_loop(&mut self) -> i32 {
        loop {
            let msg = match self.deadline {
                Some(d) => {
                    let wait = d.saturating_duration_since(Instant::now());
                    match self.conn.receiver.recv_timeout(wait) {
                        Ok(m) => m,
                        Err(e) if e.is_timeout() => {
                            self.flush();
                            continue;
                        }
                        Err(_) => return 1,
                    }
                }
                None => match self.conn.receiver.recv() {
                    Ok(m) => m,
                    Err(_) => return 1,
                },
            };
            match msg {
                Message::Request(req) => self.request(req),
                Message::Notification(n) if n.method == lsp_types::notification::Exit::METHOD => {
                    return if self.shutdown { 0 } else { 1 };
                }
                Message::Notification(n) => {
                    let method = n.method.clone();
                    if catch_unwind(AssertUnwindSafe(|| self.notification(n))).is_err() {
                        self.log(
                            MessageType::ERROR,
                            format!("sflint crashed handling {method}"),
                        );
                    }
                }
                Message::Response(_) => {}
            }
        }
    }

    fn send(&self, msg: Message) {
        let _ = self.conn.sender.send(msg);
    }

    fn log(&self, typ: MessageType, message: String) {
        eprintln!("sflint server: {message}");
        self.send(Message::Notification(Notification::new(
            lsp_types::notification::LogMessage::METHOD.to_string(),
            LogMessageParams { typ, message },
        )));
    }

    fn register_watchers(&self) {
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![FileSystemWatcher {
                glob_pattern: GlobPattern::String("**/*".to_string()),
                kind: None,
            }],
        };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "sflint-watched-files".to_string(),
                method: lsp_types::notification::DidChangeWatchedFiles::METHOD.to_string(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        self.send(Message::Request(Request::new(
            RequestId::from("sflint-register".to_string()),
            "client/registerCapability".to_string(),
            params,
        )));
    }

    /// Load every project of the workspace again, with the open buffers' texts, and
    /// check them now.
    fn reload(&mut self) {
        let started = Instant::now();
        self.projects.clear();
        for folder in self.folders.clone() {
            match catch_unwind(|| load_folder(&folder)) {
                Ok(Ok(projects)) => self.add(projects),
                Ok(Err(e)) => self.log(
                    MessageType::WARNING,
                    format!("no project loaded from {}: {e}", folder.display()),
                ),
                Err(_) => self.log(
                    MessageType::ERROR,
                    format!("sflint crashed loading {}", folder.display()),
                ),
            }
        }
        let open: Vec<(PathBuf, String)> = self
            .docs
            .iter()
            .map(|(p, d)| (p.clone(), d.text.clone()))
            .collect();
        for (path, text) in open {
            match self.project_for(&path) {
                Some(i) => {
                    self.projects[i].project.update(&path, Some(&text));
                }
                // No longer linted (excluded, or its project is gone): nothing to show.
                None => {
                    if let Some(doc) = self.docs.get(&path) {
                        self.clear(doc.url.clone());
                    }
                }
            }
        }
        let files: usize = self.projects.iter().map(|p| p.project.len()).sum();
        self.log(
            MessageType::INFO,
            format!(
                "loaded {} project(s), {files} files, in {} ms",
                self.projects.len(),
                started.elapsed().as_millis()
            ),
        );
        self.flush();
    }

    fn add(&mut self, projects: Vec<LiveProject>) {
        for p in projects {
            if let Some(e) = &p.config_error {
                self.log(
                    MessageType::ERROR,
                    format!(
                        "{}: sflint.toml is not valid, using the defaults: {e}",
                        p.root.display()
                    ),
                );
            }
            if !self.projects.iter().any(|l| l.project.root == p.root) {
                self.projects.push(Loaded::new(p));
            }
        }
    }

    /// The project a metadata file belongs to; a file outside every loaded project loads
    /// its own project.
    fn project_for(&mut self, path: &Path) -> Option<usize> {
        crate::salesforce::kind::classify(path)?;
        let found = self
            .projects
            .iter()
            .position(|l| l.project.has(path))
            .or_else(|| {
                self.projects
                    .iter()
                    .position(|l| l.project.would_lint(path))
            });
        if found.is_some() {
            return found;
        }
        let root = crate::discover::find_project(path).ok()?.root;
        if self.projects.iter().any(|l| l.project.root == root) {
            return None;
        }
        match catch_unwind(|| load_folder(&root)) {
            Ok(Ok(projects)) => self.add(projects),
            _ => return None,
        }
        self.projects
            .iter()
            .position(|l| l.project.has(path) || l.project.would_lint(path))
    }

    /// Schedule `path` to be read again (from its buffer when open) before the next check.
    fn touch(&mut self, path: &Path) {
        if !self.pending.iter().any(|p| p == path) {
            self.pending.push(path.to_path_buf());
        }
        let now = Instant::now();
        self.deadline = Some(self.deadline.unwrap_or(now + DEBOUNCE));
    }

    /// Read the files touched since the last check again (each once, however many edits
    /// it got meanwhile), marking their projects for a check.
    fn read_pending(&mut self) {
        for path in std::mem::take(&mut self.pending) {
            let started = Instant::now();
            let Some(i) = self.project_for(&path) else {
                continue;
            };
            let text = self.docs.get(&path).map(|d| d.text.as_str());
            if self.projects[i].project.update(&path, text) {
                self.log(
                    MessageType::LOG,
                    format!(
                        "read {} again in {} ms",
                        path.display(),
                        started.elapsed().as_millis()
                    ),
                );
                self.projects[i].dirty = true;
            }
        }
    }

    /// Check the projects edited since their last check and publish their open files'
    /// findings.
    fn flush(&mut self) {
        self.deadline = None;
        self.read_pending();
        for i in 0..self.projects.len() {
            if !self.projects[i].dirty {
                continue;
            }
            let started = Instant::now();
            let loaded = &mut self.projects[i];
            loaded.dirty = false;
            match catch_unwind(AssertUnwindSafe(|| loaded.project.check())) {
                Ok(report) => loaded.report = report,
                Err(_) => {
                    self.log(MessageType::ERROR, "sflint crashed checking".to_string());
                    continue;
                }
            }
            let checked = started.elapsed().as_millis();
            self.publish(i);
            self.log(
                MessageType::LOG,
                format!(
                    "checked {} in {checked} ms, published in {} ms",
                    self.projects[i].project.root.display(),
                    started.elapsed().as_millis() - checked
                ),
            );
        }
    }

    /// Publish the findings of every open file of project `i` (none: an empty list, which
    /// clears what was shown).
    fn publish(&self, i: usize) {
        let loaded = &self.projects[i];
        let mut cv = convert::Converter::new(&loaded.report, &loaded.pages);
        for (path, doc) in &self.docs {
            if !loaded.project.has(path) {
                continue;
            }
            let diagnostics = actions::places(&loaded.report, path)
                .into_iter()
                .map(|(d, at)| cv.diagnostic(d, at))
                .collect();
            self.send(Message::Notification(Notification::new(
                lsp_types::notification::PublishDiagnostics::METHOD.to_string(),
                PublishDiagnosticsParams {
                    uri: doc.url.clone(),
                    diagnostics,
                    version: Some(doc.version),
                },
            )));
        }
    }

    fn clear(&self, url: Url) {
        self.send(Message::Notification(Notification::new(
            lsp_types::notification::PublishDiagnostics::METHOD.to_string(),
            PublishDiagnosticsParams {
                uri: url,
                diagnostics: Vec::new(),
                version: None,
            },
        )));
    }

    fn notification(&mut self, n: Notification) {
        use lsp_types::notification as N;
        match n.method.as_str() {
            N::DidOpenTextDocument::METHOD => {
                let Ok(p) = n.extract::<DidOpenTextDocumentParams>(N::DidOpenTextDocument::METHOD)
                else {
                    return;
                };
                let Ok(path) = p.text_document.uri.to_file_path() else {
                    return;
                };
                self.docs.insert(
                    path.clone(),
                    Doc {
                        url: p.text_document.uri,
                        text: p.text_document.text,
                        version: p.text_document.version,
                    },
                );
                self.touch(&path);
            }
            N::DidChangeTextDocument::METHOD => {
                let Ok(p) =
                    n.extract::<DidChangeTextDocumentParams>(N::DidChangeTextDocument::METHOD)
                else {
                    return;
                };
                let Ok(path) = p.text_document.uri.to_file_path() else {
                    return;
                };
                let Some(doc) = self.docs.get_mut(&path) else {
                    return;
                };
                for change in p.content_changes {
                    match change.range {
                        Some(range) => {
                            let span = actions::span(&doc.text, range);
                            doc.text.replace_range(span.range(), &change.text);
                        }
                        None => doc.text = change.text,
                    }
                }
                doc.version = p.text_document.version;
                self.touch(&path);
            }
            N::DidSaveTextDocument::METHOD => {
                let Ok(p) = n.extract::<DidSaveTextDocumentParams>(N::DidSaveTextDocument::METHOD)
                else {
                    return;
                };
                let Ok(path) = p.text_document.uri.to_file_path() else {
                    return;
                };
                if self.is_project_file(&path) {
                    self.reload();
                } else {
                    self.touch(&path);
                }
            }
            N::DidCloseTextDocument::METHOD => {
                let Ok(p) =
                    n.extract::<DidCloseTextDocumentParams>(N::DidCloseTextDocument::METHOD)
                else {
                    return;
                };
                let Ok(path) = p.text_document.uri.to_file_path() else {
                    return;
                };
                if self.docs.remove(&path).is_some() {
                    self.touch(&path);
                    self.clear(p.text_document.uri);
                }
            }
            N::DidChangeWatchedFiles::METHOD => {
                let Ok(p) =
                    n.extract::<DidChangeWatchedFilesParams>(N::DidChangeWatchedFiles::METHOD)
                else {
                    return;
                };
                let paths: Vec<PathBuf> = p
                    .changes
                    .iter()
                    .filter_map(|c| c.uri.to_file_path().ok())
                    .collect();
                if paths.iter().any(|p| self.is_project_file(p)) {
                    self.reload();
                    return;
                }
                for path in paths {
                    // An open buffer wins over the file on disk.
                    if !self.docs.contains_key(&path) {
                        self.touch(&path);
                    }
                }
            }
            N::DidChangeWorkspaceFolders::METHOD => {
                let Ok(p) = n.extract::<lsp_types::DidChangeWorkspaceFoldersParams>(
                    N::DidChangeWorkspaceFolders::METHOD,
                ) else {
                    return;
                };
                let removed: Vec<PathBuf> = p
                    .event
                    .removed
                    .iter()
                    .filter_map(|f| f.uri.to_file_path().ok())
                    .collect();
                self.folders.retain(|f| !removed.contains(f));
                self.folders.extend(
                    p.event
                        .added
                        .iter()
                        .filter_map(|f| f.uri.to_file_path().ok()),
                );
                self.reload();
            }
            _ => {}
        }
    }

    /// sflint.toml, sfdx-project.json, .forceignore, or a file sflint.toml names (policy
    /// files, the access matrix).
    fn is_project_file(&self, path: &Path) -> bool {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        PROJECT_FILES.contains(&name)
            || self.projects.iter().any(|l| {
                let s = &l.project.setup;
                s.policy_sources.iter().any(|p| p.path == path)
                    || s.settings.config_path.as_deref() == Some(path)
                    || s.settings
                        .classification
                        .access_matrix
                        .as_ref()
                        .is_some_and(|m| path.ends_with(m))
            })
    }

    fn request(&mut self, req: Request) {
        use lsp_types::request as R;
        use lsp_types::request::Request as _;
        if self.shutdown {
            self.send(
                Response::new_err(
                    req.id,
                    ErrorCode::InvalidRequest as i32,
                    "the server is shutting down".to_string(),
                )
                .into(),
            );
            return;
        }
        if req.method == R::Shutdown::METHOD {
            self.shutdown = true;
            self.send(Response::new_ok(req.id, ()).into());
            return;
        }
        // Answers reflect every edit received so far.
        if self.deadline.is_some() {
            self.flush();
        }
        let id = req.id.clone();
        let method = req.method.clone();
        let answer = catch_unwind(AssertUnwindSafe(|| match req.method.as_str() {
            R::CodeActionRequest::METHOD => {
                let p: CodeActionParams = serde_json::from_value(req.params).map_err(bad)?;
                let path = p.text_document.uri.to_file_path().map_err(|_| bad("uri"))?;
                let Some(l) = self.loaded_of(&path) else {
                    return Ok(serde_json::Value::Null);
                };
                let mut cv = convert::Converter::new(&l.report, &l.pages);
                let found =
                    actions::code_actions(&mut cv, &path, p.range, p.context.only.as_deref());
                serde_json::to_value(found).map_err(bad)
            }
            R::HoverRequest::METHOD => {
                let p: HoverParams = serde_json::from_value(req.params).map_err(bad)?;
                let doc = p.text_document_position_params;
                let path = doc
                    .text_document
                    .uri
                    .to_file_path()
                    .map_err(|_| bad("uri"))?;
                let Some(l) = self.loaded_of(&path) else {
                    return Ok(serde_json::Value::Null);
                };
                let mut cv = convert::Converter::new(&l.report, &l.pages);
                let h = actions::hover(&mut cv, &path, doc.position, &l.summaries, &l.pages);
                serde_json::to_value(h).map_err(bad)
            }
            _ => Err((
                ErrorCode::MethodNotFound,
                format!("unknown method {}", req.method),
            )),
        }));
        let response = match answer {
            Ok(Ok(value)) => Response::new_ok(id, value),
            Ok(Err((code, message))) => Response::new_err(id, code as i32, message),
            Err(_) => Response::new_err(
                id,
                ErrorCode::InternalError as i32,
                format!("sflint crashed answering {method}"),
            ),
        };
        self.send(response.into());
    }

    fn loaded_of(&self, path: &Path) -> Option<&Loaded> {
        self.projects.iter().find(|l| l.project.has(path))
    }
}

fn bad(e: impl std::fmt::Display) -> (ErrorCode, String) {
    (ErrorCode::InvalidParams, format!("invalid params: {e}"))
}
