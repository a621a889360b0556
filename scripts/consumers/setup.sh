#!/usr/bin/env bash
# Install the real consumers of sflint's reports into target/consumers (idempotent), for
# tests/consumers.rs:
#   - the SARIF Multitool (npm @microsoft/sarif-multitool-linux), with the official
#     sarif-2.1.0 JSON schema it ships, to validate SARIF as GitHub code scanning expects;
#   - the Jenkins/Surefire junit-10.xsd, from pytest's source distribution on PyPI;
#   - xmlschema (PyPI) in a virtual environment, to validate JUnit XML against that XSD;
#   - pygls (PyPI) in the same environment: an independent LSP client that drives
#     `sflint server` end to end (tests/lsp_client/e2e.py);
#   - a headless Chromium (npm @sparticuz/chromium, which ships the browser in the package)
#     driven by puppeteer-core, to load the HTML matrix (tests/browser/matrix_page.mjs).
# Prints the tools folder on success. Needs npm, python3 and the package registries.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir="${CARGO_TARGET_DIR:-target}/consumers"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
# Tests call this in parallel: one install at a time.
exec 9>"$dir/.lock"
flock 9

MULTITOOL_VERSION=5.7.0
PYTEST_VERSION=9.2.0
XMLSCHEMA_VERSION=4.3.2
PYGLS_VERSION=2.1.1
CHROMIUM_VERSION=153.0.0
PUPPETEER_VERSION=25.19.0

if [ ! -x "$dir/multitool/package/Sarif.Multitool" ]; then
  rm -rf "$dir/multitool.tmp" && mkdir -p "$dir/multitool.tmp"
  (cd "$dir/multitool.tmp" &&
    npm pack --silent "@microsoft/sarif-multitool-linux@$MULTITOOL_VERSION" >/dev/null &&
    tar xzf ./*.tgz && rm ./*.tgz)
  chmod +x "$dir/multitool.tmp/package/Sarif.Multitool"
  rm -rf "$dir/multitool" && mv "$dir/multitool.tmp" "$dir/multitool"
fi

if [ ! -f "$dir/junit-10.xsd" ]; then
  rm -rf "$dir/pytest.tmp" && mkdir -p "$dir/pytest.tmp"
  python3 -m pip download --quiet --no-deps --no-binary :all: \
    "pytest==$PYTEST_VERSION" -d "$dir/pytest.tmp"
  tar xzf "$dir/pytest.tmp/pytest-$PYTEST_VERSION.tar.gz" -C "$dir/pytest.tmp" \
    "pytest-$PYTEST_VERSION/testing/example_scripts/junit-10.xsd"
  mv "$dir/pytest.tmp/pytest-$PYTEST_VERSION/testing/example_scripts/junit-10.xsd" "$dir/junit-10.xsd"
  rm -rf "$dir/pytest.tmp"
fi

if [ ! -x "$dir/venv/bin/python" ] || ! "$dir/venv/bin/python" -c "import xmlschema" 2>/dev/null; then
  rm -rf "$dir/venv"
  python3 -m venv "$dir/venv"
  "$dir/venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "xmlschema==$XMLSCHEMA_VERSION"
fi

if ! "$dir/venv/bin/python" -c "import pygls, importlib.metadata as m; assert m.version('pygls') == '$PYGLS_VERSION'" 2>/dev/null; then
  "$dir/venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "pygls==$PYGLS_VERSION"
fi

if [ ! -f "$dir/browser/.installed-$CHROMIUM_VERSION-$PUPPETEER_VERSION" ]; then
  rm -rf "$dir/browser.tmp" && mkdir -p "$dir/browser.tmp"
  (cd "$dir/browser.tmp" &&
    echo '{"name":"sflint-browser-consumer","private":true}' >package.json &&
    npm install --silent --no-audit --no-fund --no-save \
      "@sparticuz/chromium@$CHROMIUM_VERSION" "puppeteer-core@$PUPPETEER_VERSION" >/dev/null)
  touch "$dir/browser.tmp/.installed-$CHROMIUM_VERSION-$PUPPETEER_VERSION"
  rm -rf "$dir/browser" && mv "$dir/browser.tmp" "$dir/browser"
fi

echo "$dir"
