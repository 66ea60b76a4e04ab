#!/usr/bin/env bash
# make bench (risk lists): a million risk-list entries (RISK.md §3), loaded by score-wallet through the real
# code paths, from a JSON thresholds file and from MongoDB (NX-27017, MONGODB_TEST_URL from with-mongo.sh):
# seconds and peak memory of each load, and single-threaded scoring throughput of the bench corpus with the
# lists loaded beside without (the wall and CPU time of scoring that --summary reports, which leave the load
# out; medians of 7 interleaved rounds, and the medians of the rounds' own ratios). RISK_LISTS_ENTRIES
# (default 1000000) and RISK_LISTS_MONGO_ENTRIES (default 100000; 0 skips MongoDB) size the lists.
# NX-27017 is a Python server that serves about 2,000 documents a second and slows down far more than
# linearly: a million take it about 20 minutes, nearly all of it the server's (the load's CPU time is
# score-wallet's own), so make bench loads 100,000 from it.
set -euo pipefail
bin=${1:?usage: bench-risk-lists.sh RELEASE_BIN_DIR}
python=${PYTHON:-.tools/venv/bin/python}
entries=${RISK_LISTS_ENTRIES:-1000000}
mongo_entries=${RISK_LISTS_MONGO_ENTRIES:-100000}
dir=.bench
corpus=$dir/corpus-200mb-seed1.jsonl
lists=$dir/risk-lists-$entries.json
plain=$dir/risk-lists-none.json
mkdir -p "$dir"
[ -s "$corpus" ] || "$bin/wallet-corpus" generate --megabytes 200 --seed 1 -o "$corpus"

# The entries: wallets, pools and tokens with made-up addresses, and 1 in 1000 taken from the corpus's
# first wallets (their pools and tokens), so that some transactions match. Both files carry the same bot
# model (the worked examples'), so that the risk layer runs in both.
"$python" - "$corpus" "$entries" "$lists" "$plain" <<'PY'
import hashlib, json, sys
corpus, n, lists_path, plain_path = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
model = json.load(open("Fixtures/risk/risk-config.json"))["bot_model"]
seen = []
with open(corpus) as f:
    for line, _ in zip(f, range(2000)):
        try: wallet = json.loads(line)
        except ValueError: continue
        for section in wallet.get("data", []) if isinstance(wallet, dict) else []:
            for t in section.get("transactions") or [] if isinstance(section, dict) else []:
                if not isinstance(t, dict): continue
                if isinstance(t.get("poolId"), str): seen.append(("pool", t["poolId"].upper()))
                for side in ("tokenIn", "tokenOut", "token0", "token1"):
                    if isinstance(t.get(side), dict) and isinstance(t[side].get("address"), str):
                        seen.append(("token", t[side]["address"]))
