#!/usr/bin/env bash
# Runs a command with a Tansu broker (Kafka protocol, in memory) on a free loopback port, exported as
# KAFKA_TEST_BOOTSTRAP_SERVERS, and stops the broker afterwards whatever happens. LD_LIBRARY_PATH gets
# the project's librdkafka >= 2.2.0 (TOOLS_LIB), which Tansu's KIP-482 tagged fields need.
set -euo pipefail
tansu=${TANSU:?set TANSU to the tansu executable}
run=.run
mkdir -p "$run"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="tcp://127.0.0.1:$port"
"$tansu" broker --listener-url "$url" --advertised-listener-url "$url" > "$run/tansu-$port.log" 2>&1 &
broker=$!
trap 'kill "$broker" 2>/dev/null; wait "$broker" 2>/dev/null' EXIT
for _ in $(seq 1 100); do
    if python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null; then break; fi
    kill -0 "$broker" 2>/dev/null || { echo "tansu did not start:" >&2; cat "$run/tansu-$port.log" >&2; exit 1; }
    sleep 0.2
done
export KAFKA_TEST_BOOTSTRAP_SERVERS="127.0.0.1:$port"
if [ -n "${TOOLS_LIB:-}" ]; then export LD_LIBRARY_PATH="$TOOLS_LIB${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"; fi
"$@"
