#!/usr/bin/env bash
# make model: the embedded default bot model, reproducibly. Generates the labelled synthetic corpus
# (wallet-corpus labelled, a fixed seed), trains on it (score-wallet train) and writes the model as the
# Swift source of BotModel.embedded (wallet-corpus embed-model). A test runs this and compares the result
# with the committed Sources/ReputationCore/Risk/EmbeddedBotModel.swift byte for byte.
#
# usage: scripts/make-model.sh BIN_DIR OUT_DIR WORK_DIR
#   BIN_DIR   holds score-wallet and wallet-corpus
#   OUT_DIR   gets EmbeddedBotModel.swift
#   WORK_DIR  gets the corpus, its labels, the model document and the training report
set -euo pipefail
bin=$1 out=$2 work=$3
wallets=2000 seed=2026
mkdir -p "$work" "$out"
"$bin/wallet-corpus" labelled --wallets "$wallets" --seed "$seed" -o "$work/wallets.jsonl" --labels "$work/labels.jsonl"
"$bin/score-wallet" train --labels "$work/labels.jsonl" --c 1 --id embedded-synthetic-2026-11 \
    --source "synthetic: wallet-corpus labelled --wallets $wallets --seed $seed (make model)" \
    -o "$work/embedded-bot-model.json" "$work/wallets.jsonl" 2> "$work/training-report.txt" \
    || { cat "$work/training-report.txt" >&2; exit 1; }
"$bin/wallet-corpus" embed-model "$work/embedded-bot-model.json" -o "$out/EmbeddedBotModel.swift"
cat "$work/training-report.txt" >&2
