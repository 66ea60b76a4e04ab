import Foundation
import ReputationCore
import Testing

/// Risk configuration in threshold stores (RISK.md §6) and `parameters_id`.
@Suite struct RiskConfigurationTests {
    static let model: DocumentValue = .object([
        "model": .string("bot-v1"), "id": .string("m"), "features": .array([.string("swap_share")]),
        "mean": .array([.number(0.5)]), "scale": .array([.number(0.5)]), "coef": .array([.number(2)]), "intercept": .number(-1),
    ])
    static let rule: DocumentValue = .object([
        "protocolType": .string("dexes"), "rule": .string("swappy"), "metric": .string("swap_share"), "op": .string(">"),
        "value": .number(0.9), "outcome": .string("DECLINED"),
    ])
    static let entry: DocumentValue = .object([
        "list": .string("l"), "kind": .string("pool"), "value": .string("0xP"), "severity": .string("high"), "category": .string("c"),
    ])

    func file(_ fields: [String: Any]) throws -> ThresholdConfiguration {
        try JSONFileThresholds.configuration(from: JSONSerialization.data(withJSONObject: fields), name: "test file")
    }

    @Test func withoutRiskConfigurationTheIdIsUnchanged() throws {
        let configuration = try file(["tokens": [], "thresholds": [["protocolType": "dexes", "parameter": "lp.volume_points", "value": 200]]])
        #expect(configuration.risk == .none)
        #expect(configuration.parametersID == configuration.parameters.id)
        #expect(ThresholdConfiguration.defaults.parametersID == ScoringParameters.defaults.id)
        #expect(ScoringSession(configuration: configuration).parametersID == configuration.parameters.id)
    }

    @Test func fileAndDocumentsGiveTheSameConfigurationAndId() throws {
        let fromFile = try file([
            "thresholds": [["protocolType": "dexes", "rule": "swappy", "metric": "swap_share", "op": ">", "value": 0.9, "outcome": "DECLINED"]],
            "bot_model": ["model": "bot-v1", "id": "m", "features": ["swap_share"], "mean": [0.5], "scale": [0.5], "coef": [2], "intercept": -1],
            "risk_lists": [["list": "l", "kind": "pool", "value": "0xP", "severity": "high", "category": "c"]],
        ])
        // A store (MongoDB) keeps the model among the thresholds.
        var modelDocument = Self.model
        if case .object(var fields) = modelDocument { fields["protocolType"] = .string("dexes"); modelDocument = .object(fields) }
        let fromDocuments = try ThresholdConfiguration(tokens: [], thresholds: [Self.rule, modelDocument], riskLists: [Self.entry])
        #expect(fromFile == fromDocuments)
        #expect(fromFile.parametersID == fromDocuments.parametersID)
        #expect(fromFile.risk.rules?.map(\.rule) == ["swappy"])
        #expect(fromFile.risk.botModel?.id == "m")
        #expect(fromFile.risk.lists.entries.count == 1)
    }

    @Test func everyPartOfTheRiskConfigurationChangesTheId() throws {
        let base = try ThresholdConfiguration(tokens: [], thresholds: [Self.rule], botModel: Self.model, riskLists: [Self.entry])
        var ids = [ThresholdConfiguration.defaults.parametersID, base.parametersID]
        ids.append(try ThresholdConfiguration(tokens: [], thresholds: [], botModel: Self.model, riskLists: [Self.entry]).parametersID)
        ids.append(try ThresholdConfiguration(tokens: [], thresholds: [Self.rule], riskLists: [Self.entry]).parametersID)
        ids.append(try ThresholdConfiguration(tokens: [], thresholds: [Self.rule], botModel: Self.model).parametersID)
        var other = base
        other.risk.lists = RiskLists(entries: [RiskListEntry(list: "l", kind: .pool, value: "0xP", severity: .severe, category: "c")])
        ids.append(other.parametersID)
        other = base
        other.parameters.lp.volumePoints = 301
        ids.append(other.parametersID)
        #expect(Set(ids).count == ids.count, "\(ids)")
        // Equal configuration, equal id; a duplicate list entry changes nothing.
        let again = try ThresholdConfiguration(tokens: [], thresholds: [Self.rule], botModel: Self.model,
                                               riskLists: [Self.entry, Self.entry])
        #expect(again.parametersID == base.parametersID)
    }

    @Test func fileMembersLoadBackToAnEqualConfiguration() throws {
        let configuration = try ThresholdConfiguration(tokens: [], thresholds: [Self.rule], botModel: Self.model,
                                                       riskLists: [Self.entry])
        let members = configuration.risk.fileMembers
        #expect(members.thresholds.count == 1 && members.botModel != nil && members.riskLists.count == 1)
        let again = try ThresholdConfiguration(tokens: [], thresholds: members.thresholds, botModel: members.botModel,
                                               riskLists: members.riskLists)
        #expect(again == configuration)
        #expect(again.parametersID == configuration.parametersID)
        let none = RiskConfiguration.none.fileMembers
        #expect(none.thresholds.isEmpty && none.botModel == nil && none.riskLists.isEmpty)
    }

    @Test func ruleDocumentsDoNotDisturbThePercentileTable() throws {
        let table: DocumentValue = .object(["protocolType": .string("dexes"), "metric": .string("final_score"),
                                            "percentiles": .object(["p0": .number(0), "p100": .number(900)])])
        let configuration = try ThresholdConfiguration(tokens: [], thresholds: [Self.rule, table, Self.rule])
        #expect(configuration.percentiles != nil)
        #expect(configuration.risk.rules?.count == 2)
    }

