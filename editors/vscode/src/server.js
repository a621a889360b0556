// Which `sflint` executable runs the server: the `sflint.path` setting when set, else the
// workspace's `node_modules/.bin/sflint` (the npm package @sflint/cli), else `sflint` on
// PATH. Pure but for the `exists` check, so that test/server.test.js can drive it.
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
 */
function resolveServer({
  setting,
  folders,
  env = process.env,
  platform = process.platform,
  exists = isFile,
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
      if (exists(candidate)) return { command: candidate, source: "node_modules" };
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
 * The language client's `Executable` for `sflint server`. Windows runs .cmd/.bat launchers
 * (node_modules/.bin/sflint.cmd) only through the shell, with the path quoted.
 */
function executable(command, platform = process.platform) {
  if (platform === "win32" && /\.(cmd|bat)$/i.test(command)) {
    return { command: `"${command}"`, args: ["server"], options: { shell: true } };
  }
  return { command, args: ["server"] };
}

module.exports = { resolveServer, executable, onPath };
