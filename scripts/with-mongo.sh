#!/usr/bin/env bash
# Runs a command with an NX-27017 server (MongoDB wire protocol, in memory) on a free loopback port,
# exported as MONGODB_TEST_URL, and stops the server afterwards whatever happens.
set -euo pipefail
nx=${NX_27017:?set NX_27017 to the nx-27017 executable}
run=.run
mkdir -p "$run"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
pidfile=$PWD/$run/nx-27017-$port.pid
"$nx" --db memory --host 127.0.0.1 -p "$port" --pid-file "$pidfile" > "$run/nx-27017-$port.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -f "$pidfile"' EXIT
for _ in $(seq 1 100); do
    if python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null; then break; fi
    kill -0 "$server" 2>/dev/null || { echo "nx-27017 did not start:" >&2; cat "$run/nx-27017-$port.log" >&2; exit 1; }
    sleep 0.2
done
export MONGODB_TEST_URL="mongodb://127.0.0.1:$port/"
"$@"