    @Test func errorsNameTheDocumentAndTheField() {
        func error(thresholds: [DocumentValue] = [], botModel: DocumentValue? = nil, riskLists: [DocumentValue] = []) -> String? {
            do { _ = try ThresholdConfiguration(tokens: [], thresholds: thresholds, botModel: botModel, riskLists: riskLists); return nil }
            catch { return error.description }
        }
        var badRule = Self.rule
        if case .object(var fields) = badRule { fields["metric"] = .string("nope"); fields["_id"] = .string("r7"); badRule = .object(fields) }
        #expect(error(thresholds: [badRule]) == "thresholds document _id \"r7\", field metric: rule \"swappy\": unknown metric \"nope\"")
        var badModel = Self.model
        if case .object(var fields) = badModel { fields["scale"] = .array([.number(0)]); badModel = .object(fields) }
        #expect(error(botModel: badModel) == "bot_model, field scale[0]: expected a number > 0, got 0.0")
        var modelDocument = Self.model
        if case .object(var fields) = modelDocument { fields["protocolType"] = .string("dexes"); modelDocument = .object(fields) }
        #expect(error(thresholds: [modelDocument], botModel: Self.model)?.contains("a second bot model") == true)
        var badEntry = Self.entry
        if case .object(var fields) = badEntry { fields["severity"] = .string("critical"); badEntry = .object(fields) }
        #expect(error(riskLists: [Self.entry, badEntry]) == "risk-lists[1] (no _id), field severity: expected low, medium, high or severe, got \"critical\"")
    }

    /// A session assesses with the configured rules and model; without them, the embedded ones.
    @Test func sessionUsesTheConfiguredRules() throws {
        let configuration = try ThresholdConfiguration(tokens: [], thresholds: [Self.rule], botModel: Self.model)
        #expect(ScoringSession(configuration: configuration).risk?.rules.map(\.rule) == ["swappy"])
        #expect(ScoringSession(configuration: configuration).risk?.model.id == "m")
        let embedded = try ThresholdConfiguration(tokens: [], thresholds: [], botModel: Self.model)
        #expect(ScoringSession(configuration: embedded).risk?.rules == RiskRule.embedded)
        #expect(ScoringSession(configuration: .defaults).risk == RiskEvaluator(model: .embedded, rules: RiskRule.embedded))
        #expect(ScoringSession(configuration: .defaults, assessingRisk: false).risk == nil)
    }
}

/// `--print-thresholds`' document: the risk configuration is exported with the parameters.
@Suite struct RiskExportTests {
    @Test func theThresholdsFileCarriesRulesModelAndLists() throws {
        let configuration = try ThresholdConfiguration(tokens: [], thresholds: [RiskConfigurationTests.rule], botModel: RiskConfigurationTests.model,
                                                       riskLists: [RiskConfigurationTests.entry])
        let file = configuration.thresholdsFile
        #expect(file["bot_model"] != nil)
        #expect(file["risk_lists"] == .array([RiskConfigurationTests.entry]))
        let again = try JSONFileThresholds.configuration(from: JSONEncoder().encode(file), name: "export")
        #expect(again == configuration)
        #expect(again.parametersID == configuration.parametersID)
        let plain = ThresholdConfiguration.defaults.thresholdsFile
        #expect(plain["bot_model"] == nil && plain["risk_lists"] == nil, "nothing configured, nothing written")
    }
}

/// A thresholds file's `risk_lists`: valid entries read fast, a bad one named by its position and field.
@Suite struct RiskListFileTests {
    func load(_ entries: String) throws -> ThresholdConfiguration {
        try JSONFileThresholds.configuration(from: Data("{\"risk_lists\": [\(entries)]}".utf8), name: "file")
    }

    static let good = #"{"list": "l", "kind": "token", "value": "0xAB", "severity": "medium", "category": "c", "note": 1}"#

    @Test func entriesLoadInFileOrder() throws {
        let configuration = try load(Self.good + #", {"list": "l", "kind": "wallet", "value": "0xCD", "severity": "severe", "category": ""}"#)
        #expect(configuration.risk.lists.entries == [
            RiskListEntry(list: "l", kind: .token, value: "0xAB", severity: .medium, category: "c"),
            RiskListEntry(list: "l", kind: .wallet, value: "0xCD", severity: .severe, category: ""),
        ])
    }

    @Test func aBadEntryIsNamedByItsPositionAndField() {
        let cases = [
            (#"{"list": "l", "kind": "token", "value": 5, "severity": "low", "category": "c"}"#, "risk-lists[1] (no _id), field value: expected a string, got 5.0"),
            (#"{"list": "l", "kind": "coin", "value": "0x1", "severity": "low", "category": "c"}"#,
             #"risk-lists[1] (no _id), field kind: expected wallet, pool or token, got "coin""#),
            (#"{"_id": "x", "list": "l", "kind": "pool", "value": "0x1", "severity": "low"}"#, #"risk-lists document _id "x", field category: expected a string, got nothing"#),
            (#""0x1""#, #"risk-lists[1] (no _id): expected a document, got "0x1""#),
        ]
        for (bad, message) in cases {
            #expect(throws: (any Error).self) { try load(Self.good + ", " + bad) }
            do { _ = try load(Self.good + ", " + bad) } catch { #expect("\(error)" == message) }
        }
    }
}
