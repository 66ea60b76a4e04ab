#!/usr/bin/env bash
# The API's contract test: schemathesis checks a running score-server (with its in-memory results store,
# so the query routes answer) against docs/openapi.json: no 5xx, only documented statuses, content types,
# headers and schemas. Usage: scripts/contract-test.sh BIN_DIR SCHEMATHESIS
set -euo pipefail
bin=$1 schemathesis=$2
source "$(dirname "$0")/server-helpers.sh"
port=$(free_port)
log=$(mktemp)
work=$(mktemp -d)   # schemathesis keeps its state in the working directory: not in the checkout
"$bin/score-server" --results-in-memory --port "$port" 2>"$log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$log" "$work"' EXIT
wait_listening score-server $pid "$port" "$log"
base=http://127.0.0.1:$port
cd "$work"
"$schemathesis" run "$base/openapi.json" --url "$base" --no-color --seed 1 --max-examples "${CONTRACT_EXAMPLES:-30}" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance
