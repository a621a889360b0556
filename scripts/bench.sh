#!/usr/bin/env bash
# Benchmark sflint against a bare tokenizer baseline (examples/tokenize.rs).
#
# Usage:
#   scripts/bench.sh [--sizes LIST] [--seed N] [--runs N] [--no-corpus] [--work DIR]
#
#   --sizes LIST  generated org sizes, comma-separated (default 100M,300M,1G; "" for none)
#   --seed N      seed for examples/gen.rs (default 42)
#   --runs N      timed runs per tool and input; the median is reported (default 3)
#   --no-corpus   skip the corpus (../shared/corpus beside the repository)
#   --work DIR    where generated orgs live (default /tmp/sflint-bench); an org is
#                 reused when it was generated completely with the same seed and size
#   --no-access   skip the access-report benchmark: on the largest generated org, with one
#                 profile and one permission set changed in a copy, `sflint explain` and
#                 `sflint access-diff --base ORG COPY` against `sflint check COPY` and
#                 `sflint check --base ORG COPY` (the copy lives beside the org in --work)
#   --suppressions N  findings in the suppression benchmark (default 40000; 0 skips it):
#                 one profile whose N editable-but-unreadable fields (PM001) each follow
#                 an `sflint-ignore PM001` comment, so every finding is suppressed
#   --cache-size SIZE  the generated org of the cache benchmark (default 40M; "" skips it):
#                 interleaved, a cold run (`--no-cache`), a warm whole-project run with no
#                 change since the last whole-project run, a warm `sflint check <one
#                 profile>` right after that profile changed (a comment appended: new size
#                 and mtime, as a pre-commit run sees it), then the whole project again
#                 (one file changed since its last run), then `sflint check <one field>`
#                 right after that field file changed
#   --fixes N     fixable findings in the --fix benchmark (default 10000; 0 skips it):
#                 100 permission sets, each with N/200 identical duplicate entries (PM005)
#                 and N/200 `True` flags (SF003), added to a generated org of --fix-org
#                 SIZE (default 30M; "" for none); `check --fix --format json` on a fresh
#                 copy is timed against `check --format json` of the same tree
#   --lsp SIZE    the generated org of the language server benchmark (default 40M; "" skips
#                 it): examples/lsp_latency.rs starts `sflint server` on it, opens its largest
#                 profile and permission set, then --runs times each (at least 5) toggles a
#                 `<readable>` value with an incremental didChange and times until the
#                 server publishes that version's findings (the debounce included)
#
# Every timed run but the cache benchmark's warm ones passes `--no-cache`, so the
# figures measure reading and checking everything.
#
# Builds the release binary and the gen/tokenize examples (CARGO_TARGET_DIR is honoured),
# then for each input runs `sflint check --format json DIR > /dev/null` and
# `tokenize DIR`, measuring wall time and peak RSS with `/usr/bin/time -f '%e %M'` (user
# and system CPU seconds are recorded too and shown with the raw runs).
# Prints a Markdown table (MB = 2^20 bytes of metadata files as tokenize counts them),
# the latency of `sflint check testdata/demo` (median of 20 runs) and the speedup from
# --threads 1 to --threads 2 on the largest input.
#
# Before timing an input, one untimed tokenize run warms the page cache, so every timed
# run reads from memory. sflint exits 1 when it reports findings; that is expected.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sizes="100M,300M,1G"
seed=42
runs=3
corpus=1
work=/tmp/sflint-bench
suppressions=40000
access=1
cache_size=40M
fixes=10000
fix_org=30M
lsp_size=40M

while [[ $# -gt 0 ]]; do
    case "$1" in
        --sizes) sizes="$2"; shift 2 ;;
        --seed) seed="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --no-corpus) corpus=0; shift ;;
        --no-access) access=0; shift ;;
        --work) work="$2"; shift 2 ;;
        --suppressions) suppressions="$2"; shift 2 ;;
        --cache-size) cache_size="$2"; shift 2 ;;
        --fixes) fixes="$2"; shift 2 ;;
        --fix-org) fix_org="$2"; shift 2 ;;
        --lsp) lsp_size="$2"; shift 2 ;;
        -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench.sh: unknown argument: $1" >&2; exit 2 ;;
    esac
done

if [[ ! -x /usr/bin/time ]]; then
    echo "bench.sh: /usr/bin/time is needed (apt-get install time)" >&2
    exit 2
fi

