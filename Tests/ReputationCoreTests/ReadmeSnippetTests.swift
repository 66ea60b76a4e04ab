import Foundation
import Testing

/// The README's library snippet is `ReadmeSnippet.swift`, which this target compiles: it cannot drift.
@Suite struct ReadmeSnippetTests {
    static let root = fixtures.deletingLastPathComponent()

    @Test func readmeShowsTheCompiledSnippetVerbatim() throws {
        let snippet = try String(contentsOf: Self.root.appendingPathComponent("Tests/ReputationCoreTests/ReadmeSnippet.swift"), encoding: .utf8)
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let shown = readme.contains("```swift\n" + snippet + "```\n")
        #expect(shown, "README.md does not show Tests/ReputationCoreTests/ReadmeSnippet.swift verbatim")
    }

    @Test func readmeShowsThePackageLinesOfThisPackage() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let manifest = try String(contentsOf: Self.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        #expect(manifest.contains("name: \"wallet-reputation\"") && manifest.contains(".library(name: \"ReputationCore\""))
        let shown = readme.contains(#".product(name: "ReputationCore", package: "wallet-reputation")"#)
        #expect(shown, "README.md does not show the Package.swift lines")
    }

    @Test func snippetScoresAWallet() throws {
        let text = try String(contentsOf: fixtures.appendingPathComponent("examples/trader.json"), encoding: .utf8)
        #expect(resultLine(for: text).contains("\"zscore\":\"286.211500000000000909\""))
    }
}
