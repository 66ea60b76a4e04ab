import Foundation
import ReputationCore
import Testing
import WalletCorpus

/// The worked examples of RISK.md §7 reproduce, on both reading paths, and the wire format is RISK.md §5's.
@Suite struct RiskGoldenTests {
    static let names = ["sample", "lpwhale", "trader", "nodex"]

    static func configuration() throws -> ThresholdConfiguration {
        let url = riskFixtures.appendingPathComponent("risk-config.json")
        return try JSONFileThresholds.configuration(from: Data(contentsOf: url), name: url.path)
    }

    static func expected() throws -> [[String: Any]] {
        let text = try String(contentsOf: riskFixtures.appendingPathComponent("expected-risk-as-of-1704067200.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map { try riskJSON(String($0)) }
    }

    @Test(arguments: zip(names, 0..<4))
    func example(name: String, index: Int) throws {
        let bytes = try [UInt8](Data(contentsOf: fixtures.appendingPathComponent("examples/\(name).json")))
        let expected = try Self.expected()[index]
        let (fast, codable) = riskOnBothPaths(String(decoding: bytes, as: UTF8.self), try Self.configuration())
        #expect(fast == codable)
        guard let expectedRisk = expected["risk"] as? [String: Any] else {
            #expect(fast == nil, "a failure carries no risk")
            return
        }
        let risk = try #require(fast)
        var wire = try riskJSON(RiskWriter.json(risk))
        #expect(wire.removeValue(forKey: "model_version") as? String == "risk-v1")
        let differences = Self.differences(wire, expectedRisk, path: "risk")
        #expect(differences.isEmpty, "\(name): \(differences)")
    }

    /// Equal JSON values, numbers to a relative 1e-12.
    static func differences(_ a: Any, _ b: Any, path: String) -> [String] {
        switch (a, b) {
        case let (a as [String: Any], b as [String: Any]):
            guard Set(a.keys) == Set(b.keys) else { return ["\(path): keys \(a.keys.sorted()) ≠ \(b.keys.sorted())"] }
            return a.keys.sorted().flatMap { differences(a[$0]!, b[$0]!, path: "\(path).\($0)") }
        case let (a as [Any], b as [Any]):
            guard a.count == b.count else { return ["\(path): \(a.count) items ≠ \(b.count)"] }
            return zip(a, b).enumerated().flatMap { differences($1.0, $1.1, path: "\(path)[\($0)]") }
        case let (a as String, b as String):
            return a == b ? [] : ["\(path): \(a) ≠ \(b)"]
        case let (a as NSNumber, b as NSNumber):
            let x = a.doubleValue, y = b.doubleValue
            return abs(x - y) <= 1e-12 * max(1, abs(y)) ? [] : ["\(path): \(x) ≠ \(y)"]
        default:
            return ["\(path): \(a) ≠ \(b)"]
        }
    }

    /// The assessment of the sample example with the fixtures' configuration.
    static func sampleAssessment() throws -> RiskAssessment {
        let bytes = try Data(contentsOf: fixtures.appendingPathComponent("examples/sample.json"))
        var session = ScoringSession(configuration: try configuration())
        guard case .success(let score) = session.score(bytes, asOf: exampleAsOf) else { throw SampleNotScored() }
        return try #require(score.risk)
    }

    struct SampleNotScored: Error {}

    /// RISK.md §5's layout: key order, counts as integers, thresholds of whole rule values without a fraction.
    @Test func wireFormatOfTheSample() throws {
        let risk = try Self.sampleAssessment()
        let text = RiskWriter.json(risk)
        #expect(text.hasPrefix("{\"model_version\":\"risk-v1\",\"decision\":\"REVIEW\",\"risk_score\":75.05261319013076,\"confidence\":\"low\","))
        #expect(text.contains("\"features\":{\"tx_last_1h\":0,\"tx_last_24h\":2,\"max_tx_per_hour\":3,\"mean_gap_hours\":0.1388888888888889,\"burstiness\":-0.1111111111111111,\"hour_entropy\":0.0,\"pool_concentration\":1.0,\"swap_share\":0.3333333333333333}"))
        #expect(text.contains("\"transactions\":3,\"exposure_usd\":2500.0,\"exposure_share\":1.0}"))
        #expect(text.hasSuffix("\"reasons\":[{\"rule\":\"high-risk-score\",\"metric\":\"risk_score\",\"op\":\">=\",\"threshold\":75,\"value\":75.05261319013076,\"outcome\":\"REVIEW\"}]}"))
        var member: [UInt8] = []
        RiskWriter.appendMember(risk, to: &member)
        #expect(String(decoding: member, as: UTF8.self) == ",\"risk\":" + text)
        // The Codable types read the wire format back.
        let decoded = try JSONDecoder().decode(RiskAssessment.self, from: Data(text.utf8))
        #expect(decoded.flags == risk.flags)
        #expect(decoded.features == risk.features)
        #expect(decoded.botReasons == risk.botReasons)
    }

    /// The members before `bot_model`, written as joined literals for the usual model version, read the same
    /// for every decision, confidence and model version, and read back through the Codable types.
    @Test func headOfEveryDecisionAndConfidence() throws {
        var risk = try Self.sampleAssessment()
        for version in [RiskAssessment.version, "risk-v2-test"] {
            for decision in RiskDecision.allCases {
                for confidence in RiskConfidence.allCases {
                    (risk.modelVersion, risk.decision, risk.confidence) = (version, decision, confidence)
                    let text = RiskWriter.json(risk)
                    let head = "{\"model_version\":\"\(version)\",\"decision\":\"\(decision.rawValue)\",\"risk_score\":"
                        + "\(risk.riskScore),\"confidence\":\"\(confidence.rawValue)\",\"bot_probability\":\(risk.botProbability),\"bot_model\":"
                    #expect(text.hasPrefix(head), "\(text)")
                    let decoded = try JSONDecoder().decode(RiskAssessment.self, from: Data(text.utf8))
                    #expect((decoded.modelVersion, decoded.decision, decoded.confidence) == (version, decision, confidence))
                }
            }
        }
    }

    /// Without a configured bot model the session assesses with the embedded one, and the dex-v1 result is
    /// unchanged by a risk configuration.
    @Test func dexV1IsUnchanged() throws {
        let bytes = try Data(contentsOf: fixtures.appendingPathComponent("examples/sample.json"))
        var plain = ScoringSession()
        var withRisk = ScoringSession(configuration: try Self.configuration())
        guard case .success(var a) = plain.score(bytes, asOf: exampleAsOf),
              case .success(var b) = withRisk.score(bytes, asOf: exampleAsOf) else {
            Issue.record("not scored")
            return
        }
        #expect(a.risk?.botModel == BotModel.embedded.id)
        #expect(b.risk?.botModel == "example-model")
        #expect(b.parametersID != a.parametersID)
        a.risk = nil
        b.risk = nil
        b.parametersID = a.parametersID
        #expect(a == b)
    }

    /// The one-pass reader and the Codable path give the same assessment on the generated corpus, with
    /// list entries taken from the corpus itself (in upper case) so that pools, tokens and wallets match.
    @Test(arguments: [UInt64(1), 2])
    func generatedCorpusOnBothPaths(seed: UInt64) throws {
        let wallets = Array(RealisticWallets(count: 300, seed: seed))
        var entries: [RiskListEntry] = []
        let severities = RiskSeverity.allCases
        for (i, wallet) in wallets.enumerated() where i % 7 == 0 {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(wallet.utf8)) as? [String: Any])
            let address = try #require(object["wallet_address"] as? String)
            entries.append(RiskListEntry(list: "w", kind: .wallet, value: address.uppercased(), severity: severities[i % 4], category: "c"))
            for section in object["data"] as? [[String: Any]] ?? [] {
                for case let tx as [String: Any] in section["transactions"] as? [Any] ?? [] {
                    if let pool = tx["poolId"] as? String, tx.count % 3 == 0 {
                        entries.append(RiskListEntry(list: "p", kind: .pool, value: pool.uppercased(), severity: severities[(i + 1) % 4], category: "c"))
                    }
                    if let token = (tx["tokenIn"] as? [String: Any])?["address"] as? String {
                        entries.append(RiskListEntry(list: "t", kind: .token, value: token.uppercased(), severity: severities[(i + 2) % 4], category: "c"))
                    }
                }
            }
        }
        let model = try BotModel(id: "all", features: BotFeature.allCases, mean: [2, 0, 0.5, 1, 0.5, 0.5, 1],
                                 scale: [1, 0.5, 0.3, 1, 0.3, 0.3, 2], coef: [0.5, -0.4, 0.3, 0.8, 0.6, 0.9, -0.3], intercept: -1)
        let configuration = riskConfiguration(model: model, entries: entries)
        var assessed = 0, flagged = 0
        for wallet in wallets {
            let (fast, codable) = riskOnBothPaths(wallet, configuration)
            #expect(fast == codable)
            if let fast {
                assessed += 1
                if !fast.flags.isEmpty { flagged += 1 }
                #expect(fast.botProbability > 0 && fast.botProbability < 1)
            }
        }
        #expect(assessed == wallets.count)
        #expect(flagged >= wallets.count / 7)
    }
}
