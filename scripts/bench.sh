#!/usr/bin/env bash
# make bench: score-wallet's throughput single-threaded and with --jobs 2, and single-threaded without the
# risk layer (the hidden --no-risk), beside JSONDecoder, on a generated corpus of realistic wallets
# (≥200 MB, JSON lines). Each figure is the median of 7 rounds, each round one run of each, interleaved so
# that all see the same machine; results go to /dev/null so the disk is not measured. The risk layer's cost
# is given both ways: from the two medians, and as the median of the seven rounds' own ratios (each ratio
# compares two runs made seconds apart, so a machine that slows down for a while moves it less).
set -euo pipefail
bin=${1:?usage: bench.sh RELEASE_BIN_DIR}
dir=.bench
corpus=$dir/corpus-200mb-seed1.jsonl
mkdir -p "$dir"
[ -s "$corpus" ] || "$bin/wallet-corpus" generate --megabytes 200 --seed 1 -o "$corpus"
bytes=$(stat -c %s "$corpus")
wallets=$(wc -l < "$corpus")

median() { tr ' ' '\n' | sed '/^$/d' | sort -g | sed -n 4p; }
seconds() {   # wall time of one run, in seconds
    local start end
    start=$(date +%s.%N)
    "$@" > /dev/null
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f\n", b - a }' 
}

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/Mem:/ {print $2}') GiB"
echo "corpus:  $corpus: $((bytes / 1000000)) MB, $wallets wallets"
runs1="" runs2="" runs0=""
for _ in 1 2 3 4 5 6 7; do
    runs1="$runs1 $(seconds "$bin/score-wallet" --as-of 1704067200 --jobs 1 "$corpus")"
    runs2="$runs2 $(seconds "$bin/score-wallet" --as-of 1704067200 --jobs 2 "$corpus")"
    runs0="$runs0 $(seconds "$bin/score-wallet" --as-of 1704067200 --jobs 1 --no-risk "$corpus")"
done
t1=$(echo "$runs1" | median)
t2=$(echo "$runs2" | median)
t0=$(echo "$runs0" | median)
for jobs in 1 2; do
    eval "t=\$t$jobs; runs=\$runs$jobs"
    awk -v j="$jobs" -v b="$bytes" -v w="$wallets" -v t="$t" -v runs="$runs" \
        'BEGIN { printf "score-wallet --jobs %s: %6.1f MB/s  %8.0f wallets/s  (median %.2f s of%s)\n", j, b / 1e6 / t, w / t, t, runs }'
done
awk -v b="$bytes" -v w="$wallets" -v t="$t0" -v runs="$runs0" \
    'BEGIN { printf "score-wallet --jobs 1 --no-risk: %6.1f MB/s  %8.0f wallets/s  (median %.2f s of%s)\n", b / 1e6 / t, w / t, t, runs }'
awk -v a="$t1" -v b="$t2" 'BEGIN { printf "speed-up with --jobs 2: %.2fx\n", a / b }' 
paired=$(paste <(echo "$runs1" | tr ' ' '\n' | sed '/^$/d') <(echo "$runs0" | tr ' ' '\n' | sed '/^$/d') \
    | awk '{ printf "%.4f ", $1 / $2 }' | median)
awk -v with="$t1" -v without="$t0" -v paired="$paired" 'BEGIN {
    printf "risk layer, --jobs 1: throughput with risk / without = %.3f (%.1f%% slower; target ≤ 10%%)\n", without / with, (with / without - 1) * 100
    printf "  median of the rounds'"'"' own ratios: %.1f%% slower\n", (paired - 1) * 100 }'
"$bin/wallet-corpus" decode-baseline "$corpus"
