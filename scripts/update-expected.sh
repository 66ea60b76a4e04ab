#!/usr/bin/env bash
# Rewrites the expected score-wallet output of the worked examples from the built binaries:
#   Fixtures/examples/expected-score-wallet-as-of-1704067200.jsonl   (what `make check-examples` and
#   ExamplesTests compare with; its `risk` members follow the embedded bot model)
# Run it after a change that is meant to change results (such as a new embedded bot model), then review
# the diff: only `risk` may change unless dex-v1 itself was meant to. The dex-v1 reference,
# Fixtures/examples/expected-dex-v1-as-of-1704067200.jsonl, is never rewritten: the tests hold every
# result minus `risk` (and score-wallet --no-risk) to it.
#
#   scripts/update-expected.sh [RELEASE_BIN_DIR]     (default .build/release; build it first: make release)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-.build/release}
examples=(Fixtures/examples/sample.json Fixtures/examples/lpwhale.json Fixtures/examples/trader.json Fixtures/examples/nodex.json)
expected=Fixtures/examples/expected-score-wallet-as-of-1704067200.jsonl

"$bin/score-wallet" --as-of 1704067200 "${examples[@]}" \
    | sed -E 's/"timestamp":[0-9]+,"processing_time_ms":[0-9.e+-]+/"timestamp":0,"processing_time_ms":0/' > "$expected.new"
mv "$expected.new" "$expected"
echo "rewrote $expected ($(wc -l < "$expected") lines); check it with: make check-examples (and swift test --filter ExamplesTests)"
git --no-pager diff --stat -- "$expected" 2>/dev/null || true
