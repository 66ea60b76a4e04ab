#!/usr/bin/env bash
# make bench, score-server: wrk on loopback, POST /api/v1/score of a typical 20-transaction wallet beside
# GET /api/v1/health on the same server (requests/s and latency percentiles, WRK_SECONDS each, default
# 10, WRK_CONNECTIONS connections, default 16); then the batch endpoint's MB/s on a ~60 MB corpus of
# realistic wallets (JSON lines, the median of 3 uploads with curl).
set -euo pipefail
bin=${1:?usage: api-bench.sh RELEASE_BIN_DIR}
dir=.bench
seconds=${WRK_SECONDS:-10} connections=${WRK_CONNECTIONS:-16}
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

run_wrk() {   # prints "RPS P50 P99" (milliseconds) of one wrk run
    wrk -t 2 -c "$connections" -d "${seconds}s" --latency "$@" | awk '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
        /Requests\/sec/ { rps = $2 } $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
        END { printf "%.0f %.3f %.3f\n", rps, p50, p99 }'
}
echo "score-server: wrk -t 2 -c $connections -d ${seconds}s on loopback, $(nproc) cores"
read -r hrps hp50 hp99 < <(run_wrk "$base/api/v1/health")
read -r srps sp50 sp99 < <(run_wrk -s "$script" "$base/api/v1/score")
printf "GET  /api/v1/health: %8.0f req/s  p50 %.3f ms  p99 %.3f ms\n" "$hrps" "$hp50" "$hp99"
printf "POST /api/v1/score:  %8.0f req/s  p50 %.3f ms  p99 %.3f ms  (20-transaction wallet, %s bytes)\n" "$srps" "$sp50" "$sp99" "$(stat -c %s "$wallet")"
awk -v s="$srps" -v h="$hrps" -v p="$sp99" 'BEGIN { printf "score/health: %.2fx (target >= 0.5x); score p99 %.3f ms (target <= 5 ms)\n", s / h, p }'

bytes=$(stat -c %s "$corpus")
runs=""
for _ in 1 2 3; do
    t=$(curl -sf -o /dev/null -w '%{time_total}' -H 'Expect:' -X POST -H 'Content-Type: application/x-ndjson' --data-binary @"$corpus" "$base/api/v1/score/batch")
    runs="$runs $t"
done
t=$(echo "$runs" | tr ' ' '\n' | sed '/^$/d' | sort -g | sed -n 2p)
awk -v b="$bytes" -v t="$t" -v runs="$runs" 'BEGIN { printf "POST /api/v1/score/batch: %.1f MB/s (%d MB of JSON lines, median %.2f s of%s; target >= 150 MB/s)\n", b / 1e6 / t, b / 1e6, t, runs }'
