// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "wallet-reputation",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ReputationCore", targets: ["ReputationCore"]),
        .library(name: "ReputationMongo", targets: ["ReputationMongo"]),
        .library(name: "ReputationKafka", targets: ["ReputationKafka"]),
        .library(name: "ScoreStream", targets: ["ScoreStream"]),
        .executable(name: "score-wallet", targets: ["score-wallet"]),
        .executable(name: "score-stream", targets: ["score-stream"]),
        .executable(name: "score-server", targets: ["score-server"]),
        .library(name: "ScoringAPI", targets: ["ScoringAPI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.1.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.10.0", traits: []),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.1.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
    ],
    targets: [
        // Pure Swift: Foundation only, no C library, no NIO.
        .target(name: "ReputationCore"),
        // libmongoc (Debian: libmongoc-dev); its C calls stay in Sources/ReputationMongo/C.
        .systemLibrary(name: "CMongoc", pkgConfig: "libmongoc-1.0", providers: [.apt(["libmongoc-dev"])]),
        // The MongoDB threshold store.
        .target(name: "ReputationMongo", dependencies: ["ReputationCore", "CMongoc"]),
        // librdkafka (Debian: librdkafka-dev); its C calls stay in Sources/ReputationKafka/C.
        .systemLibrary(name: "CRdKafka", pkgConfig: "rdkafka", providers: [.apt(["librdkafka-dev"])]),
        // Kafka consumer, producer, admin and mock cluster over librdkafka.
        .target(name: "ReputationKafka", dependencies: ["CRdKafka", .product(name: "Logging", package: "swift-log")]),
        // The HTTP scoring and query API and the dashboard: one router builder for score-server, score-stream and the tests.
        .target(
            name: "ScoringAPI",
            dependencies: [
                "ReputationCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // The score-stream service: Kafka pipeline, threshold refresh, HTTP, metrics.
        .target(
            name: "ScoreStream",
            dependencies: [
                "ReputationCore", "ReputationKafka", "ScoringAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // What both executables' command lines share: the threshold-store flags.
        .target(
            name: "ReputationCommandLine",
            dependencies: ["ReputationCore", "ReputationMongo", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "Logging", package: "swift-log")]
        ),
        // Realistic and malformed wallet corpora, for tests and benchmarks.
        .target(name: "WalletCorpus"),
        .executableTarget(
            name: "score-wallet",
            dependencies: ["ReputationCore", "ReputationMongo", "ReputationCommandLine", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "score-stream",
            dependencies: [
                "ScoreStream", "ReputationKafka", "ReputationMongo", "ReputationCore", "ReputationCommandLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "score-server",
            dependencies: [
                "ScoringAPI", "ReputationMongo", "ReputationCore", "ReputationCommandLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "wallet-corpus",
            dependencies: ["WalletCorpus", "ReputationCore", "ReputationKafka",
                           .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "Logging", package: "swift-log")]
        ),
        // make bench: score-stream beside a pass-through on the local broker.
        .executableTarget(
            name: "stream-bench",
            dependencies: [
                "ScoreStream", "ScoringAPI", "ReputationKafka", "ReputationMongo", "WalletCorpus",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "ReputationCoreTests", dependencies: ["ReputationCore", "WalletCorpus"]),
        .testTarget(name: "ScoreWalletTests", dependencies: ["ReputationCore", "WalletCorpus", "TestSupport"]),
        .testTarget(name: "MongoStoreTests", dependencies: ["ReputationMongo", "ReputationCore", "TestSupport"]),
        // Helpers shared by the tests: the test broker, reading and writing topics, the built executables.
        .target(
            name: "TestSupport",
            dependencies: ["ReputationKafka", "CMongoc", .product(name: "Logging", package: "swift-log")],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "ScoringAPITests", dependencies: ["ScoringAPI", "ReputationCore", "WalletCorpus", "TestSupport"]),
        .testTarget(name: "KafkaTests", dependencies: ["ReputationKafka", "TestSupport"]),
        .testTarget(
            name: "ScoreStreamTests",
            dependencies: ["ScoreStream", "ScoringAPI", "ReputationCommandLine", "ReputationKafka", "ReputationCore", "ReputationMongo", "WalletCorpus", "TestSupport",
                           .product(name: "Logging", package: "swift-log"), .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")]
        ),
    ]
)
