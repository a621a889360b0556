#!/usr/bin/env node
// Start the server exactly as the extension would for a workspace folder, without VS Code:
//   node scripts/start-server.js FOLDER            LSP initialize, shutdown and exit; prints
//                                                  the initialize result as JSON
//   node scripts/start-server.js FOLDER ARG...     runs the executable with ARG... in place
//                                                  of `server` (e.g. --version)
// The executable is found as by the extension (SFLINT_PATH stands for the `sflint.path`
// setting); the command line goes to stderr. Used by tests/vscode_extension.rs.
"use strict";

const { spawn } = require("node:child_process");
const path = require("node:path");

const { resolveServer, executable } = require("../src/server");

const [folderArg, ...rest] = process.argv.slice(2);
if (!folderArg) {
  process.stderr.write("usage: start-server.js FOLDER [ARG...]\n");
  process.exit(2);
}
const folder = path.resolve(folderArg);
const server = resolveServer({ setting: process.env.SFLINT_PATH, folders: [folder] });
if (server.error) {
  process.stderr.write(`${server.error}\n`);
  process.exit(2);
}
const exe = executable(server);
const args = rest.length > 0 ? [...exe.args.slice(0, -1), ...rest] : exe.args;
const options = exe.options || {};
process.stderr.write(`${JSON.stringify({ source: server.source, command: exe.command, args })}\n`);
const child = spawn(exe.command, args, {
  cwd: folder,
  shell: options.shell,
  env: { ...process.env, ...options.env },
  stdio: rest.length > 0 ? "inherit" : ["pipe", "pipe", "inherit"],
});
child.on("error", (err) => {
  process.stderr.write(`cannot start ${exe.command}: ${err.message}\n`);
  process.exit(2);
});
if (rest.length > 0) {
  child.on("exit", (code, signal) => process.exit(signal ? 1 : code));
} else {
  handshake(child, folder);
}

/** initialize, initialized, shutdown, exit; the server must then exit with 0. */
function handshake(child, folder) {
  const timer = setTimeout(() => fail("no answer within 30 s"), 30000);
  const send = (message) => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: "2.0", ...message }), "utf8");
    child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    child.stdin.write(body);
  };
  const uri = require("node:url").pathToFileURL(folder).href;
  let result;
  const waiting = new Map([
    [1, (r) => {
      result = r;
      send({ method: "initialized", params: {} });
      send({ id: 2, method: "shutdown" });
    }],
    [2, () => send({ method: "exit" })],
  ]);
  let buffer = Buffer.alloc(0);
  child.stdout.on("data", (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const end = buffer.indexOf("\r\n\r\n");
      if (end < 0) return;
      const length = Number(/Content-Length: *(\d+)/i.exec(buffer.subarray(0, end).toString())?.[1]);
      if (!Number.isFinite(length)) fail(`bad header: ${buffer.subarray(0, end)}`);
      if (buffer.length < end + 4 + length) return;
      const message = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString("utf8"));
      buffer = buffer.subarray(end + 4 + length);
      if (message.id !== undefined && message.method === undefined) {
        if (message.error) fail(`error answer: ${JSON.stringify(message.error)}`);
        const next = waiting.get(message.id);
        waiting.delete(message.id);
        if (next) next(message.result);
      } else if (message.id !== undefined) {
        // A request from the server (registerCapability, workspace/configuration...).
        send({ id: message.id, result: null });
      }
    }
  });
  child.on("exit", (code, signal) => {
    clearTimeout(timer);
    if (waiting.size > 0 || code !== 0) fail(`server exited (code ${code}, signal ${signal}) too early or not cleanly`);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  });
  send({
    id: 1,
    method: "initialize",
    params: {
      processId: process.pid,
      clientInfo: { name: "sflint-start-server" },
      rootUri: uri,
      workspaceFolders: [{ uri, name: path.basename(folder) }],
      capabilities: {},
    },
  });

  function fail(why) {
    process.stderr.write(`start-server: ${why}\n`);
    child.kill();
    process.exit(1);
  }
}