target="${CARGO_TARGET_DIR:-$repo/target}"
echo "building release binaries in $target ..." >&2
(cd "$repo" && cargo build --release --quiet --bin sflint --example gen --example tokenize \
    --example lsp_latency)
sflint="$target/release/sflint"
tokenize="$target/release/examples/tokenize"
gen="$target/release/examples/gen"

# The median of numbers, one per line.
median() {
    sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# stamp_us VAR: set VAR to the microseconds since the epoch without starting a process
# (bash 5's EPOCHREALTIME): `$(date +%s%N)` forks, and the two around a run added 3 to 4
# ms to each figure, the time of a changed profile's whole check. `date` on older bash.
stamp_us() {
    if [[ -n "${EPOCHREALTIME:-}" ]]; then
        printf -v "$1" '%s' "${EPOCHREALTIME/[.,]/}"
    else
        printf -v "$1" '%s' "$(($(date +%s%N) / 1000))"
    fi
}

# time_run OUT_FILE CMD...: run CMD with stdout discarded, append "wall_s rss_kb user_s sys_s"
# to OUT_FILE.
# Exit codes 0 and 1 (findings) are fine; anything else stops the script.
time_run() {
    local out="$1"
    shift
    local rc=0 tmp start end
    tmp="$(mktemp)"
    # Wall time to the microsecond from the clock around the run (GNU time's %e has
    # hundredths only: a 0.1 s run would be known to 10%); time gives RSS, user, sys.
    stamp_us start
    /usr/bin/time -f '%M %U %S' -o "$tmp" "$@" > /dev/null || rc=$?
    stamp_us end
    if [[ $rc -gt 1 ]]; then
        echo "bench.sh: '$*' exited with $rc" >&2
        tail -n 5 "$tmp" >&2
        rm -f "$tmp"
        exit 1
    fi
    # /usr/bin/time writes "Command exited with non-zero status 1" first on exit 1.
    echo "$(awk -v us=$((end - start)) 'BEGIN { printf "%.4f", us / 1e6 }') $(tail -n 1 "$tmp")" >> "$out"
    rm -f "$tmp"
}

# generated_org SIZE: the folder of the generated org of SIZE (seed $seed), generated
# unless a complete one with the same seed and size is there.
generated_org() {
    local size="$1" dir="$work/org-seed$seed-$1"
    if [[ "$(cat "$dir/.bench-complete" 2> /dev/null)" != "seed=$seed size=$size" ]]; then
        echo "generating $size org (seed $seed) in $dir ..." >&2
        rm -rf "$dir"
        mkdir -p "$dir"
        "$gen" --seed "$seed" --size "$size" --out "$dir" >&2
        echo "seed=$seed size=$size" > "$dir/.bench-complete"
    fi
    echo "$dir"
}

inputs=()
names=()
if [[ $corpus -eq 1 ]]; then
    if [[ -d "$repo/../shared/corpus" ]]; then
        inputs+=("$(cd "$repo/../shared/corpus" && pwd)")
        names+=("corpus")
    else
        echo "no corpus at $repo/../shared/corpus: skipped" >&2
    fi
fi
IFS=',' read -r -a size_list <<< "$sizes"
for size in "${size_list[@]}"; do
    [[ -z "$size" ]] && continue
    dir="$(generated_org "$size")"
    inputs+=("$dir")
    names+=("gen $size")
done

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

# Other work on the machine skews the numbers: record how busy it was.
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

echo
echo "| input | files | MB | sflint wall s | MB/s | peak RSS MB | tokenize wall s | ratio sflint/tokenize |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for i in "${!inputs[@]}"; do
    dir="${inputs[$i]}"
    name="${names[$i]}"
    read -r files bytes < <("$tokenize" "$dir" | awk '/^files:/ { f = $2 } /^bytes:/ { b = $2 } END { print f, b }')
    for ((r = 0; r < runs; r++)); do
        time_run "$results/$i.sflint" "$sflint" check --no-cache --format json "$dir"
        time_run "$results/$i.tokenize" "$tokenize" "$dir"
    done
    s_wall="$(cut -d' ' -f1 "$results/$i.sflint" | median)"
    s_rss="$(cut -d' ' -f2 "$results/$i.sflint" | median)"
    t_wall="$(cut -d' ' -f1 "$results/$i.tokenize" | median)"
    awk -v name="$name" -v files="$files" -v bytes="$bytes" -v sw="$s_wall" -v rss="$s_rss" -v tw="$t_wall" 'BEGIN {
        mb = bytes / 1048576
        printf "| %s | %d | %.1f | %.3f | %.1f | %.0f | %.3f | %.2f |\n", name, files, mb, sw, (sw > 0 ? mb / sw : 0), rss / 1024, tw, (tw > 0 ? sw / tw : 0)
    }'
