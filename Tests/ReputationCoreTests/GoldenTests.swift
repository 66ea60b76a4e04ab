import Foundation
import ReputationCore
import Testing

/// The worked examples of MODEL.md §6 reproduce exactly.
@Suite struct GoldenTests {
    static let names = ["sample", "lpwhale", "trader", "nodex"]

    static func expected() throws -> [[String: Any]] {
        let text = try String(contentsOf: fixtures.appendingPathComponent("examples/expected-as-of-1704067200.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map { try json(String($0)) }
    }

    @Test(arguments: zip(names, 0..<4))
    func example(name: String, index: Int) throws {
        let bytes = try Data(contentsOf: fixtures.appendingPathComponent("examples/\(name).json"))
        try check(try json(line(WalletScorer().score(bytes, asOf: exampleAsOf))), matches: Self.expected()[index])
    }

    /// The examples' expected `score-wallet` output (CLI shape) says what the contract's file says.
    @Test func expectedScoreWalletOutputAgreesWithTheContract() throws {
        let text = try String(contentsOf: fixtures.appendingPathComponent("examples/expected-score-wallet-as-of-1704067200.jsonl"), encoding: .utf8)
        let lines = text.split(separator: "\n")
        let expected = try Self.expected()
        #expect(lines.count == expected.count)
        for (line, expected) in zip(lines, expected) { try check(try json(String(line)), matches: expected) }
    }

    /// A result (wire format) against a line of the contract's normalized file.
    func check(_ result: [String: Any], matches expected: [String: Any]) throws {
        #expect(result["wallet_address"] as? String == expected["wallet_address"] as? String)
        guard expected["ok"] as? Bool == true else {
            #expect(result["error_code"] as? String == "no_dex_transactions")
            #expect(result["error"] as? String == expected["error"] as? String)
            return
        }
        let category = try #require((result["categories"] as? [[String: Any]])?.first)
        #expect(category["score"] as? Double == expected["score"] as? Double)
        #expect(category["transaction_count"] as? Int == expected["transaction_count"] as? Int)
        #expect(category["tags"] as? [String] == expected["tags"] as? [String])
        #expect(NSDictionary(dictionary: category["features"] as! [String: Any]) == NSDictionary(dictionary: expected["features"] as! [String: Any]))
        let breakdown = category["breakdown"] as! [String: Any], expectedBreakdown = expected["breakdown"] as! [String: Any]
        #expect(NSDictionary(dictionary: breakdown["liquidity_provision"] as! [String: Any]) == NSDictionary(dictionary: expectedBreakdown["lp"] as! [String: Any]))
        #expect(NSDictionary(dictionary: breakdown["trading"] as! [String: Any]) == NSDictionary(dictionary: expectedBreakdown["swap"] as! [String: Any]))
    }

    /// Numbers print as the Python service printed them: `20` for whole-number arithmetic, `30.0` otherwise.
    @Test func wireFormatOfTheSampleMatchesModelSection5() throws {
        let bytes = try Data(contentsOf: fixtures.appendingPathComponent("examples/sample.json"))
        let text = line(WalletScorer().score(bytes, asOf: exampleAsOf))
        #expect(text.contains("\"zscore\":\"143.031250000000000000\""))
        #expect(text.contains("\"liquidity_provision\":{\"volume_score\":30.0,\"frequency_score\":20,\"retention_score\":125.0,\"holding_score\":0.05208333333333333,\"diversity_score\":20}"))
        #expect(text.contains("\"token_diversity_score\":25,\"swap_frequency_score\":0.0"))
        #expect(text.hasPrefix("{\"wallet_address\":\"0x742d35Cc6634C0532925a3b8D4C9db96590e4265\",\"zscore\""))
        #expect(text.contains("\"model_version\":\"dex-v1\",\"parameters_id\":\"\(ScoringParameters.defaults.id)\",\"as_of\":1704067200"))
    }

    /// Results decode into the public Codable result types.
    @Test func resultsDecodeIntoTheResultTypes() throws {
        let scorer = WalletScorer()
        let success = try JSONDecoder().decode(SuccessResult.self, from: Data(line(scorer.score(
            Data(contentsOf: fixtures.appendingPathComponent("examples/lpwhale.json")), asOf: exampleAsOf)).utf8))
        #expect(success.categories.first?.features["avg_hold_time_days"] == 74.5)
        #expect(success.categories.first?.breakdown.liquidityProvision["volume_score"] == 300)
        #expect(success.zscore == "433.846153846153868017")
        let failure = try JSONDecoder().decode(FailureResult.self, from: Data(line(scorer.score(
            Data(contentsOf: fixtures.appendingPathComponent("examples/nodex.json")), asOf: exampleAsOf)).utf8))
        #expect(failure.errorCode == .noDexTransactions)
        #expect(failure.categories.map(\.category) == ["dexes"])
        #expect(failure.categories.first?.error == "no dexes transactions")
        #expect(failure.categories.first?.transactionCount == 0)
        #expect(failure.input == nil && failure.line == nil)
    }

    /// A score-wallet failure line's `input` and `line` decode into the failure type.
    @Test func failureOriginDecodes() throws {
        var out: [UInt8] = []
        let outcome = WalletScorer().score(Array("{\"wallet_address\": 1}".utf8), asOf: exampleAsOf)
        ResultWriter.append(outcome, timestamp: 0, processingTimeMs: 0, origin: MessageOrigin(input: "a.jsonl", line: 7), to: &out)
        let failure = try JSONDecoder().decode(FailureResult.self, from: Data(out))
        #expect(failure.input == "a.jsonl")
        #expect(failure.line == 7)
        #expect(failure.errorCode == .invalidField)
    }

    /// The three-line use from the README.
    @Test func scoresFromStringBytesAndValue() throws {
        let text = try String(contentsOf: fixtures.appendingPathComponent("examples/trader.json"), encoding: .utf8)
        let scorer = WalletScorer()
        let fromString = scorer.score(json: text, asOf: exampleAsOf)
        let fromBytes = scorer.score(Array(text.utf8), asOf: exampleAsOf)
        let fromValue = scorer.score(message: try JSONDecoder().decode(WalletMessage.self, from: Data(text.utf8)), asOf: exampleAsOf)
        guard case .success(let score) = fromString else { Issue.record("not scored: \(fromString)"); return }
        #expect(score.finalScore == 286.2115)
        #expect(fromBytes == fromString)
        #expect(fromValue == fromString)
    }
}
