// The sflint extension: starts `sflint server` (a language server over stdio) for the
// metadata files of Salesforce projects, and restarts it on demand or when `sflint.path`
// changes. Everything else (diagnostics, quick fixes, hover, fix all) comes from the server.
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

const { documentSelector, watchedGlobs } = require("./files");
const { resolveServer, executable } = require("./server");

/** @type {import("vscode-languageclient/node").LanguageClient | undefined} */
let client;
/** @type {vscode.OutputChannel | undefined} */
let output;
/** Watchers of metadata and project files, for `workspace/didChangeWatchedFiles`. */
let watchers = [];
/** Start and stop run one at a time, in order. */
let queue = Promise.resolve();

function serialize(task) {
  queue = queue.then(task, task);
  return queue;
}

function workspaceFolders() {
  return (vscode.workspace.workspaceFolders || [])
    .filter((folder) => folder.uri.scheme === "file")
    .map((folder) => folder.uri.fsPath);
}

async function start() {
  const setting = vscode.workspace.getConfiguration("sflint").get("path");
  const server = resolveServer({ setting, folders: workspaceFolders() });
  if (server.error) {
    output.appendLine(server.error);
    // Not awaited: a restart must not wait for the message to be closed.
    vscode.window.showErrorMessage(server.error, "Open Settings").then((choice) => {
      if (choice === "Open Settings") {
        vscode.commands.executeCommand("workbench.action.openSettings", "sflint.path");
      }
    });
    return;
  }
  const via = server.launcher ? `, the npm launcher ${server.launcher}` : "";
  output.appendLine(`Starting ${server.command} server (found via ${server.source}${via}).`);
  client = new LanguageClient(
    "sflint",
    "sflint",
    executable(server),
    {
      documentSelector: documentSelector(),
      synchronize: { fileEvents: watchers },
      outputChannel: output,
      diagnosticCollectionName: "sflint",
    },
  );
  try {
    await client.start();
  } catch (err) {
    output.appendLine(`sflint server failed to start: ${err && err.message ? err.message : err}`);
    vscode.window.showErrorMessage(`sflint server failed to start (${server.command}): see the sflint output.`);
  }
}

async function stop() {
  const running = client;
  client = undefined;
  if (!running) return;
  try {
    await running.stop();
  } catch (err) {
    output.appendLine(`sflint server did not stop cleanly: ${err && err.message ? err.message : err}`);
  }
}

function restart() {
  return serialize(async () => {
    await stop();
    await start();
  });
}

function activate(context) {
  output = vscode.window.createOutputChannel("sflint");
  watchers = watchedGlobs().map((glob) => vscode.workspace.createFileSystemWatcher(glob));
  context.subscriptions.push(
    output,
    ...watchers,
    vscode.commands.registerCommand("sflint.restartServer", restart),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("sflint.path")) restart();
    }),
  );
  return serialize(start);
}

function deactivate() {
  return serialize(stop);
}

module.exports = { activate, deactivate };