done

echo
echo "Raw runs (wall s, peak RSS KB, user s, sys s), in run order:" >&2
for i in "${!inputs[@]}"; do
    echo "  ${names[$i]}: sflint $(tr '\n' ';' < "$results/$i.sflint") tokenize $(tr '\n' ';' < "$results/$i.tokenize")" >&2
done

# Latency on the small demo project: 20 runs, median in milliseconds.
demo="$repo/testdata/demo"
latencies="$results/demo"
for ((r = 0; r < 20; r++)); do
    stamp_us start
    "$sflint" check --no-cache "$demo" > /dev/null 2>&1 || true
    stamp_us end
    echo $((end - start)) >> "$latencies"
done
demo_ms="$(median < "$latencies" | awk '{ printf "%.1f", $1 / 1000 }')"
echo "demo latency: sflint check testdata/demo: median of 20 runs ${demo_ms} ms"

# Parallel speedup on the largest input.
if [[ ${#inputs[@]} -gt 0 ]]; then
    last=$((${#inputs[@]} - 1))
    dir="${inputs[$last]}"
    for threads in 1 2; do
        for ((r = 0; r < runs; r++)); do
            time_run "$results/threads$threads" "$sflint" check --no-cache --format json --threads "$threads" "$dir"
        done
    done
    t1="$(cut -d' ' -f1 "$results/threads1" | median)"
    t2="$(cut -d' ' -f1 "$results/threads2" | median)"
    awk -v name="${names[$last]}" -v t1="$t1" -v t2="$t2" 'BEGIN {
        printf "parallel speedup on %s: --threads 1 %.2f s, --threads 2 %.2f s, speedup %.2fx\n", name, t1, t2, (t2 > 0 ? t1 / t2 : 0)
    }'
fi
# Access reports on the largest generated org: a copy with one profile entry and one
# permission set entry changed is the head, the org the base.
gen_last=""
for i in "${!inputs[@]}"; do
    [[ "${names[$i]}" == gen* ]] && gen_last="$i"
done
if [[ $access -eq 1 && -n "$gen_last" ]]; then
    org="${inputs[$gen_last]}"
    head_dir="$org-access-head"
    if [[ "$(cat "$head_dir/.bench-complete" 2> /dev/null)" != "$(cat "$org/.bench-complete")" ]]; then
        rm -rf "$head_dir"
        cp -r "$org" "$head_dir"
        profile="$(find "$head_dir" -name '*.profile-meta.xml' | sort | sed -n 2p)"
        set="$(find "$head_dir" -name '*.permissionset-meta.xml' | sort | sed -n 1p)"
        sed -i '0,/<readable>false<\/readable>/s//<readable>true<\/readable>/' "$profile"
        sed -i '0,/<editable>false<\/editable>/s//<editable>true<\/editable>/' "$set"
        cp "$org/.bench-complete" "$head_dir/.bench-complete"
    fi
    # The field the changed profile now reads, to explain.
    profile="$(find "$head_dir" -name '*.profile-meta.xml' | sort | sed -n 2p)"
    pname="$(basename "$profile" .profile-meta.xml)"
    field="$(grep -m1 -o '<field>[^<]*</field>' "$profile" | sed 's/<[^>]*>//g')"
    for ((r = 0; r < runs; r++)); do
        time_run "$results/acc.check" "$sflint" check --no-cache --format json "$head_dir"
        time_run "$results/acc.checkbase" "$sflint" check --no-cache --format json --base "$org" "$head_dir"
        time_run "$results/acc.explain" "$sflint" explain "profile:$pname" "$field" "$head_dir"
        time_run "$results/acc.diff" "$sflint" access-diff --format markdown --base "$org" "$head_dir"
    done
    m() { cut -d' ' -f"$2" "$results/acc.$1" | median; }
    echo
    echo "Access reports on ${names[$gen_last]} (median of $runs; head = the org with 2 entries changed):"
    echo
    echo "| command | wall s | peak RSS MB | ratio to check |"
    echo "|---|---:|---:|---:|"
    for cmd in check checkbase explain diff; do
        case $cmd in
            check) label='`check HEAD`' ;;
            checkbase) label='`check --base ORG HEAD`' ;;
            explain) label='`explain profile:P F HEAD`' ;;
            diff) label='`access-diff --base ORG HEAD`' ;;
        esac
        awk -v l="$label" -v w="$(m $cmd 1)" -v r="$(m $cmd 2)" -v c="$(m check 1)" 'BEGIN {
            printf "| %s | %.2f | %.0f | %.2f |\n", l, w, r / 1024, (c > 0 ? w / c : 0)
        }'
    done
    echo "  access runs: check $(tr '\n' ';' < "$results/acc.check") check --base $(tr '\n' ';' < "$results/acc.checkbase") explain $(tr '\n' ';' < "$results/acc.explain") access-diff $(tr '\n' ';' < "$results/acc.diff")" >&2
