// extension.js loaded with a stubbed `vscode` module and a recording LanguageClient, on a
// real temporary workspace: which executable it starts, with which client options, and
// what "sflint: Restart server" and a change of `sflint.path` do.
"use strict";

const assert = require("node:assert/strict");
const fs = require("node:fs");
const Module = require("node:module");
const os = require("node:os");
const path = require("node:path");
const { test } = require("node:test");

const state = {
  folders: [],
  settings: {},
  commands: new Map(),
  configListeners: [],
  errors: [],
  logs: [],
  clients: [],
  watchers: [],
};

const vscodeStub = {
  workspace: {
    get workspaceFolders() {
      return state.folders.map((fsPath) => ({ uri: { scheme: "file", fsPath } }));
    },
    getConfiguration: (section) => ({ get: (key) => state.settings[`${section}.${key}`] }),
    createFileSystemWatcher: (glob) => {
      const watcher = { glob, dispose() {} };
      state.watchers.push(watcher);
      return watcher;
    },
    onDidChangeConfiguration: (listener) => {
      state.configListeners.push(listener);
      return { dispose() {} };
    },
  },
  window: {
    createOutputChannel: (name) => ({ name, appendLine: (line) => state.logs.push(line), dispose() {} }),
    showErrorMessage: (message) => {
      state.errors.push(message);
      return Promise.resolve(undefined);
    },
  },
  commands: {
    registerCommand: (id, handler) => {
      state.commands.set(id, handler);
      return { dispose() {} };
    },
    executeCommand: () => Promise.resolve(),
  },
};

class RecordingClient {
  constructor(id, name, serverOptions, clientOptions) {
    Object.assign(this, { id, name, serverOptions, clientOptions, running: false, stops: 0 });
    state.clients.push(this);
  }
  async start() {
    this.running = true;
  }
  async stop() {
    this.running = false;
    this.stops++;
  }
}

const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === "vscode") return vscodeStub;
  if (request === "vscode-languageclient/node") return { LanguageClient: RecordingClient };
  return load.call(this, request, ...rest);
};
const extension = require("../src/extension");

function executableFile(file) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, "#!/bin/sh\n");
  fs.chmodSync(file, 0o755);
  return file;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sflint-vscode-"));
const exe = process.platform === "win32" ? "sflint.cmd" : "sflint";
const workspace = path.join(tmp, "project");
const inNodeModules = executableFile(path.join(workspace, "node_modules", ".bin", exe));
// The npm package @sflint/cli, as npm installs it: its launcher named by `bin`.
const cli = path.join(workspace, "node_modules", "@sflint", "cli");
fs.mkdirSync(cli, { recursive: true });
fs.writeFileSync(
  path.join(cli, "package.json"),
  JSON.stringify({ name: "@sflint/cli", bin: { sflint: "bin/sflint.js" } }),
);
const launcher = executableFile(path.join(cli, "bin", "sflint.js"));
const binDir = path.join(tmp, "bin");
const onPath = executableFile(path.join(binDir, process.platform === "win32" ? "sflint.exe" : "sflint"));
const custom = executableFile(path.join(workspace, "tools", "sflint-dev"));
const savedPath = process.env.PATH;
process.env.PATH = [binDir, savedPath].join(path.delimiter);

const context = { subscriptions: [] };
const last = () => state.clients[state.clients.length - 1];
const commandOf = (client) => client.serverOptions.command.replace(/^"|"$/g, "");

test.after(() => {
  process.env.PATH = savedPath;
  fs.rmSync(tmp, { recursive: true, force: true });
});

test("activate starts the workspace's @sflint/cli launcher with the editor's Node", async () => {
  state.folders = [workspace];
  await extension.activate(context);
  const client = last();
  assert.equal(state.clients.length, 1);
  assert.equal(client.id, "sflint", "the id makes sflint.trace.server the trace setting");
  assert.equal(client.serverOptions.command, process.execPath);
  assert.deepEqual(client.serverOptions.args, [launcher, "server"]);
  assert.equal(client.serverOptions.options.env.ELECTRON_RUN_AS_NODE, "1");
  assert.ok(client.running);
  const patterns = client.clientOptions.documentSelector.map((s) => s.pattern);
  for (const p of ["**/*-meta.xml", "**/*.profile", "**/*.permissionset", "**/*.wdf", "**/*.wdpr"]) {
    assert.ok(patterns.includes(p), `${p} in ${patterns}`);
  }
  assert.ok(client.clientOptions.documentSelector.every((s) => s.scheme === "file"));
  assert.equal(client.clientOptions.outputChannel.name, "sflint");
  assert.deepEqual(client.clientOptions.synchronize.fileEvents, state.watchers);
  assert.ok(state.watchers.some((w) => w.glob.includes("sflint.toml")));
  assert.ok(state.commands.has("sflint.restartServer"));
  assert.ok(state.logs.some((l) => l.includes(inNodeModules) && l.includes(launcher)));
});

test("without the package's launcher, restart runs node_modules/.bin/sflint itself", async () => {
  fs.rmSync(path.join(workspace, "node_modules", "@sflint"), { recursive: true });
  const before = last();
  await state.commands.get("sflint.restartServer")();
  assert.equal(before.stops, 1);
  assert.equal(state.clients.length, 2);
  assert.equal(commandOf(last()), inNodeModules);
  assert.deepEqual(last().serverOptions.args, ["server"]);
  assert.ok(last().running);
});

test("restart stops the running server and starts sflint from PATH once node_modules is gone", async () => {
  fs.rmSync(path.join(workspace, "node_modules"), { recursive: true });
  const before = last();
  await state.commands.get("sflint.restartServer")();
  assert.equal(before.stops, 1);
  assert.equal(state.clients.length, 3);
  assert.equal(commandOf(last()), onPath);
  assert.ok(last().running);
});

test("a change of sflint.path restarts the server with the setting's executable", async () => {
  state.settings["sflint.path"] = "tools/sflint-dev";
  const before = last();
  const unrelated = { affectsConfiguration: (s) => s === "editor.fontSize" };
  for (const listener of state.configListeners) listener(unrelated);
  assert.equal(state.clients.length, 3, "other settings do not restart the server");
  const event = { affectsConfiguration: (s) => s === "sflint.path" };
  for (const listener of state.configListeners) listener(event);
  for (let i = 0; i < 100 && state.clients.length === 3; i++) await new Promise(setImmediate);
  assert.equal(state.clients.length, 4);
  assert.equal(before.stops, 1);
  assert.equal(commandOf(last()), custom);
  assert.ok(last().running);
});

test("no executable anywhere: an error message, no client, and deactivate still works", async () => {
  state.settings["sflint.path"] = "";
  process.env.PATH = path.join(tmp, "empty");
  const count = state.clients.length;
  await state.commands.get("sflint.restartServer")();
  assert.equal(state.clients.length, count);
  assert.match(state.errors.at(-1), /sflint was not found/);
  await extension.deactivate();
});
