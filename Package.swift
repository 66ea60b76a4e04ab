// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "wallet-reputation",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ReputationCore", targets: ["ReputationCore"]),
        .library(name: "ReputationMongo", targets: ["ReputationMongo"]),
        .executable(name: "score-wallet", targets: ["score-wallet"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Pure Swift: Foundation only, no C library, no NIO.
        .target(name: "ReputationCore"),
        // libmongoc (Debian: libmongoc-dev); its C calls stay in Sources/ReputationMongo/C.
        .systemLibrary(name: "CMongoc", pkgConfig: "libmongoc-1.0", providers: [.apt(["libmongoc-dev"])]),
        // The MongoDB threshold store.
        .target(name: "ReputationMongo", dependencies: ["ReputationCore", "CMongoc"]),
        // Realistic and malformed wallet corpora, for tests and benchmarks.
        .target(name: "WalletCorpus"),
        .executableTarget(
            name: "score-wallet",
            dependencies: ["ReputationCore", "ReputationMongo", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "wallet-corpus",
            dependencies: ["WalletCorpus", "ReputationCore", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "ReputationCoreTests", dependencies: ["ReputationCore", "WalletCorpus"]),
        .testTarget(name: "ScoreWalletTests", dependencies: ["ReputationCore", "WalletCorpus"]),
        .testTarget(name: "MongoStoreTests", dependencies: ["ReputationMongo", "ReputationCore", "CMongoc"]),
    ]
)
