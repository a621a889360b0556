#!/usr/bin/env node
// Launcher of @sflint/cli: finds the sflint binary of this platform's package
// (@sflint/cli-<os>-<cpu>[-musl], an optional dependency) and runs it with the same
// arguments, stdin/stdout/stderr, exit code and signals. SFLINT_BINARY overrides the binary.
"use strict";

const { spawn } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

// The platform packages, by `${process.platform}-${process.arch}`, preferred first.
// A musl build is static, so it also runs where glibc is.
const PACKAGES = {
  "linux-x64": ["@sflint/cli-linux-x64", "@sflint/cli-linux-x64-musl"],
  "linux-arm64": ["@sflint/cli-linux-arm64"],
  "darwin-x64": ["@sflint/cli-darwin-x64"],
  "darwin-arm64": ["@sflint/cli-darwin-arm64"],
  "win32-x64": ["@sflint/cli-win32-x64"],
};

function isMusl() {
  if (process.platform !== "linux") return false;
  try {
    const report = process.report && process.report.getReport();
    const header = report && (typeof report === "string" ? JSON.parse(report) : report).header;
    return !(header && header.glibcVersionRuntime);
  } catch {
    return false;
  }
}

function candidates(platform) {
  const list = PACKAGES[platform] || [];
  // On musl (Alpine) the glibc build cannot run: only the musl package will do.
  return isMusl() ? list.filter((name) => name.endsWith("-musl")) : list;
}

function findBinary() {
  const override = process.env.SFLINT_BINARY;
  if (override) {
    if (!fs.existsSync(override)) {
      fail(`SFLINT_BINARY is set to ${override}, which does not exist.`);
    }
    return override;
  }
  const platform = `${process.platform}-${process.arch}`;
  const exe = process.platform === "win32" ? "sflint.exe" : "sflint";
  const tried = candidates(platform);
  for (const name of tried) {
    let dir;
    try {
      dir = path.dirname(require.resolve(`${name}/package.json`));
    } catch {
      continue;
    }
    const bin = path.join(dir, "bin", exe);
    if (fs.existsSync(bin)) return bin;
  }
  const variant = isMusl() ? " (musl)" : "";
  if (tried.length === 0) {
    fail(
      `sflint has no prebuilt binary for this platform: ${platform}${variant}.\n` +
        `Supported: ${Object.keys(PACKAGES).join(", ")}.\n` +
        "Build it from source (cargo install --locked sflint) and point SFLINT_BINARY at it.",
    );
  }
  fail(
    `sflint's binary for this platform (${platform}${variant}) is not installed: ` +
      `the optional dependency ${tried.join(" or ")} is missing.\n` +
      "This happens when npm runs with --no-optional / --omit=optional, or when the lockfile " +
      "was made on another platform.\n" +
      `Fix: npm install ${tried[0]}  (or reinstall @sflint/cli without --omit=optional), ` +
      "or set SFLINT_BINARY to an sflint binary.",
  );
}

function fail(message) {
  process.stderr.write(`sflint: ${message}\n`);
  process.exit(2);
}

function main() {
  const bin = findBinary();
  const child = spawn(bin, process.argv.slice(2), { stdio: "inherit", windowsHide: true });
  // Pass signals on; the child's own exit (below) decides how this process ends.
  const forward = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGBREAK"];
  const handlers = {};
  for (const sig of forward) {
    handlers[sig] = () => {
      try {
        child.kill(sig);
      } catch {
        // the child is gone already
      }
    };
    try {
      process.on(sig, handlers[sig]);
    } catch {
      // signal not supported on this platform
    }
  }
  child.on("error", (err) => fail(`could not run ${bin}: ${err.message}`));
  child.on("exit", (code, signal) => {
    for (const sig of Object.keys(handlers)) process.removeListener(sig, handlers[sig]);
    if (signal) {
      // End the same way the child did, so the caller sees the signal.
      process.kill(process.pid, signal);
      return;
    }
    process.exit(code === null ? 2 : code);
  });
}

main();
