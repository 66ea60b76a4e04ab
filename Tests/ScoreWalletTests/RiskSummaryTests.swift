import Foundation
import TestSupport
import Testing

/// `--summary`'s risk part: the most frequent flags, at most five, with the rest counted.
@Suite(.timeLimit(.minutes(1))) struct RiskSummaryTests {
    @Test func mostFrequentFlagsTopFiveAndTheRestCounted() async throws {
        let directory = try await temporaryDirectory()
        // Seven pool entries; wallet i trades in pools 0 … i, so pool p is flagged in 7 − p wallets.
        let entries = (0..<7).map { #"{"list": "watch", "kind": "pool", "value": "0xP\#($0)", "severity": "high", "category": "c"}"# }
        let thresholds = directory.appendingPathComponent("risk.json")
        try Data(#"{"tokens": [], "thresholds": [], "risk_lists": [\#(entries.joined(separator: ","))]}"#.utf8).write(to: thresholds)
        let wallets = (0..<7).map { i in
            let transactions = (0...i).map { #"{"document_id": "d\#($0)", "action": "swap", "timestamp": \#(1_700_000_000 + $0 * 600), "poolId": "0xp\#($0)"}"# }
            return #"{"wallet_address": "0xw\#(i)", "data": [{"protocolType": "dexes", "transactions": [\#(transactions.joined(separator: ","))]}]}"#
        }
        let result = try await scoreWallet(["--as-of", "1704067200", "--summary", "--thresholds", thresholds.path, "-"],
                                     stdin: Data(wallets.joined(separator: "\n").utf8))
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n").map(String.init)
        let start = try #require(lines.firstIndex(of: "most frequent flags:"), "\(result.stderr)")
        #expect(Array(lines[(start + 1)...(start + 6)]) == [
            "  watch pool 0xP0 (high): 7", "  watch pool 0xP1 (high): 6", "  watch pool 0xP2 (high): 5",
            "  watch pool 0xP3 (high): 4", "  watch pool 0xP4 (high): 3", "  … 2 more entries flagged",
        ])
        #expect(lines[start + 7] == "bot_probability histogram:")
    }

    /// Without the risk layer (`--no-risk`) the summary says so instead of counting nothing.
    @Test func noRiskIsSaid() async throws {
        let example = fixtures.appendingPathComponent("examples/trader.json").path
        let result = try await scoreWallet(["--as-of", "1704067200", "--summary", "--no-risk", example])
        #expect(result.status == 0)
        #expect(result.stderr.contains("risk: not assessed (--no-risk)"))
        #expect(!result.stderr.contains("risk decisions:"))
    }
}
