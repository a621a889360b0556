// Which `sflint` executable runs the server: the `sflint.path` setting when set, else the
// workspace's `node_modules/.bin/sflint` (the npm package @sflint/cli), else `sflint` on
// PATH. The npm package's launcher is a Node script: it runs with the editor's own Node
// (no `node` needed on PATH, no .cmd shim on Windows). Pure but for the file checks,
// which test/server.test.js replaces.
"use strict";

const fs = require("node:fs");
const os = require("node:os");
const nodePath = require("node:path");

/** The path functions of `platform`, so that tests can play Windows on Linux. */
function pathOf(platform) {
  return platform === "win32" ? nodePath.win32 : nodePath.posix;
}

function isFile(file) {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

/** The launcher script of @sflint/cli installed in `folder`, from its `bin`. */
function npmLauncher(folder, { path, exists, read }) {
  const pkg = path.join(folder, "node_modules", "@sflint", "cli");
  const manifest = read(path.join(pkg, "package.json"));
  const bin = manifest && (typeof manifest.bin === "string" ? manifest.bin : manifest.bin?.sflint);
  if (typeof bin !== "string" || !/\.[cm]?js$/.test(bin)) return undefined;
  const script = path.join(pkg, bin);
  return exists(script) ? script : undefined;
}

/** The names an executable `name` has on this platform (`sflint.cmd`, `sflint.exe` on Windows). */
function executableNames(name, platform, env) {
  if (platform !== "win32" || nodePath.win32.extname(name)) return [name];
  const exts = (env.PATHEXT || ".COM;.EXE;.BAT;.CMD").split(";").filter(Boolean);
  return exts.map((ext) => name + ext.toLowerCase());
}

/** `name` looked up on the PATH of `env`, or undefined. */
function onPath(name, { env, platform, exists }) {
  const path = pathOf(platform);
  const pathVar = env.PATH ?? env.Path ?? "";
  const delimiter = platform === "win32" ? ";" : ":";
  for (const dir of pathVar.split(delimiter).filter(Boolean)) {
    for (const exe of executableNames(name, platform, env)) {
      const candidate = path.join(dir, exe);
      if (exists(candidate)) return candidate;
    }
  }
  return undefined;
}

/**
 * The executable to start, as `{ command, source }` (source: "setting", "node_modules" or
 * "PATH"), or `{ error }` saying what was tried.
 *
 * @param {object} o
 * @param {string} [o.setting] the `sflint.path` setting ("" or undefined: not set)
 * @param {string[]} o.folders the workspace folders' paths, first one first
 * @param {object} [o.env] environment (PATH, PATHEXT, HOME)
 * @param {string} [o.platform] process.platform
 * @param {(file: string) => boolean} [o.exists] whether a file exists
 * @param {(file: string) => any} [o.read] a JSON file's value, or undefined
 * @returns {{command: string, source: string, launcher?: string} | {error: string}}
 *   `launcher`: the npm package's Node script that `command` (node_modules/.bin) runs
 */
function resolveServer({
  setting,
  folders,
  env = process.env,
  platform = process.platform,
  exists = isFile,
  read = readJson,
}) {
  const ctx = { env, platform, exists };
  const path = pathOf(platform);
  const value = (setting || "").trim();
  if (value) {
    let file = value;
    if (file === "~" || file.startsWith("~/") || file.startsWith("~\\")) {
      file = path.join(env.HOME || os.homedir(), file.slice(1));
    }
    const bare = !file.includes("/") && !file.includes("\\");
    if (bare) {
      const found = onPath(file, ctx);
      if (found) return { command: found, source: "setting" };
      return { error: `sflint.path is "${value}", which is not on PATH.` };
    }
    if (!path.isAbsolute(file) && folders.length > 0) file = path.join(folders[0], file);
    if (exists(file)) return { command: file, source: "setting" };
    return { error: `sflint.path is "${value}", but ${file} does not exist.` };
  }
  for (const folder of folders) {
    for (const exe of executableNames("sflint", platform, env)) {
      const candidate = path.join(folder, "node_modules", ".bin", exe);
      if (!exists(candidate)) continue;
      const launcher = npmLauncher(folder, { path, exists, read });
      return launcher
        ? { command: candidate, source: "node_modules", launcher }
        : { command: candidate, source: "node_modules" };
    }
  }
  const found = onPath("sflint", ctx);
  if (found) return { command: found, source: "PATH" };
  return {
    error:
      "sflint was not found: not in node_modules/.bin of the workspace, nor on PATH. " +
      "Install it (npm install --save-dev @sflint/cli, or cargo install --locked sflint) " +
      'or set "sflint.path".',
  };
}

/**
 * The language client's `Executable` for `sflint server`. The npm launcher runs with
 * `execPath` (the editor's Node: its Electron binary as Node); Windows runs other
 * .cmd/.bat files only through the shell, with the path quoted.
 */
function executable(server, { platform = process.platform, execPath = process.execPath } = {}) {
  if (server.launcher) {
    return {
      command: execPath,
      args: [server.launcher, "server"],
      options: { env: { ELECTRON_RUN_AS_NODE: "1" } },
    };
  }
  const { command } = server;
  if (platform === "win32" && /\.(cmd|bat)$/i.test(command)) {
    return { command: `"${command}"`, args: ["server"], options: { shell: true } };
  }
  return { command, args: ["server"] };
}

module.exports = { resolveServer, executable, onPath };
