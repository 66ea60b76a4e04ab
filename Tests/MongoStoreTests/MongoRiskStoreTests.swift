import Foundation
import ReputationCore
import ReputationMongo
import TestSupport
import Testing

/// The risk configuration in MongoDB (RISK.md §6): rule documents in ascending `_id` order and the bot
/// model in the thresholds collection, entries in the risk-lists collection.
@Suite(.enabled(if: MongoTestServer.available), .serialized, .timeLimit(.minutes(2)))
struct MongoRiskStoreTests {
    /// Inserted out of `_id` order: "r2" first.
    static let rules = [
        #"{"_id": "r2", "protocolType": "dexes", "rule": "second", "metric": "swap_share", "op": ">", "value": 0.9, "outcome": "DECLINED"}"#,
        #"{"_id": "r1", "protocolType": "dexes", "rule": "first", "metric": "bot_probability", "op": ">=", "value": 0.5, "outcome": "REVIEW"}"#,
    ]
    static let model = #"{"protocolType": "dexes", "model": "bot-v1", "id": "mongo-model", "features": ["swap_share", "log_tx_count"], "mean": [0.5, 1.25], "scale": [0.5, 2], "coef": [2, -0.75], "intercept": -1, "trained": {"rows": 10, "positives": 2, "c": 1, "auc": 0.9, "source": "test"}}"#
    static let parameter = #"{"protocolType": "dexes", "parameter": "lp.volume_full_usd", "value": 20000}"#
    /// `_id` "e2" holds the severe duplicate of "e9"'s pool: in `_id` order it comes first and wins.
    static let entries = [
        #"{"_id": "e9", "list": "pools", "kind": "pool", "value": "0xPOOL", "severity": "low", "category": "mixer"}"#,
        #"{"_id": "e1", "list": "ofac", "kind": "wallet", "value": "0xAbC", "severity": "severe", "category": "sanctions"}"#,
        #"{"_id": "e2", "list": "pools", "kind": "pool", "value": "0xpool", "severity": "severe", "category": "mixer"}"#,
        #"{"_id": "e3", "list": "tokens", "kind": "token", "value": "0xT", "severity": "medium", "category": "scam", "note": "extra fields are ignored"}"#,
    ]

    func store(_ db: MongoTestDatabase) throws -> MongoThresholdStore {
        var configuration = MongoConfiguration(url: db.url)
        configuration.tokensCollection = db.tokens
        configuration.thresholdsCollection = db.thresholds
        configuration.riskListsCollection = db.riskLists
        return try MongoThresholdStore(configuration: configuration)
    }

