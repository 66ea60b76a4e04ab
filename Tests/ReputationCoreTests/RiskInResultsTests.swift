import Foundation
import ReputationCore
import Testing
import WalletCorpus

/// risk-v1 is on by default: every success result carries `risk` after `categories` (RISK.md §5), failures
/// none, and the `dex-v1` part of a result is the same with or without it.
@Suite struct RiskInResultsTests {
    static let names = ["sample", "lpwhale", "trader", "nodex"]

    static func example(_ name: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: fixtures.appendingPathComponent("examples/\(name).json")))
    }

    /// The line without its `risk` member (the last member of a success result), as it was before risk-v1.
    static func withoutRisk(_ line: String) -> String {
        guard let member = line.range(of: ",\"risk\":{\"model_version\":", options: .backwards) else { return line }
        return String(line[..<member.lowerBound]) + "}"
    }

    @Test func everySuccessCarriesRiskWithTheEmbeddedModelByDefault() throws {
        var session = ScoringSession()
        for name in Self.names {
            let outcome = session.score(try Self.example(name), asOf: exampleAsOf)
            let text = line(outcome)
            guard case .success(let score) = outcome else {
                #expect(!text.contains("\"risk\""), "\(name): a failure carries no risk")
                continue
            }
            let risk = try #require(score.risk, "\(name)")
            #expect(risk.botModel == BotModel.embedded.id)
            // After categories, last, exactly the wire format of RiskWriter.
            #expect(text.hasSuffix("}]," + "\"risk\":" + RiskWriter.json(risk) + "}"), "\(name): \(text)")
            #expect(try json(text)["risk"] is [String: Any])
        }
        // WalletScorer, the one-off API, too.
        let text = line(WalletScorer().score(try Self.example("trader"), asOf: exampleAsOf))
        #expect(text.contains(",\"risk\":{\"model_version\":\"risk-v1\","))
    }

    /// The result minus `risk` is byte for byte the result of a session without the risk layer, on the
    /// examples and on generated wallets, with the default configuration and with a risk configuration.
    @Test(arguments: [false, true])
    func dexV1PartIsUnchanged(configured: Bool) throws {
        let configuration = configured ? try RiskGoldenTests.configuration() : .defaults
        var withRisk = ScoringSession(configuration: configuration)
        var withoutRisk = ScoringSession(configuration: configuration, assessingRisk: false)
        #expect(withoutRisk.risk == nil && withRisk.risk != nil)
        let messages = try Self.names.map(Self.example) + RealisticWallets(count: 300, seed: 5).map { Array($0.utf8) }
        var assessed = 0
        for bytes in messages {
            let a = line(withRisk.score(bytes, asOf: exampleAsOf)), b = line(withoutRisk.score(bytes, asOf: exampleAsOf))
            #expect(!b.contains("\"risk\""))
            if a.contains("\"risk\"") { assessed += 1 }
            #expect(Self.withoutRisk(a) == b)
        }
        #expect(assessed == messages.count - 1)   // all but nodex
    }

    /// `SuccessResult` reads `risk` back: the same assessment (rule values compared as numbers, since JSON
    /// does not say whether `1.0` was whole).
    @Test func successResultDecodesRisk() throws {
        var session = ScoringSession(configuration: try RiskGoldenTests.configuration())
        var decoded = 0
        for bytes in try Self.names.map(Self.example) + RealisticWallets(count: 200, seed: 6).map({ Array($0.utf8) }) {
            guard case .success(let score) = session.score(bytes, asOf: exampleAsOf), let risk = score.risk else { continue }
            let result = try JSONDecoder().decode(SuccessResult.self, from: Data(line(.success(score)).utf8))
            let read = try #require(result.risk)
            #expect(read.modelVersion == "risk-v1")
            #expect(read.decision == risk.decision && read.confidence == risk.confidence)
            #expect(read.riskScore == risk.riskScore && read.botProbability == risk.botProbability)
            #expect(read.botModel == risk.botModel && read.botReasons == risk.botReasons)
            #expect(read.features == risk.features && read.flags == risk.flags)
            #expect(read.reasons.map { [$0.threshold.value, $0.value.value] } == risk.reasons.map { [$0.threshold.value, $0.value.value] })
            #expect(read.reasons.map(\.rule) == risk.reasons.map(\.rule))
            decoded += 1
        }
        #expect(decoded == 203)
        var plain = ScoringSession(configuration: .defaults, assessingRisk: false)
        let noRisk = try JSONDecoder().decode(SuccessResult.self, from: Data(line(plain.score(try Self.example("sample"), asOf: exampleAsOf)).utf8))
        #expect(noRisk.risk == nil)
    }
}

/// `parameters_id` and the embedded bot model (RISK.md §6: equal configuration, equal id).
@Suite struct EmbeddedModelParametersTests {
    static let entry = RiskListEntry(list: "l", kind: .pool, value: "0xP", severity: .high, category: "c")

    func id(rules: [RiskRule]? = nil, model: BotModel? = nil, entries: [RiskListEntry] = []) -> String {
        var configuration = ThresholdConfiguration()
        configuration.risk = RiskConfiguration(rules: rules, botModel: model, lists: RiskLists(entries: entries))
        return configuration.parametersID
    }

    @Test func theEmbeddedModelCountsByValue() throws {
        // Configuring exactly the embedded rules and model is the default configuration: the dex-v1 id.
        #expect(id(rules: RiskRule.embedded, model: .embedded) == ScoringParameters.defaults.id)
        #expect(id(model: .embedded) == ScoringParameters.defaults.id)
        // With lists, naming the embedded model or not is the same configuration.
        #expect(id(entries: [Self.entry]) == id(model: .embedded, entries: [Self.entry]))
        #expect(id(entries: [Self.entry]) != ScoringParameters.defaults.id)
        // Another model (other numbers under the same id included) is another configuration.
        let embedded = BotModel.embedded
        let other = try BotModel(id: embedded.id, features: embedded.features, mean: embedded.mean, scale: embedded.scale,
                                 coef: embedded.coef, intercept: embedded.intercept + 0.5)
        #expect(id(model: other) != ScoringParameters.defaults.id)
        #expect(id(model: other, entries: [Self.entry]) != id(entries: [Self.entry]))
        #expect(ScoringSession(configuration: .defaults).risk?.model == .embedded)
    }
}
