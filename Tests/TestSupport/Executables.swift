import Foundation

/// The package's root folder.
public let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
/// `Fixtures/`.
public let fixtures = packageRoot.appendingPathComponent("Fixtures")

/// A built executable of this package: `$SCORE_WALLET_BIN_DIR/NAME`, else `.build/debug/NAME`.
public func executable(_ name: String) throws -> URL {
    let directory = ProcessInfo.processInfo.environment["SCORE_WALLET_BIN_DIR"].map { URL(fileURLWithPath: $0) }
        ?? packageRoot.appendingPathComponent(".build/debug")
    let url = directory.appendingPathComponent(name)
    guard FileManager.default.isExecutableFile(atPath: url.path) else {
        throw TestSetupError("\(url.path) is not built: run `swift build` (or `make test`) first")
    }
    return url
}
