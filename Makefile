# wallet-reputation: `make run` and `make test` work on a fresh clone (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := run

SWIFT ?= swift
RELEASE_BIN = $(CURDIR)/.build/release
AS_OF ?= 1704067200
EXAMPLES = Fixtures/examples/sample.json Fixtures/examples/lpwhale.json Fixtures/examples/trader.json Fixtures/examples/nodex.json

.PHONY: run test bench deps build release fixtures clean

## deps: check (and install where it can) what the build needs.
deps:
	@command -v $(SWIFT) >/dev/null || { echo "error: Swift 6 is needed (https://www.swift.org/install/); none is on PATH" >&2; exit 1; }
	@$(SWIFT) --version 2>/dev/null | head -n 1

## build: debug build of everything, tests included.
build: deps
	$(SWIFT) build --build-tests

## release: optimised executables in .build/release.
release: deps
	$(SWIFT) build -c release

## run: build, then score the worked examples (MODEL.md §6) on the embedded default parameters.
run: release
	$(RELEASE_BIN)/score-wallet --as-of $(AS_OF) --summary $(EXAMPLES)

## test: every test: unit, golden, path equivalence, malformed corpus, and the CLI's release binary.
test: release
	SCORE_WALLET_BIN_DIR=$(RELEASE_BIN) $(SWIFT) test

## bench: throughput of score-wallet (1 and 2 jobs) beside JSONDecoder, on a generated ≥200 MB corpus.
bench: release
	@scripts/bench.sh $(RELEASE_BIN)

## fixtures: rewrite Fixtures/malformed from the generator (a test checks they match).
fixtures: release
	rm -rf Fixtures/malformed
	$(RELEASE_BIN)/wallet-corpus malformed -o Fixtures/malformed

clean:
	rm -rf .build .bench
