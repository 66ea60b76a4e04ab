#!/usr/bin/env bash
# make bench, score-server: wrk on loopback, POST /api/v1/score of a typical 20-transaction wallet beside
# GET /api/v1/health on the same server, with the same wrk settings for both: one wrk thread (wrk shares
# the cores with the server), WRK_SECONDS per run (default 5), at each connection count of
# WRK_CONNECTIONS (default "16 4": a saturating load, and a lighter one where p99 is not queueing).
# Health and score run alternately WRK_ROUNDS times (default 3); the figures are the medians (requests/s,
# p50, p99, and the server's CPU time per request from /proc, steadier than the rates on a shared machine),
# the ratio is score's median over health's. Then the batch endpoint's MB/s on a ~60 MB corpus
# of realistic wallets (JSON lines, the median of 3 uploads with curl).
set -euo pipefail
bin=${1:?usage: api-bench.sh RELEASE_BIN_DIR}
dir=.bench
seconds=${WRK_SECONDS:-5} connection_counts=${WRK_CONNECTIONS:-16 4} rounds=${WRK_ROUNDS:-3}
mkdir -p "$dir"
source "$(dirname "$0")/server-helpers.sh"
command -v wrk >/dev/null || { echo "api-bench: wrk is missing (make tools installs it)" >&2; exit 1; }

corpus=$dir/corpus-60mb-seed3.jsonl
[ -s "$corpus" ] || "$bin/wallet-corpus" generate --megabytes 60 --seed 3 -o "$corpus"
wallet=$dir/wallet-20-transactions.json
[ -s "$wallet" ] || python3 - "$corpus" "$wallet" <<'PY'
import json, sys
with open(sys.argv[1]) as corpus:
    for line in corpus:
        if sum(len(d.get("transactions") or []) for d in json.loads(line).get("data", [])) == 20:
            open(sys.argv[2], "w").write(line.strip())
            break
    else:
        sys.exit("no 20-transaction wallet in the corpus")
PY
script=$dir/score.lua
cat > "$script" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local file = io.open("$wallet", "rb")
wrk.body = file:read("*a")
file:close()
LUA

port=$(free_port)
log=$(mktemp)
"$bin/score-server" --port "$port" --log-level warning 2>"$log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$log"' EXIT
wait_listening score-server $pid "$port" "$log"
base=http://127.0.0.1:$port
curl -sf -X POST -H 'Content-Type: application/json' --data-binary @"$wallet" "$base/api/v1/score" > /dev/null

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }   # the server's user + system CPU time
run_wrk() {   # CONNECTIONS ARGS...: prints "RPS P50 P99 CPU" of one wrk run (milliseconds; CPU: the server's µs per request)
    local connections=$1 before output; shift
    before=$(cpu_ticks)
    output=$(wrk -t 1 -c "$connections" -d "${seconds}s" --latency "$@")
    echo "$output" | awk -v ticks=$(($(cpu_ticks) - before)) -v hz="$(getconf CLK_TCK)" '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
        /Requests\/sec/ { rps = $2 } / requests in / { n = $1 } $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
        END { printf "%.0f %.3f %.3f %.1f\n", rps, p50, p99, ticks / hz * 1e6 / n }'
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "score-server: wrk -t 1 -d ${seconds}s on loopback, health and score alternately, $rounds rounds, medians;" \
     "$(nproc) cores, load average $(cut -d ' ' -f 1-3 /proc/loadavg)"
for connections in $connection_counts; do
    runs=$(mktemp)
    for _ in $(seq 1 "$rounds"); do
        echo "health $(run_wrk "$connections" "$base/api/v1/health")" >> "$runs"
        echo "score $(run_wrk "$connections" -s "$script" "$base/api/v1/score")" >> "$runs"
    done
    for endpoint in health score; do
        for field in 2 3 4 5; do
            read -r "${endpoint}_$field" < <(awk -v e="$endpoint" -v f="$field" '$1 == e { print $f }' "$runs" | median)
        done
    done
    echo "-c $connections:"
    printf "  GET  /api/v1/health: %8.0f req/s  p50 %.3f ms  p99 %.3f ms  server CPU %.1f µs/request  (runs: %s)\n" \
        "$health_2" "$health_3" "$health_4" "$health_5" "$(awk '$1 == "health" { printf "%s%s", sep, $2; sep = ", " }' "$runs")"
    printf "  POST /api/v1/score:  %8.0f req/s  p50 %.3f ms  p99 %.3f ms  server CPU %.1f µs/request  (runs: %s; 20-transaction wallet, %s bytes)\n" \
        "$score_2" "$score_3" "$score_4" "$score_5" "$(awk '$1 == "score" { printf "%s%s", sep, $2; sep = ", " }' "$runs")" "$(stat -c %s "$wallet")"
    awk -v s="$score_2" -v h="$health_2" -v p="$score_4" -v c="$connections" -v sc="$score_5" -v hc="$health_5" 'BEGIN {
        ratio = (s >= 0.5 * h) ? "met" : "NOT met"; latency = (p <= 5) ? "met" : "NOT met"
        printf "  score/health at -c %d: %.2fx (target >= 0.5x: %s); score p99 %.3f ms (target <= 5 ms: %s); server CPU per request %.2fx health'"'"'s\n",
            c, s / h, ratio, p, latency, sc / hc }'
    rm -f "$runs"
done
echo "load average after: $(cut -d ' ' -f 1-3 /proc/loadavg)"

bytes=$(stat -c %s "$corpus")
runs=""
for _ in 1 2 3; do
    t=$(curl -sf -o /dev/null -w '%{time_total}' -H 'Expect:' -X POST -H 'Content-Type: application/x-ndjson' --data-binary @"$corpus" "$base/api/v1/score/batch")
    runs="$runs $t"
done
t=$(echo "$runs" | tr ' ' '\n' | sed '/^$/d' | sort -g | sed -n 2p)
awk -v b="$bytes" -v t="$t" -v runs="$runs" 'BEGIN { printf "POST /api/v1/score/batch: %.1f MB/s (%d MB of JSON lines, median %.2f s of%s; target >= 150 MB/s)\n", b / 1e6 / t, b / 1e6, t, runs }'
