# wallet-reputation: score-stream, score-server, score-wallet and wallet-corpus in a slim runtime image.
# Build: docker build -t wallet-reputation .   (compose.yaml builds it for every service)
# Ubuntu 24.04 (noble) ships librdkafka 2.3 (>= 2.2, which Kafka brokers sending KIP-482 tagged fields need)
# and libmongoc 1.26; Debian 12's librdkafka 2.0 is too old for that.

# --- build: the Swift toolchain and the -dev libraries --------------------------------------------------
FROM swift:6.3-noble AS build
RUN apt-get update && apt-get install -y --no-install-recommends librdkafka-dev libmongoc-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Dependencies first: this layer is rebuilt only when the manifest changes.
COPY Package.swift Package.resolved* ./
RUN swift package resolve
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --static-swift-stdlib \
        --product score-stream --product score-server --product score-wallet --product wallet-corpus \
    && mkdir /out \
    && bin="$(swift build -c release --show-bin-path)" \
    && cp "$bin/score-stream" "$bin/score-server" "$bin/score-wallet" "$bin/wallet-corpus" /out/

# --- runtime: the shared libraries only ------------------------------------------------------------------
FROM ubuntu:24.04 AS runtime
RUN apt-get update && apt-get install -y --no-install-recommends librdkafka1 libmongoc-1.0-0 libbson-1.0-0 \
        ca-certificates curl tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --no-create-home --uid 10001 scorer
COPY --from=build /out/ /usr/local/bin/
USER scorer
# HOST must not be loopback inside a container; PORT as the default.
ENV HOST=0.0.0.0 PORT=8000
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${PORT}/api/v1/health" > /dev/null || exit 1
CMD ["score-stream"]
