# wallet-reputation: `make run` and `make test` work on a fresh clone (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := run

SWIFT ?= swift
RELEASE_BIN = $(CURDIR)/.build/release
TOOLS = $(CURDIR)/.tools
NX_27017 = $(TOOLS)/venv/bin/nx-27017
# apt-get as root, else through sudo.
APT_INSTALL = $(if $(filter 0,$(shell id -u)),,sudo) sh -c 'apt-get update -qq && apt-get install -y -qq "$$@" >/dev/null' apt
AS_OF ?= 1704067200
EXAMPLES = Fixtures/examples/sample.json Fixtures/examples/lpwhale.json Fixtures/examples/trader.json Fixtures/examples/nodex.json

.PHONY: run test bench deps build release fixtures clean

## deps: check Swift; install libmongoc (Debian's libmongoc-dev) when it is missing.
deps:
	@command -v $(SWIFT) >/dev/null || { echo "error: Swift 6 is needed (https://www.swift.org/install/); none is on PATH" >&2; exit 1; }
	@$(SWIFT) --version 2>/dev/null | head -n 1
	@if ! { command -v pkg-config >/dev/null && pkg-config --exists libmongoc-1.0; }; then \
	    echo "installing libmongoc-dev and pkg-config (apt-get)"; $(APT_INSTALL) libmongoc-dev pkg-config; \
	fi

## The NX-27017 MongoDB-compatible server for the tests, in a project-local virtualenv.
$(NX_27017):
	@command -v python3 >/dev/null || $(APT_INSTALL) python3
	python3 -m venv $(TOOLS)/venv || { rm -rf $(TOOLS)/venv && $(APT_INSTALL) python3-venv && python3 -m venv $(TOOLS)/venv; }
	$(TOOLS)/venv/bin/pip install -q nx-27017==0.8.1

## build: debug build of everything, tests included.
build: deps
	$(SWIFT) build --build-tests

## release: optimised executables in .build/release.
release: deps
	$(SWIFT) build -c release

## run: build, then score the worked examples (MODEL.md §6) on the embedded default parameters.
run: release
	$(RELEASE_BIN)/score-wallet --as-of $(AS_OF) --summary $(EXAMPLES)

## test: every test: unit, golden, path equivalence, malformed corpus, the CLI's release binary, and
## the MongoDB store against a real NX-27017 server started for the run.
test: release $(NX_27017)
	NX_27017=$(NX_27017) scripts/with-mongo.sh env SCORE_WALLET_BIN_DIR=$(RELEASE_BIN) $(SWIFT) test

## bench: throughput of score-wallet (1 and 2 jobs) beside JSONDecoder, on a generated ≥200 MB corpus.
bench: release
	@scripts/bench.sh $(RELEASE_BIN)

## fixtures: rewrite Fixtures/malformed from the generator (a test checks they match).
fixtures: release
	rm -rf Fixtures/malformed
	$(RELEASE_BIN)/wallet-corpus malformed -o Fixtures/malformed

clean:
	rm -rf .build .bench .run
