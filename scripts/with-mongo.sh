#!/usr/bin/env bash
# Runs a command with an NX-27017 server (MongoDB wire protocol, in memory) on a free loopback port,
# exported as MONGODB_TEST_URL, and stops the server afterwards whatever happens.
set -euo pipefail
source "$(dirname "$0")/server-helpers.sh"
nx=${NX_27017:?set NX_27017 to the nx-27017 executable}
run=.run
mkdir -p "$run"
port=$(free_port)
pidfile=$PWD/$run/nx-27017-$port.pid
"$nx" --db memory --host 127.0.0.1 -p "$port" --pid-file "$pidfile" > "$run/nx-27017-$port.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -f "$pidfile"' EXIT
wait_listening nx-27017 "$server" "$port" "$run/nx-27017-$port.log"
export MONGODB_TEST_URL="mongodb://127.0.0.1:$port/"
"$@"
