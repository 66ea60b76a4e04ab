#!/usr/bin/env bash
# Fuzzes ReputationCore with libFuzzer and AddressSanitizer (Fuzz/ReputationFuzz.swift says what is checked).
#
#   scripts/fuzz.sh [SECONDS]          fuzz for SECONDS (default $FUZZ_SECONDS, else 600)
#   scripts/fuzz.sh --smoke [RUNS]     the check in make test: RUNS executions (default 12000) from the
#                                      committed seeds with a fixed random seed, so that it does the same on
#                                      every machine (a new finding comes from `make fuzz`, not from CI's
#                                      luck); skipped, with a message, when the Swift toolchain has no
#                                      libFuzzer (Linux toolchains ship it), unless CI is set
#
# Builds .build-fuzz/reputation-fuzz from ReputationCore's sources and the fuzz entry (swiftc
# -sanitize=fuzzer,address, one module; rebuilt when a source is newer). Seeds: Fuzz/seeds (realistic
# wallets), Fixtures/examples, Fixtures/malformed; tokens: Fuzz/json.dict. The corpus grows in .fuzz/corpus
# and is kept between runs; a finding (crash, path mismatch, framer fault, timeout) is written to
# .fuzz/artifacts/ and fails the run. Reproduce one with: .build-fuzz/reputation-fuzz .fuzz/artifacts/FILE
# Environment: FUZZ_MAX_LEN (largest input, default 65536 bytes), SWIFTC (default swiftc).
set -euo pipefail
export SWIFT_BACKTRACE=enable=no   # let AddressSanitizer and libFuzzer report a crash
cd "$(dirname "$0")/.."

smoke=false
if [[ ${1:-} == --smoke ]]; then smoke=true; shift; fi
if $smoke; then runs=${1:-12000}; else seconds=${1:-${FUZZ_SECONDS:-600}}; fi
max_len=${FUZZ_MAX_LEN:-65536}
swiftc=${SWIFTC:-swiftc}
build=.build-fuzz
work=.fuzz
bin=$build/reputation-fuzz
mkdir -p "$build" "$work/corpus" "$work/artifacts"

mapfile -t sources < <(find Sources/ReputationCore -name '*.swift' | LC_ALL=C sort)
sources+=(Fuzz/ReputationFuzz.swift)

if [[ ! -x $bin ]] || [[ -n $(find "${sources[@]}" -newer "$bin") ]]; then
    # Is libFuzzer there? A toolchain without it fails on this tiny program already.
    echo '@_cdecl("LLVMFuzzerTestOneInput") public func f(_ d: UnsafePointer<UInt8>?, _ n: Int) -> CInt { 0 }' > "$build/probe.swift"
    if ! "$swiftc" -sanitize=fuzzer -parse-as-library "$build/probe.swift" -o "$build/probe" > "$build/probe.log" 2>&1; then
        if $smoke && [[ -z ${CI:-} ]]; then
            echo "fuzz smoke SKIPPED: $swiftc cannot build a libFuzzer target here (Linux Swift toolchains ship libFuzzer):" >&2
            grep -m 3 -i error "$build/probe.log" >&2 || true
            exit 0
        fi
        echo "error: $swiftc cannot build a libFuzzer target (Linux Swift toolchains ship libFuzzer):" >&2
        cat "$build/probe.log" >&2
        exit 1
    fi
    echo "building $bin (swiftc -sanitize=fuzzer,address -O)"
    # ld.gold warns once per ASan helper symbol; those lines say nothing.
    "$swiftc" -sanitize=fuzzer,address -parse-as-library -O -module-name ReputationFuzz "${sources[@]}" \
        -o "$bin.tmp" 2>&1 | { grep -v "Cannot export local symbol '__asan" || true; }
    [[ ${PIPESTATUS[0]} == 0 ]] || { echo "error: building $bin failed" >&2; exit 1; }
    mv "$bin.tmp" "$bin"
fi

log=$work/last-run.log
start_mark=$work/.run-started
touch "$start_mark"
if $smoke; then
    # A fresh corpus each time: the run depends on the committed seeds only.
    corpus=$work/smoke-corpus
    rm -rf "$corpus"; mkdir -p "$corpus"
    limit=(-seed=1 -runs="$runs")
    echo "fuzz smoke: $runs executions, seed 1 (inputs up to $max_len bytes; log: $log)"
else
    corpus=$work/corpus
    limit=(-max_total_time="$seconds")
    echo "fuzzing for ${seconds}s (inputs up to $max_len bytes; log: $log)"
fi
status=0
"$bin" -dict=Fuzz/json.dict -max_len="$max_len" -timeout=60 -rss_limit_mb=3072 "${limit[@]}" \
    -print_final_stats=1 -artifact_prefix="$work/artifacts/" \
    "$corpus" Fuzz/seeds Fixtures/examples Fixtures/malformed > "$log" 2>&1 || status=$?

last=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
echo "fuzz: ${runs:-?} executions (${rate:-?}/s); last status: ${last:-none}; corpus: $(find "$corpus" -type f | wc -l) files"
if [[ $status != 0 ]]; then
    echo "FUZZ FINDING (libFuzzer exit $status; whole report in $log):" >&2
    grep -E -A 3 'FUZZ FINDING|ERROR: |SUMMARY: |Fatal error|Test unit written' "$log" >&2 || tail -n 30 "$log" >&2
    echo "reproduce with: $bin $(find "$work/artifacts" -type f -newer "$start_mark" | head -n 1)" >&2
    exit 1
fi
echo "fuzz: no findings"
