import Foundation
import TestSupport
import Testing

/// `Fixtures/examples/expected-score-wallet-as-of-1704067200.jsonl` is exactly what score-wallet prints for
/// the worked examples, but for the two fields that change with every run (what `make check-examples` diffs).
@Suite(.timeLimit(.minutes(1))) struct ExamplesTests {
    /// The README's and the Makefile's `sed` expression.
    static func blankRunFields(_ line: String) -> String {
        line.replacingOccurrences(of: #""timestamp":[0-9]+,"processing_time_ms":[0-9.e+-]+"#,
                                  with: #""timestamp":0,"processing_time_ms":0"#, options: .regularExpression)
    }

    @Test func outputEqualsTheExpectedFileButForTimestampAndProcessingTime() async throws {
        let relative = ["sample", "lpwhale", "trader", "nodex"].map { "Fixtures/examples/\($0).json" }
        let result = try await scoreWallet(["--as-of", "1704067200"] + relative.map { packageRoot.appendingPathComponent($0).path })
        #expect(result.status == 0)
        // As if run from the package's folder, as the README and the Makefile do.
        let printed = result.lines.map { Self.blankRunFields($0).replacingOccurrences(of: packageRoot.path + "/", with: "") }
        let expected = try String(contentsOf: fixtures.appendingPathComponent("examples/expected-score-wallet-as-of-1704067200.jsonl"), encoding: .utf8)
        #expect(printed.map { $0 + "\n" }.joined() == expected)
        #expect(result.lines.allSatisfy { $0.contains("\"timestamp\":") && $0.contains("\"processing_time_ms\":") })
    }

    /// The line without its `risk` member (a success result's last member).
    static func withoutRisk(_ line: String) -> String {
        guard let member = line.range(of: ",\"risk\":{\"model_version\":", options: .backwards) else { return line }
        return String(line[..<member.lowerBound]) + "}"
    }

    /// The dex-v1 part does not change by a digit: the expected lines minus `risk`, and score-wallet's
    /// `--no-risk` output, are exactly the dex-v1 lines committed before risk-v1
    /// (`expected-dex-v1-as-of-1704067200.jsonl`, which scripts/update-expected.sh never rewrites).
    @Test func withoutRiskTheLinesAreTheDexV1Lines() async throws {
        let dexV1 = try String(contentsOf: fixtures.appendingPathComponent("examples/expected-dex-v1-as-of-1704067200.jsonl"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let expected = try String(contentsOf: fixtures.appendingPathComponent("examples/expected-score-wallet-as-of-1704067200.jsonl"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(expected.filter { $0.contains(",\"risk\":{") }.count == 3, "the three successes carry risk")
        #expect(expected.map(Self.withoutRisk) == dexV1)
        let relative = ["sample", "lpwhale", "trader", "nodex"].map { "Fixtures/examples/\($0).json" }
        let result = try await scoreWallet(["--as-of", "1704067200", "--no-risk"] + relative.map { packageRoot.appendingPathComponent($0).path })
        #expect(result.status == 0)
        #expect(result.lines.map { Self.blankRunFields($0).replacingOccurrences(of: packageRoot.path + "/", with: "") } == dexV1)
        let help = String(decoding: try await scoreWallet(["--help"]).stdout, as: UTF8.self)
        #expect(help.contains("--summary") && !help.contains("no-risk"), "--no-risk is hidden")
    }
}
