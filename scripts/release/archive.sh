#!/usr/bin/env bash
# Package one built sflint binary as a release archive with its SHA-256 sum:
#   scripts/release/archive.sh TARGET BINARY OUTDIR [EXTRAS]
# writes OUTDIR/sflint-TARGET.tar.gz (.zip for Windows targets) holding the folder
# sflint-TARGET/ (the binary, LICENSE, README.md, and the contents of the folder EXTRAS
# when given: completions/ and man/ in releases), and OUTDIR/sflint-TARGET.<ext>.sha256
# in `sha256sum` format. The GitHub Action and the GitLab template unpack exactly this.
set -euo pipefail
if [ $# -ne 3 ] && [ $# -ne 4 ]; then
  echo "usage: $0 TARGET BINARY OUTDIR [EXTRAS]" >&2
  exit 2
fi
target="$1" binary="$2" out="$3" extras="${4:-}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
[ -f "$binary" ] || { echo "archive.sh: no binary at $binary" >&2; exit 2; }
mkdir -p "$out"
out="$(cd "$out" && pwd)"
name="sflint-$target"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/$name"
case "$target" in
  *windows*) exe=sflint.exe ext=zip ;;
  *) exe=sflint ext=tar.gz ;;
esac
cp "$binary" "$stage/$name/$exe"
chmod 755 "$stage/$name/$exe"
cp "$root/LICENSE" "$root/README.md" "$stage/$name/"
if [ -n "$extras" ]; then cp -R "$extras/." "$stage/$name/"; fi
archive="$name.$ext"
rm -f "$out/$archive"
(
  cd "$stage"
  if [ "$ext" = zip ]; then
    if command -v zip >/dev/null; then zip -qr "$out/$archive" "$name"
    else 7z a -tzip -bso0 "$out/$archive" "$name"; fi
  else
    tar -czf "$out/$archive" "$name"
  fi
)
(
  cd "$out"
  if command -v sha256sum >/dev/null; then sha256sum "$archive" >"$archive.sha256"
  else shasum -a 256 "$archive" >"$archive.sha256"; fi
)
echo "$out/$archive"
