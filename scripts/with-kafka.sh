#!/usr/bin/env bash
# Runs a command with a Tansu broker (Kafka protocol, in memory) on a free loopback port, exported as
# KAFKA_TEST_BOOTSTRAP_SERVERS, and stops the broker afterwards whatever happens. LD_LIBRARY_PATH gets
# the project's librdkafka >= 2.2.0 (TOOLS_LIB), which Tansu's KIP-482 tagged fields need.
set -euo pipefail
source "$(dirname "$0")/server-helpers.sh"
tansu=${TANSU:?set TANSU to the tansu executable}
run=.run
mkdir -p "$run"
port=$(free_port)
url="tcp://127.0.0.1:$port"
"$tansu" broker --listener-url "$url" --advertised-listener-url "$url" > "$run/tansu-$port.log" 2>&1 &
broker=$!
trap 'kill "$broker" 2>/dev/null; wait "$broker" 2>/dev/null' EXIT
wait_listening tansu "$broker" "$port" "$run/tansu-$port.log"
export KAFKA_TEST_BOOTSTRAP_SERVERS="127.0.0.1:$port"
if [ -n "${TOOLS_LIB:-}" ]; then export LD_LIBRARY_PATH="$TOOLS_LIB${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"; fi
"$@"
