#!/usr/bin/env bash
# Compare two sflint binaries on a pre-commit run, interleaved: on a noisy machine the
# figures of two bench.sh runs minutes apart differ more than most changes do.
#
# Usage:
#   scripts/bench-ab.sh [--rounds N] [--kind KIND] [--full] DIR OLD_BINARY NEW_BINARY
#
#   DIR           a project (a generated org: see scripts/bench.sh --work)
#   --rounds N    rounds (default 21); each round runs each binary once, in turn (which one first alternates)
#   --kind KIND   the file a run names: profile (default), field, object or permissionset;
#                 the first one of that kind in sorted order
#   --full        time whole-project runs with --no-cache instead
#
# Per round and binary (each with a cache of its own, in a temporary folder): a whole
# run fills the cache, a comment is appended to the file (new size and mtime, as a
# pre-commit run sees it), then `sflint check --format json FILE` is timed. Prints the
# median wall and user+system CPU milliseconds of each binary (CPU varies less).
# The comments stay in DIR: use a copy or a generated org.
set -euo pipefail

rounds=21
kind=profile
full=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds) rounds="$2"; shift 2 ;;
        --kind) kind="$2"; shift 2 ;;
        --full) full=1; shift ;;
        -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) echo "bench-ab.sh: unknown option $1" >&2; exit 2 ;;
        *) break ;;
    esac
done
if [[ $# -ne 3 ]]; then
    echo "usage: scripts/bench-ab.sh [--rounds N] [--kind KIND] [--full] DIR OLD NEW" >&2
    exit 2
fi
dir="$1"
bins=("$2" "$3")
for b in "${bins[@]}"; do
    [[ -x "$b" ]] || { echo "bench-ab.sh: $b is not an executable" >&2; exit 2; }
done
case "$kind" in
    profile | field | object | permissionset) ;;
    *) echo "bench-ab.sh: --kind is profile, field, object or permissionset" >&2; exit 2 ;;
esac
# sed reads all its input (head under pipefail can end the script).
file="$(find "$dir" -name "*.$kind-meta.xml" | sort | sed -n 1p)"
if [[ -z "$file" && "$full" == 0 ]]; then
    echo "bench-ab.sh: no *.$kind-meta.xml below $dir" >&2
    exit 2
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# run_timed OUT CMD...: append "wall_us cpu_us" of one run of CMD (stdout discarded).
run_timed() {
    local out="$1"
    shift
    local t
    t="$( { TIMEFORMAT='%R %U %S'; time "$@" > /dev/null 2>&1 || true; } 2>&1 | tail -n 1)"
    awk -v t="$t" 'BEGIN { split(t, a, " "); printf "%d %d\n", a[1] * 1e6, (a[2] + a[3]) * 1e6 }' >> "$out"
}

median() {
    sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

for ((r = 0; r < rounds; r++)); do
    # Each binary goes first in every other round: the second run of a round measured
    # ~2 ms slower whichever binary it was.
    for i in $((r % 2)) $((1 - r % 2)); do
        b="${bins[$i]}"
        if [[ "$full" == 1 ]]; then
            run_timed "$tmp/$i" "$b" check --no-cache --format json "$dir"
            continue
        fi
        export SFLINT_CACHE_DIR="$tmp/cache-$i"
        "$b" check --format json "$dir" > /dev/null 2>&1 || true
        echo "<!-- bench-ab.sh edit $r $i -->" >> "$file"
        run_timed "$tmp/$i" "$b" check --format json "$file"
    done
done
unset SFLINT_CACHE_DIR
what="one changed $kind ($(basename "$file"))"
[[ "$full" == 1 ]] && what="whole project, --no-cache"
echo "$what, $rounds interleaved rounds, medians:"
for i in 0 1; do
    wall="$(cut -d' ' -f1 < "$tmp/$i" | median)"
    cpu="$(cut -d' ' -f2 < "$tmp/$i" | median)"
    awk -v b="${bins[$i]}" -v w="$wall" -v c="$cpu" 'BEGIN { printf "  %s: wall %.1f ms, cpu %.1f ms\n", b, w / 1000, c / 1000 }'
done
