#!/usr/bin/env bash
# make up / make down: the whole stack on loopback, with nothing but what `make` installs.
#   stack.sh up RELEASE_BIN_DIR   starts Tansu (Kafka protocol, in memory), NX-27017 (MongoDB wire protocol,
#                                 in memory), score-stream (thresholds from that MongoDB, results stored in
#                                 it), score-server (the scoring API on the same results) and the sample
#                                 producer (wallet-corpus produce), then prints both dashboards' URLs.
#   stack.sh down                 stops what `up` started (by the pids it wrote) and removes .run/stack.
# Settings: STACK_PORT (score-stream's HTTP port; default 8000, else a free one; score-server takes the
# next port when free, else a free one), STACK_RATE (messages/s,
# default 20), STACK_POISON (share of malformed messages, default 0.02), STACK_BOTS (share of bot-like
# wallets, default 0.1).
set -euo pipefail
source "$(dirname "$0")/server-helpers.sh"
dir=.run/stack

stop() {
    local pidfile pid
    for pidfile in "$dir"/producer.pid "$dir"/score-server.pid "$dir"/score-stream.pid "$dir"/nx-27017.pid "$dir"/tansu.pid; do
        [ -f "$pidfile" ] || continue
        pid=$(cat "$pidfile")
        if kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid"
            for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
            if kill -0 "$pid" 2>/dev/null; then echo "$(basename "$pidfile" .pid) (pid $pid) did not stop in 10 s: killing it" >&2; kill -KILL "$pid"; fi
            echo "stopped $(basename "$pidfile" .pid) (pid $pid)"
        fi
    done
    rm -rf "$dir"
}

case "${1:-}" in
down)
    if [ -d "$dir" ]; then stop; else echo "nothing to stop: $dir does not exist"; fi
    exit 0 ;;
up) bin=${2:?usage: stack.sh up RELEASE_BIN_DIR} ;;
*) echo "usage: stack.sh up RELEASE_BIN_DIR | stack.sh down" >&2; exit 2 ;;
esac

tansu=${TANSU:?set TANSU to the tansu executable}
nx=${NX_27017:?set NX_27017 to the nx-27017 executable}
if [ -e "$dir" ]; then echo "a stack is already up ($dir exists): run \`make down\` first" >&2; exit 1; fi
mkdir -p "$dir"
trap 'echo "make up failed; stopping what started (logs were in $dir)" >&2; stop' ERR

# setsid: the servers outlive make, in sessions of their own.
kafka_port=$(free_port)
kafka="127.0.0.1:$kafka_port"
setsid "$tansu" broker --listener-url "tcp://$kafka" --advertised-listener-url "tcp://$kafka" > "$dir/tansu.log" 2>&1 < /dev/null &
echo $! > "$dir/tansu.pid"
wait_listening tansu "$(cat "$dir/tansu.pid")" "$kafka_port" "$dir/tansu.log"

mongo_port=$(free_port)
# NX-27017 refuses the default results collection name (wallet-scores: "must contain only alphanumeric
# characters and underscores" when the indexes are made); MongoDB itself accepts it.
export MONGODB_RESULTS_COLLECTION=wallet_scores
setsid "$nx" --db memory --host 127.0.0.1 -p "$mongo_port" > "$dir/nx-27017.log" 2>&1 < /dev/null &
echo $! > "$dir/nx-27017.pid"
wait_listening nx-27017 "$(cat "$dir/nx-27017.pid")" "$mongo_port" "$dir/nx-27017.log"

port=${STACK_PORT:-8000}
if python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null; then
    port=$(free_port)
    echo "port ${STACK_PORT:-8000} is taken: score-stream listens on $port"
fi
export LD_LIBRARY_PATH="${TOOLS_LIB:?set TOOLS_LIB}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
KAFKA_BOOTSTRAP_SERVERS=$kafka MONGODB_URL="mongodb://127.0.0.1:$mongo_port/" PORT=$port THRESHOLDS_REFRESH_SECONDS=30 RESULTS_STORE=mongo \
    setsid "$bin/score-stream" --create-topics --kafka-property session.timeout.ms=6000 > "$dir/score-stream.log" 2>&1 < /dev/null &
echo $! > "$dir/score-stream.pid"
healthy=no
for _ in $(seq 1 150); do
    if python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/api/v1/health', timeout=1)" 2>/dev/null; then healthy=yes; break; fi
    kill -0 "$(cat "$dir/score-stream.pid")" 2>/dev/null || break
    sleep 0.2
done
if [ "$healthy" != yes ]; then echo "score-stream is not healthy after 30 s:" >&2; cat "$dir/score-stream.log" >&2; false; fi

api_port=$((port + 1))
if python3 -c "import socket; socket.create_connection(('127.0.0.1', $api_port), 0.2)" 2>/dev/null; then api_port=$(free_port); fi
MONGODB_URL="mongodb://127.0.0.1:$mongo_port/" RESULTS_STORE=mongo PORT=$api_port \
    setsid "$bin/score-server" > "$dir/score-server.log" 2>&1 < /dev/null &
echo $! > "$dir/score-server.pid"
wait_listening score-server "$(cat "$dir/score-server.pid")" "$api_port" "$dir/score-server.log"

KAFKA_BOOTSTRAP_SERVERS=$kafka setsid "$bin/wallet-corpus" produce --rate "${STACK_RATE:-20}" --count 0 \
    --poison "${STACK_POISON:-0.02}" --bots "${STACK_BOTS:-0.1}" > "$dir/producer.log" 2>&1 < /dev/null &
echo $! > "$dir/producer.pid"
trap - ERR

cat <<TEXT
stack up (logs and pids in $dir):
  Kafka (Tansu)      $kafka
  MongoDB (NX-27017) mongodb://127.0.0.1:$mongo_port/
  score-stream       http://127.0.0.1:$port/api/v1/health
  score-server       http://127.0.0.1:$api_port/openapi.json (POST /api/v1/score; the same results store)
  producer           wallet-corpus produce --rate ${STACK_RATE:-20} --poison ${STACK_POISON:-0.02} --bots ${STACK_BOTS:-0.1} (progress in $dir/producer.log)

  dashboards: http://127.0.0.1:$port/dashboard (score-stream: the stream)
              http://127.0.0.1:$api_port/dashboard (score-server: what POST /api/v1/score and /batch scored)

\`make down\` stops all of it and removes $dir.
TEXT