    /// The same documents as a thresholds file, in `_id` order (the file's order is its own).
    static var equivalentFile: String {
        func strip(_ json: String) -> String { json.replacingOccurrences(of: #"^\{"_id": "[a-z0-9]+", "#, with: "{", options: .regularExpression) }
        let model = model.replacingOccurrences(of: #""protocolType": "dexes", "#, with: "")
        let sortedEntries = [entries[1], entries[2], entries[3], entries[0]].map(strip)
        return "{\"thresholds\": [\(parameter), \(strip(rules[1])), \(strip(rules[0]))], \"bot_model\": \(model), "
            + "\"risk_lists\": [\(sortedEntries.joined(separator: ","))]}"
    }

    @Test func rulesModelAndListsEqualTheFile() async throws {
        let db = try MongoTestDatabase()
        try await db.insert(db.thresholds, Self.rules + [Self.parameter, Self.model])
        try await db.insert(db.riskLists, Self.entries)
        let fromMongo = try await store(db).load()

        #expect(fromMongo.risk.rules?.map(\.rule) == ["first", "second"], "rules in ascending _id order")
        let model = try #require(fromMongo.risk.botModel)
        #expect(model.id == "mongo-model" && model.features == [.swapShare, .logTxCount])
        #expect(model.coef == [2, -0.75] && model.intercept == -1 && model.trained?.rows == 10)
        #expect(fromMongo.risk.lists.entries.map(\.value) == ["0xAbC", "0xpool", "0xT"], "e9 is a duplicate of e2, which comes first")
        #expect(fromMongo.risk.lists.entries[1].severity == .severe)
        #expect(fromMongo.risk.lists.duplicatesDropped == 1)
        #expect(fromMongo.parameters.lp.volumeFullUSD == 20_000)

        let fromFile = try JSONFileThresholds.configuration(from: Data(Self.equivalentFile.utf8), name: "file")
        #expect(fromMongo == fromFile)
        #expect(fromMongo.parametersID == fromFile.parametersID)
        #expect(fromMongo.parametersID != fromMongo.parameters.id)
    }

    /// Entries without an `_id` order (ObjectIds) load in insertion order, and an empty collection is no list.
    @Test func objectIDsAndAnEmptyCollection() async throws {
        let db = try MongoTestDatabase()
        let values = (0..<50).map { "0x\(String($0, radix: 16))" }
        try await db.insert(db.riskLists, values.map { #"{"list": "l", "kind": "wallet", "value": "\#($0)", "severity": "high", "category": "c"}"# })
        let configuration = try await store(db).load()
        #expect(configuration.risk.lists.entries.map(\.value) == values)
        #expect(configuration.risk.rules == nil && configuration.risk.botModel == nil)
        let empty = try await store(try MongoTestDatabase()).load()
        #expect(empty.risk == .none && empty.parametersID == ScoringParameters.defaults.id)
    }

    @Test func badRiskDocumentsNameTheirIdAndField() async throws {
        let cases: [(thresholds: [String], lists: [String], message: String)] = [
            ([#"{"_id": "r1", "protocolType": "dexes", "rule": "x", "metric": "nope", "op": ">", "value": 1, "outcome": "REVIEW"}"#], [],
             #"thresholds document _id "r1", field metric: rule "x": unknown metric "nope""#),
            ([#"{"_id": "r2", "protocolType": "dexes", "rule": "x", "metric": "swap_share", "op": "!=", "value": 1, "outcome": "REVIEW"}"#], [],
             #"thresholds document _id "r2", field op: rule "x": unknown op "!="; expected one of >, >=, <, <=, =="#),
            ([#"{"_id": "r3", "protocolType": "dexes", "rule": "x", "metric": "swap_share", "op": ">", "value": 1, "outcome": "BLOCK"}"#], [],
             #"thresholds document _id "r3", field outcome: rule "x": unknown outcome "BLOCK"; expected REVIEW or DECLINED"#),
            ([#"{"_id": "r4", "protocolType": "dexes", "rule": "x", "metric": "swap_share", "op": ">", "value": "1", "outcome": "REVIEW"}"#], [],
             #"thresholds document _id "r4", field value: rule "x": expected a finite number, got "1""#),
            ([#"{"_id": "m1", "protocolType": "dexes", "model": "bot-v1", "id": "m", "features": ["swap_share"], "mean": [0], "scale": [0], "coef": [1], "intercept": 0}"#], [],
             #"thresholds document _id "m1", field scale[0]: expected a number > 0, got 0.0"#),
            ([#"{"_id": "m2", "protocolType": "dexes", "model": "bot-v1", "id": "m", "features": ["swap_share"], "mean": [0], "scale": [1], "coef": [1], "intercept": 0}"#,
              #"{"_id": "m3", "protocolType": "dexes", "model": "bot-v1", "id": "n", "features": ["swap_share"], "mean": [0], "scale": [1], "coef": [1], "intercept": 0}"#], [],
             #"thresholds document _id "m3", field model: a second bot model (the first is thresholds document _id "m2")"#),
            ([], [#"{"_id": "e1", "list": "l", "kind": "wallet", "value": "0x1", "severity": "critical", "category": "c"}"#],
             #"risk-lists document _id "e1", field severity: expected low, medium, high or severe, got "critical""#),
            ([], [#"{"_id": "e2", "list": "l", "kind": "contract", "value": "0x1", "severity": "low", "category": "c"}"#],
             #"risk-lists document _id "e2", field kind: expected wallet, pool or token, got "contract""#),
            ([], [#"{"_id": "e3", "list": "l", "kind": "wallet", "value": 42, "severity": "low", "category": "c"}"#],
             #"risk-lists document _id "e3", field value: expected a string, got 42.0"#),
            ([], [#"{"_id": "e4", "list": "l", "kind": "wallet", "value": "0x1", "severity": "low"}"#],
             #"risk-lists document _id "e4", field category: expected a string, got nothing"#),
            ([], [#"{"_id": "e5", "list": "", "kind": "wallet", "value": "0x1", "severity": "low", "category": "c"}"#],
             #"risk-lists document _id "e5", field list: expected a non-empty list name"#),
            ([], [#"{"_id": "e6", "list": "l", "kind": "wallet", "value": "0x1", "severity": "low", "category": "c"}"#,
                  #"{"_id": 7, "list": "l", "kind": "pool", "value": "", "severity": "low", "category": "c"}"#],
             #"risk-lists document _id 7.0, field value: expected a non-empty value"#),
        ]
        for (thresholds, lists, message) in cases {
            let db = try MongoTestDatabase()
            try await db.insert(db.thresholds, thresholds)
            try await db.insert(db.riskLists, lists)
            do {
                _ = try await store(db).load()
                Issue.record("loaded: \(message)")
            } catch {
                #expect("\(error)" == message)
            }
        }
        let db = try MongoTestDatabase()
        try await db.insert(db.riskLists, [#"{"list": "l", "kind": "wallet", "value": "0x1", "severity": "bad", "category": "c"}"#])
        do {
            _ = try await store(db).load()
            Issue.record("loaded")
        } catch {
            #expect("\(error)".hasPrefix("risk-lists document _id ObjectId(\""), "\(error)")
            #expect("\(error)".hasSuffix("field severity: expected low, medium, high or severe, got \"bad\""), "\(error)")
        }
    }

    /// `--mongo-risk-lists-collection` reaches the store, and `--print-thresholds` exports the rules, model and
    /// lists: the exported file has the same `parameters_id` and scores the same.
    @Test func scoreWalletExportsTheRiskConfiguration() async throws {
        let db = try MongoTestDatabase()
        try await db.insert(db.thresholds, Self.rules + [Self.parameter, Self.model])
        try await db.insert(db.riskLists, Self.entries)
        let binary = try executable("score-wallet")
        let example = fixtures.appendingPathComponent("examples/sample.json").path
        let mongoFlags = ["--mongo-url", db.url, "--mongo-tokens-collection", db.tokens, "--mongo-thresholds-collection", db.thresholds,
                          "--mongo-risk-lists-collection", db.riskLists]
        let exported = try await run(binary, mongoFlags + ["--print-thresholds"])
        #expect(exported.status == 0, "\(exported.stderr)")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mongo-risk-export-\(UUID().uuidString).json")
        defer { removeOrWarn(file) }
        try exported.stdout.write(to: file)
        let reloaded = try JSONFileThresholds(path: file.path).loadNow()
        let expected = try JSONFileThresholds.configuration(from: Data(Self.equivalentFile.utf8), name: "file")
        #expect(reloaded.risk == expected.risk)
        #expect(reloaded.parametersID == expected.parametersID)

        let viaMongo = try await run(binary, mongoFlags + ["--as-of", "1704067200", example])
        let viaFile = try await run(binary, ["--thresholds", file.path, "--as-of", "1704067200", example])
        #expect(viaMongo.status == 0 && viaFile.status == 0)
        #expect(viaMongo.lines.map(stable) == viaFile.lines.map(stable))
        #expect(viaMongo.lines.first?.contains("\"parameters_id\":\"\(expected.parametersID)\"") == true, "\(viaMongo.lines)")
    }

    /// The collections from `MONGODB_*` variables, `MONGODB_RISK_LISTS_COLLECTION` included.
    @Test func theRiskListsCollectionFromTheEnvironment() async throws {
        let db = try MongoTestDatabase()
        try await db.insert(db.riskLists, Self.entries)
        var environment = ProcessInfo.processInfo.environment
        environment["MONGODB_URL"] = db.url
        environment["MONGODB_THRESHOLDS_COLLECTION"] = db.thresholds
        environment["MONGODB_RISK_LISTS_COLLECTION"] = db.riskLists
        let exported = try await run(executable("score-wallet"), ["--print-thresholds"], environment: environment)
        #expect(exported.status == 0, "\(exported.stderr)")
        let file = try JSONFileThresholds.configuration(from: exported.stdout, name: "export")
        #expect(file.risk.lists.entries.map(\.value) == ["0xAbC", "0xpool", "0xT"])
    }
}