fi

# Suppression matching: one SFDX project, one profile, N suppressed findings.
if [[ $suppressions -gt 0 ]]; then
    dir="$work/suppressed-$suppressions"
    if [[ "$(cat "$dir/.bench-complete" 2> /dev/null)" != "suppressions=$suppressions" ]]; then
        rm -rf "$dir"
        mkdir -p "$dir/force-app/main/default/profiles"
        echo '{"packageDirectories":[{"path":"force-app","default":true}]}' > "$dir/sfdx-project.json"
        awk -v n="$suppressions" 'BEGIN {
            print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            print "<Profile xmlns=\"http://soap.sforce.com/2006/04/metadata\">"
            for (i = 0; i < n; i++) {
                print "    <!-- sflint-ignore PM001: legacy grant, ticket SEC-1 -->"
                print "    <fieldPermissions>"
                print "        <editable>true</editable>"
                printf "        <field>Account.F%d__c</field>\n", i
                print "        <readable>false</readable>"
                print "    </fieldPermissions>"
            }
            print "</Profile>"
        }' > "$dir/force-app/main/default/profiles/Legacy.profile-meta.xml"
        echo "suppressions=$suppressions" > "$dir/.bench-complete"
    fi
    for ((r = 0; r < runs; r++)); do
        time_run "$results/suppressed" "$sflint" check --no-cache --format json "$dir"
    done
    awk -v n="$suppressions" -v t="$(cut -d' ' -f1 "$results/suppressed" | median)" 'BEGIN {
        printf "suppressions: one profile with %d suppressed findings: %.2f s (median)\n", n, t
    }'
fi
# The cache: cold, warm with no change, one changed profile, the whole project after it,
# and one changed field, interleaved.
if [[ -n "$cache_size" ]]; then
    dir="$(generated_org "$cache_size")"
    export SFLINT_CACHE_DIR="$work/cache-$cache_size"
    rm -rf "$SFLINT_CACHE_DIR"
    # sed reads all its input: head would leave sort writing to a closed pipe (pipefail).
    profile="$(find "$dir" -name '*.profile-meta.xml' | sort | sed -n 1p)"
    field="$(find "$dir" -name '*.field-meta.xml' | sort | sed -n 1p)"
    "$tokenize" "$dir" > /dev/null
    "$sflint" check --format json "$dir" > /dev/null || true
    # Milliseconds of one run of CMD..., stdout discarded, appended to OUT_FILE.
    ms_run() {
        local out="$1" start end
        shift
        stamp_us start
        "$@" > /dev/null 2>&1 || true
        stamp_us end
        echo $((end - start)) >> "$out"
    }
    for ((r = 0; r < runs; r++)); do
        ms_run "$results/cache.cold" "$sflint" check --no-cache --format json "$dir"
        ms_run "$results/cache.warm" "$sflint" check --format json "$dir"
        echo "<!-- bench.sh edit $r $(date +%s%N) -->" >> "$profile"
        ms_run "$results/cache.one" "$sflint" check --format json "$profile"
        # The whole project after that change: a run naming one file keeps the findings
        # of its own scope, so this one checks the project again.
        ms_run "$results/cache.after" "$sflint" check --format json "$dir"
        echo "<!-- bench.sh edit $r $(date +%s%N) -->" >> "$field"
        ms_run "$results/cache.field" "$sflint" check --format json "$field"
        # Untimed: the next round's warm run then sees no change since a whole run.
        "$sflint" check --format json "$dir" > /dev/null 2>&1 || true
    done
    unset SFLINT_CACHE_DIR
    cold="$(median < "$results/cache.cold")"
    warm="$(median < "$results/cache.warm")"
    one="$(median < "$results/cache.one")"
    after="$(median < "$results/cache.after")"
    field_ms="$(median < "$results/cache.field")"
    echo "raw cache runs (us): cold $(tr '\n' ';' < "$results/cache.cold") warm $(tr '\n' ';' < "$results/cache.warm") one profile $(tr '\n' ';' < "$results/cache.one") whole after one change $(tr '\n' ';' < "$results/cache.after") one field $(tr '\n' ';' < "$results/cache.field")" >&2
    awk -v size="$cache_size" -v c="$cold" -v w="$warm" -v o="$one" -v a="$after" -v f="$field_ms" 'BEGIN {
        printf "cache on gen %s: cold (--no-cache) %.0f ms, warm no change %.0f ms (%.0f%% of cold), one changed profile %.0f ms, whole project after one change %.0f ms, one changed field %.0f ms\n", size, c / 1000, w / 1000, (c > 0 ? 100 * w / c : 0), o / 1000, a / 1000, f / 1000
    }'