seen = list(dict.fromkeys(seen))
kinds, severities = ("wallet", "pool", "token"), ("low", "medium", "high", "severe")
def entry(i):
    if i % 1000 == 0 and seen:
        kind, value = seen[(i // 1000) % len(seen)]
    else:
        kind, value = kinds[i % 3], "0x" + hashlib.blake2b(i.to_bytes(8, "little"), digest_size=20).hexdigest()
    return {"list": "bench-%d" % (i % 7), "kind": kind, "value": value, "severity": severities[i % 4], "category": "bench"}
with open(lists_path, "w") as f:
    f.write('{"tokens": [], "thresholds": [], "bot_model": %s, "risk_lists": [\n' % json.dumps(model))
    f.write(",\n".join(json.dumps(entry(i)) for i in range(n)))
    f.write("\n]}\n")
json.dump({"tokens": [], "thresholds": [], "bot_model": model}, open(plain_path, "w"))
PY

load() {   # wall and CPU seconds and peak RSS of score-wallet loading a store and scoring nothing
    local out
    out=$( { /usr/bin/time -f "%e %U %S %M" "$bin/score-wallet" --as-of 1704067200 "$@" < /dev/null > /dev/null; } 2>&1 | tail -n 1)
    echo "$out" | awk '{ printf "%.2f s (CPU %.2f s), peak RSS %.0f MB", $1, $2 + $3, $4 / 1024 }'
}
scoring() {   # "wall cpu": the scoring seconds --summary reports (the store's load left out), three passes over the corpus
    "$bin/score-wallet" --as-of 1704067200 --jobs 1 --summary "$@" "$corpus" "$corpus" "$corpus" 2>&1 > /dev/null \
        | sed -n 's/^wallets read: .* in \([0-9.]*\) s (CPU \([0-9.]*\) s)$/\1 \2/p'
}
median() { tr ' ' '\n' | sed '/^$/d' | sort -g | sed -n 4p; }
ratios() { paste <(echo "$1" | tr ' ' '\n' | sed '/^$/d') <(echo "$2" | tr ' ' '\n' | sed '/^$/d') | awk '{ printf "%.4f ", $1 / $2 }'; }

echo "risk lists: $entries entries, $(($(stat -c %s "$lists") / 1000000)) MB of JSON ($lists)"
echo "load from the JSON file:  $(load --thresholds "$lists")   (the file without lists: $(load --thresholds "$plain"))"
# Seven interleaved rounds; each run's wall and CPU time of scoring alone, as --summary reports them (on a
# busy machine the CPU figures are the steadier).
with="" without="" cpu_with="" cpu_without=""
for _ in 1 2 3 4 5 6 7; do
    read -r w c <<< "$(scoring --thresholds "$lists")"
    with="$with $w" cpu_with="$cpu_with $c"
    read -r w c <<< "$(scoring --thresholds "$plain")"
    without="$without $w" cpu_without="$cpu_without $c"
done
tw=$(echo "$with" | median) t0=$(echo "$without" | median)
cw=$(echo "$cpu_with" | median) c0=$(echo "$cpu_without" | median)
wallets=$((3 * $(wc -l < "$corpus")))
paired=$(ratios "$with" "$without" | median) cpu_paired=$(ratios "$cpu_with" "$cpu_without" | median)
awk -v w="$wallets" -v a="$tw" -v b="$t0" -v ra="$with" -v rb="$without" -v cw="$cw" -v c0="$c0" -v paired="$paired" \
    -v rcw="$cpu_with" -v rc0="$cpu_without" -v cpu_paired="$cpu_paired" 'BEGIN {
    printf "scoring the bench corpus 3 times, --jobs 1, wall: with the lists %.0f wallets/s (median %.2f s of%s), without %.0f wallets/s (median %.2f s of%s)\n", w / a, a, ra, w / b, b, rb
    printf "  with lists / without: %.3f (%.1f%% slower; target ≤ 5%%)\n", b / a, (a / b - 1) * 100
    printf "  median of the rounds'"'"' own ratios: %.1f%% slower\n", (paired - 1) * 100
    printf "  CPU of the same runs: with the lists %.2f s (median of%s), without %.2f s (of%s): %.1f%% more (rounds'"'"' own ratios: %.1f%%)\n", cw, rcw, c0, rc0, (cw / c0 - 1) * 100, (cpu_paired - 1) * 100 }'

if [ -n "${MONGODB_TEST_URL:-}" ] && [ "$mongo_entries" -gt 0 ]; then
    suffix=$(date +%s)
    echo "MongoDB (NX-27017): inserting $mongo_entries entries into risk_lists_bench_$suffix …"
    "$python" - "$MONGODB_TEST_URL" "$lists" "$mongo_entries" "$suffix" <<'PY'
import json, sys, time
import pymongo
url, lists_path, n, suffix = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
data = json.load(open(lists_path))
db = pymongo.MongoClient(url)["ai_scoring"]
model = dict(data["bot_model"], protocolType="dexes")
db["thresholds_bench_" + suffix].insert_one(model)
entries = data["risk_lists"][:n]
collection = db["risk_lists_bench_" + suffix]
start = time.time()
for i in range(0, len(entries), 20000):
    collection.insert_many(entries[i:i + 20000], ordered=False)
print("  inserted in %.0f s" % (time.time() - start))
PY
    echo "load from MongoDB:        $(load --mongo-url "$MONGODB_TEST_URL" --mongo-thresholds-collection "thresholds_bench_$suffix" \
        --mongo-risk-lists-collection "risk_lists_bench_$suffix" --mongo-timeout 600)"
fi
