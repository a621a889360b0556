// resolveServer: the `sflint.path` setting, then node_modules/.bin, then PATH.
"use strict";

const assert = require("node:assert/strict");
const { test } = require("node:test");

const { resolveServer, executable } = require("../src/server");

function existing(...files) {
  const set = new Set(files);
  return (file) => set.has(file);
}

const noJson = () => undefined;

test("node_modules/.bin of the first folder that has it comes before PATH", () => {
  const r = resolveServer({
    folders: ["/ws/a", "/ws/b"],
    env: { PATH: "/usr/local/bin:/usr/bin" },
    platform: "linux",
    read: noJson,
    exists: existing("/ws/b/node_modules/.bin/sflint", "/usr/bin/sflint"),
  });
  assert.deepEqual(r, { command: "/ws/b/node_modules/.bin/sflint", source: "node_modules" });
});

test("PATH is searched in order when no folder has the npm package", () => {
  const r = resolveServer({
    folders: ["/ws/a"],
    env: { PATH: "/opt/x::/usr/local/bin:/usr/bin" },
    platform: "linux",
    read: noJson,
    exists: existing("/usr/local/bin/sflint", "/usr/bin/sflint"),
  });
  assert.deepEqual(r, { command: "/usr/local/bin/sflint", source: "PATH" });
});

test("the setting wins; relative paths are resolved against the first folder", () => {
  const opts = {
    folders: ["/ws/a"],
    env: { PATH: "/usr/bin", HOME: "/home/me" },
    platform: "linux",
    read: noJson,
    exists: existing("/ws/a/node_modules/.bin/sflint", "/usr/bin/sflint", "/ws/a/tools/sflint", "/home/me/bin/sflint"),
  };
  assert.deepEqual(resolveServer({ ...opts, setting: "tools/sflint" }), {
    command: "/ws/a/tools/sflint",
    source: "setting",
  });
  assert.deepEqual(resolveServer({ ...opts, setting: "~/bin/sflint" }), {
    command: "/home/me/bin/sflint",
    source: "setting",
  });
  assert.deepEqual(resolveServer({ ...opts, setting: "sflint" }), {
    command: "/usr/bin/sflint",
    source: "setting",
  });
  assert.deepEqual(resolveServer({ ...opts, setting: "  " }), {
    command: "/ws/a/node_modules/.bin/sflint",
    source: "node_modules",
  });
});

test("a setting that names nothing is an error, not a silent fallback", () => {
  const opts = {
    folders: ["/ws/a"],
    env: { PATH: "/usr/bin" },
    platform: "linux",
    read: noJson,
    exists: existing("/usr/bin/sflint"),
  };
  assert.match(resolveServer({ ...opts, setting: "/nope/sflint" }).error, /\/nope\/sflint does not exist/);
  assert.match(resolveServer({ ...opts, setting: "sflint-dev" }).error, /not on PATH/);
});

test("nothing found: the error says how to install sflint", () => {
  const r = resolveServer({
    folders: ["/ws/a"],
    env: { PATH: "/usr/bin" },
    platform: "linux",
    exists: () => false,
    read: noJson,
  });
  assert.equal(r.command, undefined);
  assert.match(r.error, /npm install --save-dev @sflint\/cli/);
  assert.match(r.error, /sflint\.path/);
});

test("Windows: the npm launcher sflint.cmd, PATHEXT, and a quoted shell command", () => {
  const r = resolveServer({
    folders: ["C:\\ws\\my project"],
    env: { Path: "C:\\tools;C:\\bin", PATHEXT: ".EXE;.CMD" },
    platform: "win32",
    read: noJson,
    exists: existing("C:\\ws\\my project\\node_modules\\.bin\\sflint.cmd", "C:\\bin\\sflint.exe"),
  });
  assert.deepEqual(r, { command: "C:\\ws\\my project\\node_modules\\.bin\\sflint.cmd", source: "node_modules" });
  assert.deepEqual(executable(r, { platform: "win32" }), {
    command: '"C:\\ws\\my project\\node_modules\\.bin\\sflint.cmd"',
    args: ["server"],
    options: { shell: true },
  });
  const onPath = resolveServer({
    folders: [],
    env: { Path: "C:\\tools;C:\\bin", PATHEXT: ".EXE;.CMD" },
    platform: "win32",
    read: noJson,
    exists: existing("C:\\bin\\sflint.exe"),
  });
  assert.deepEqual(onPath, { command: "C:\\bin\\sflint.exe", source: "PATH" });
  assert.deepEqual(executable(onPath, { platform: "win32" }), { command: "C:\\bin\\sflint.exe", args: ["server"] });
});

test("the server is started as `sflint server`", () => {
  const server = { command: "/usr/bin/sflint", source: "PATH" };
  assert.deepEqual(executable(server, { platform: "linux" }), { command: "/usr/bin/sflint", args: ["server"] });
});

test("the npm package's launcher runs with the editor's Node, on every platform", () => {
  const read = (file) =>
    file === "/ws/a/node_modules/@sflint/cli/package.json" ? { bin: { sflint: "bin/sflint.js" } } : undefined;
  const r = resolveServer({
    folders: ["/ws/a"],
    env: { PATH: "/usr/bin" },
    platform: "linux",
    exists: existing("/ws/a/node_modules/.bin/sflint", "/ws/a/node_modules/@sflint/cli/bin/sflint.js"),
    read,
  });
  assert.deepEqual(r, {
    command: "/ws/a/node_modules/.bin/sflint",
    source: "node_modules",
    launcher: "/ws/a/node_modules/@sflint/cli/bin/sflint.js",
  });
  for (const platform of ["linux", "win32"]) {
    assert.deepEqual(executable(r, { platform, execPath: "/opt/code/code" }), {
      command: "/opt/code/code",
      args: ["/ws/a/node_modules/@sflint/cli/bin/sflint.js", "server"],
      options: { env: { ELECTRON_RUN_AS_NODE: "1" } },
    });
  }
  // A `bin` that is not a script (or a launcher that is missing) runs the .bin entry itself.
  for (const bin of ["bin/sflint", "bin/missing.js"]) {
    const other = resolveServer({
      folders: ["/ws/a"],
      platform: "linux",
      env: {},
      exists: existing("/ws/a/node_modules/.bin/sflint", "/ws/a/node_modules/@sflint/cli/bin/sflint"),
      read: () => ({ bin }),
    });
    assert.deepEqual(other, { command: "/ws/a/node_modules/.bin/sflint", source: "node_modules" });
  }
});