fi
# --fix: N fixable findings in 100 permission sets; each timed run fixes a fresh copy.
if [[ $fixes -gt 0 ]]; then
    pristine="$work/fixable-$fixes-org$fix_org"
    if [[ "$(cat "$pristine/.bench-complete" 2> /dev/null)" != "fixes=$fixes org=$fix_org" ]]; then
        rm -rf "$pristine"
        if [[ -n "$fix_org" ]]; then
            "$gen" --seed "$seed" --size "$fix_org" --out "$pristine" > /dev/null
        fi
        mkdir -p "$pristine/force-app/main/default/permissionsets"
        echo '{"packageDirectories":[{"path":"force-app","default":true}]}' > "$pristine/sfdx-project.json"
        for ((p = 0; p < 100; p++)); do
            awk -v n="$((fixes / 200))" -v p="$p" 'BEGIN {
                print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                print "<PermissionSet xmlns=\"http://soap.sforce.com/2006/04/metadata\">"
                for (i = 0; i < n; i++) {
                    for (k = 0; k < 2; k++) {
                        print "    <fieldPermissions>"
                        print "        <editable>false</editable>"
                        printf "        <field>Account.D%d__c</field>\n", i
                        print "        <readable>true</readable>"
                        print "    </fieldPermissions>"
                    }
                }
                for (i = 0; i < n; i++) {
                    print "    <fieldPermissions>"
                    print "        <editable>True</editable>"
                    printf "        <field>Account.T%d__c</field>\n", i
                    print "        <readable>true</readable>"
                    print "    </fieldPermissions>"
                }
                printf "    <label>Set %d</label>\n", p
                print "</PermissionSet>"
            }' > "$pristine/force-app/main/default/permissionsets/Fixable_$p.permissionset-meta.xml"
        done
        echo "fixes=$fixes org=$fix_org" > "$pristine/.bench-complete"
    fi
    copy="$work/fixable-copy"
    for ((r = 0; r < runs; r++)); do
        time_run "$results/fix-check" "$sflint" check --no-cache --format json "$pristine"
        rm -rf "$copy" && cp -r "$pristine" "$copy"
        time_run "$results/fix-fix" "$sflint" check --no-cache --fix --format json "$copy"
    done
    if "$sflint" check --no-cache --format json "$copy" | grep -q '"applicability": "safe"'; then
        echo "bench.sh: safe fixes are left after --fix" >&2
        exit 1
    fi
    rm -rf "$copy"
    awk -v n="$fixes" -v o="${fix_org:-none}" -v c="$(cut -d' ' -f1 "$results/fix-check" | median)" -v f="$(cut -d' ' -f1 "$results/fix-fix" | median)" 'BEGIN {
        printf "fix: %d fixable findings in 100 permission sets (org %s): check %.2f s, check --fix %.2f s (median), ratio %.2f (target <= 2)\n", n, o, c, f, (c > 0 ? f / c : 0)
    }'
    echo "  raw: check $(tr '\n' ';' < "$results/fix-check") --fix $(tr '\n' ';' < "$results/fix-fix")" >&2
fi
if [[ -n "$lsp_size" ]]; then
    dir="$(generated_org "$lsp_size")"
    echo
    echo "language server on the $lsp_size org (didChange -> publishDiagnostics, ms):"
    lsp_runs=$((runs < 5 ? 5 : runs))
    "$target/release/examples/lsp_latency" --bin "$sflint" --dir "$dir" --runs "$lsp_runs"
fi
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
