import Foundation
import TestSupport
import Testing

/// `--print-thresholds` exports the risk configuration (RISK.md §6) with the parameters.
@Suite(.serialized, .timeLimit(.minutes(1))) struct PrintRiskThresholdsTests {
    static let source = """
        {"tokens": [],
         "thresholds": [{"protocolType": "dexes", "parameter": "lp.points_per_deposit", "value": 35},
                        {"protocolType": "dexes", "rule": "pool-listed", "metric": "max_flag_severity", "op": ">=", "value": 3, "outcome": "DECLINED"},
                        {"protocolType": "dexes", "rule": "busy", "metric": "tx_last_24h", "op": ">", "value": 2.5, "outcome": "REVIEW"}],
         "bot_model": {"model": "bot-v1", "id": "cli-model", "features": ["swap_share", "burstiness"], "mean": [0.5, -0.25],
                       "scale": [0.5, 0.125], "coef": [2, 0.1], "intercept": -1.5,
                       "trained": {"rows": 100, "positives": 10, "c": 1, "auc": 0.75, "source": "test"}},
         "risk_lists": [{"list": "pools", "kind": "pool", "value": "0x88E6A0C2DDD26FEEB64F039A2C41296FCB3F5640", "severity": "high", "category": "mixer"},
                        {"list": "wallets", "kind": "wallet", "value": "0x0000000000000000000000000000000000000001", "severity": "severe", "category": "sanctions"},
                        {"list": "tokens", "kind": "token", "value": "0xa0b86a33e6c3d4c3e6c3d4c3e6c3d4c3e6c3d4c3", "severity": "low", "category": "scam"}]}
        """

    @Test func anExportedRiskConfigurationHasTheSameParametersID() async throws {
        let directory = try await temporaryDirectory()
        defer { removeOrWarn(directory) }
        let source = directory.appendingPathComponent("source.json")
        try Data(Self.source.utf8).write(to: source)
        let exported = try await scoreWallet(["--thresholds", source.path, "--print-thresholds"])
        #expect(exported.status == 0, "\(exported.stderr)")
        let printed = try #require(try JSONSerialization.jsonObject(with: exported.stdout) as? [String: Any])
        let rules = (printed["thresholds"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
        #expect(rules == ["pool-listed", "busy"])
        #expect((printed["bot_model"] as? [String: Any])?["id"] as? String == "cli-model")
        #expect((printed["risk_lists"] as? [[String: Any]])?.compactMap { $0["list"] as? String } == ["pools", "wallets", "tokens"])

        let copy = directory.appendingPathComponent("exported.json")
        try exported.stdout.write(to: copy)
        let reprinted = try await scoreWallet(["--thresholds", copy.path, "--print-thresholds"])
        #expect(reprinted.stdout == exported.stdout, "printing the printed file changes nothing")

        let example = fixtures.appendingPathComponent("examples/sample.json").path
        let fromSource = try await scoreWallet(["--as-of", "1704067200", "--thresholds", source.path, example])
        let fromCopy = try await scoreWallet(["--as-of", "1704067200", "--thresholds", copy.path, example])
        #expect(fromSource.lines.map(stable) == fromCopy.lines.map(stable))
        let id = try #require(try objects(fromSource).first?["parameters_id"] as? String)
        let copyID = try objects(fromCopy).first?["parameters_id"] as? String
        #expect(id == copyID)

        // Without its risk configuration the same file has another id: the export did carry it.
        var plain = try #require(try JSONSerialization.jsonObject(with: Data(Self.source.utf8)) as? [String: Any])
        plain["bot_model"] = nil
        plain["risk_lists"] = nil
        plain["thresholds"] = (plain["thresholds"] as? [[String: Any]])?.filter { $0["rule"] == nil }
        let plainFile = directory.appendingPathComponent("plain.json")
        try JSONSerialization.data(withJSONObject: plain).write(to: plainFile)
        let fromPlain = try await scoreWallet(["--as-of", "1704067200", "--thresholds", plainFile.path, example])
        let plainID = try objects(fromPlain).first?["parameters_id"] as? String
        #expect(plainID != nil && plainID != id)
    }
}
