#!/usr/bin/env node
// Assembles the npm packages into an output folder (default dist/npm/):
//   cli/            @sflint/cli: npm/ with every version set from Cargo.toml
//   cli-<target>/   @sflint/cli-<target>: package.json (os, cpu, libc) and bin/sflint[.exe]
// Usage: node scripts/npm/assemble.js [--out DIR] [TARGET=BINARY ...]
// TARGET is one of the keys of TARGETS below; BINARY a built sflint for it.
"use strict";

const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..", "..");

// npm target -> the fields npm matches against the installing machine.
const TARGETS = {
  "linux-x64": { os: ["linux"], cpu: ["x64"], libc: ["glibc"], rust: "x86_64-unknown-linux-gnu" },
  "linux-arm64": { os: ["linux"], cpu: ["arm64"], libc: ["glibc"], rust: "aarch64-unknown-linux-gnu" },
  "linux-x64-musl": { os: ["linux"], cpu: ["x64"], libc: ["musl"], rust: "x86_64-unknown-linux-musl" },
  "darwin-x64": { os: ["darwin"], cpu: ["x64"], rust: "x86_64-apple-darwin" },
  "darwin-arm64": { os: ["darwin"], cpu: ["arm64"], rust: "aarch64-apple-darwin" },
  "win32-x64": { os: ["win32"], cpu: ["x64"], rust: "x86_64-pc-windows-msvc" },
};

/** The version of the [package] table of Cargo.toml. */
function cargoVersion() {
  const text = fs.readFileSync(path.join(ROOT, "Cargo.toml"), "utf8");
  const pkg = text.split(/^\[/m).find((t) => t.startsWith("package]"));
  const m = pkg && pkg.match(/^version\s*=\s*"([^"]+)"/m);
  if (!m) throw new Error("no version in the [package] table of Cargo.toml");
  return m[1];
}

function writeJson(file, value) {
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + "\n");
}

function mainPackage(out, version) {
  const src = path.join(ROOT, "npm");
  const dir = path.join(out, "cli");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, "bin"), { recursive: true });
  const pkg = JSON.parse(fs.readFileSync(path.join(src, "package.json"), "utf8"));
  pkg.version = version;
  const names = Object.keys(TARGETS).map((t) => `@sflint/cli-${t}`);
  const listed = Object.keys(pkg.optionalDependencies || {}).sort();
  if (JSON.stringify(listed) !== JSON.stringify([...names].sort())) {
    throw new Error(`npm/package.json optionalDependencies must be exactly ${names.join(", ")}`);
  }
  for (const name of names) pkg.optionalDependencies[name] = version;
  writeJson(path.join(dir, "package.json"), pkg);
  fs.copyFileSync(path.join(src, "README.md"), path.join(dir, "README.md"));
  fs.copyFileSync(path.join(src, "bin", "sflint.js"), path.join(dir, "bin", "sflint.js"));
  fs.chmodSync(path.join(dir, "bin", "sflint.js"), 0o755);
  fs.copyFileSync(path.join(ROOT, "LICENSE"), path.join(dir, "LICENSE"));
  return dir;
}

function platformPackage(out, version, target, binary) {
  const spec = TARGETS[target];
  if (!spec) throw new Error(`unknown target ${target}; known: ${Object.keys(TARGETS).join(", ")}`);
  if (!fs.statSync(binary, { throwIfNoEntry: false })?.isFile()) {
    throw new Error(`${target}: no binary at ${binary}`);
  }
  const dir = path.join(out, `cli-${target}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, "bin"), { recursive: true });
  const exe = target.startsWith("win32") ? "sflint.exe" : "sflint";
  const pkg = {
    name: `@sflint/cli-${target}`,
    version,
    description: `The sflint binary for ${target} (${spec.rust}); install @sflint/cli instead`,
    license: "MIT",
    homepage: "https://github.com/sflint/sflint",
    repository: { type: "git", url: "git+https://github.com/sflint/sflint.git" },
    os: spec.os,
    cpu: spec.cpu,
    ...(spec.libc ? { libc: spec.libc } : {}),
    files: [`bin/${exe}`],
    preferUnplugged: true,
  };
  writeJson(path.join(dir, "package.json"), pkg);
  fs.copyFileSync(binary, path.join(dir, "bin", exe));
  fs.chmodSync(path.join(dir, "bin", exe), 0o755);
  fs.copyFileSync(path.join(ROOT, "LICENSE"), path.join(dir, "LICENSE"));
  return dir;
}

function main(argv) {
  let out = path.join(ROOT, "dist", "npm");
  const binaries = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--out") out = path.resolve(argv[++i] ?? "");
    else if (argv[i] === "--targets") {
      for (const [t, s] of Object.entries(TARGETS)) console.log(`${t} ${s.rust}`);
      return;
    } else if (argv[i].includes("=")) {
      const at = argv[i].indexOf("=");
      binaries.push([argv[i].slice(0, at), path.resolve(argv[i].slice(at + 1))]);
    } else throw new Error(`unexpected argument ${argv[i]}`);
  }
  const version = cargoVersion();
  fs.mkdirSync(out, { recursive: true });
  console.log(mainPackage(out, version));
  for (const [target, binary] of binaries) console.log(platformPackage(out, version, target, binary));
}

try {
  main(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`assemble: ${err.message}\n`);
  process.exit(2);
}
