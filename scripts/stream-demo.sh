#!/usr/bin/env bash
# make stream-demo: score-stream on the broker at KAFKA_TEST_BOOTSTRAP_SERVERS (scripts/with-kafka.sh
# starts one), fed with wallet files (one JSON document each) plus one bad message; prints every result
# with its topic and headers, then stops the service with SIGTERM.
# Usage: stream-demo.sh RELEASE_BIN_DIR AS_OF FILE...
set -euo pipefail
source "$(dirname "$0")/server-helpers.sh"
bin=$1 as_of=$2
shift 2
python=.tools/venv/bin/python
bootstrap=${KAFKA_TEST_BOOTSTRAP_SERVERS:?run through scripts/with-kafka.sh}
port=$(free_port)
"$bin/score-stream" --bootstrap-servers "$bootstrap" --create-topics --port "$port" --as-of "$as_of" \
    --kafka-property session.timeout.ms=6000 &
service=$!
trap 'kill "$service" 2>/dev/null; wait "$service" 2>/dev/null' EXIT
echo "score-stream (pid $service) on $bootstrap; HTTP on 127.0.0.1:$port" >&2

"$python" - "$bootstrap" "$port" "$@" <<'PY'
import json, sys, time, urllib.request
from confluent_kafka import Consumer, Producer

bootstrap, port, files = sys.argv[1], sys.argv[2], sys.argv[3:]
def get(path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as r: return r.status, r.read()
    except urllib.error.HTTPError as e: return e.code, e.read()
    except OSError: return None, b""
deadline = time.time() + 60
while get("/api/v1/health")[0] != 200:
    if time.time() > deadline: sys.exit("score-stream did not become healthy in 60 s")
    time.sleep(0.5)

messages = [open(f, "rb").read() for f in files] + [b'{"wallet_address": "0xbad", "data": "not a list"}']
producer = Producer({"bootstrap.servers": bootstrap})
for value in messages: producer.produce("wallet-transactions", value)
producer.flush(30)
print(f"fed {len(messages)} messages to wallet-transactions", file=sys.stderr)

consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"demo-reader-{time.time()}", "auto.offset.reset": "earliest"})
consumer.subscribe(["wallet-scores-success", "wallet-scores-failure"])
seen, deadline = 0, time.time() + 60
while seen < len(messages) and time.time() < deadline:
    m = consumer.poll(0.5)
    if m is None or m.error(): continue
    seen += 1
    headers = " ".join(f"{k}={v.decode()}" for k, v in (m.headers() or []))
    print(f"--- {m.topic()} key={m.key().decode() if m.key() else None} {headers}")
    print(json.dumps(json.loads(m.value()), indent=2))
consumer.close()
print(get("/api/v1/stats")[1].decode())
sys.exit(0 if seen == len(messages) else f"only {seen} of {len(messages)} results arrived")
PY
kill -TERM "$service"
status=0
wait "$service" || status=$?
trap - EXIT
[ "$status" = 0 ] || { echo "score-stream exited with status $status" >&2; exit 1; }
