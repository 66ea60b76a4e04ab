import Foundation
import ReputationCore
import ReputationMongo
import TestSupport
import Testing

@Suite(.enabled(if: MongoTestServer.available), .serialized, .timeLimit(.minutes(2)))
struct MongoStoreTests {
    static let tokens = [#"{"symbol": "USDC", "address": "0xa0b8", "stable": true}"#, #"{"symbol": "WETH", "stable": false}"#,
                         #"{"symbol": "GHO", "stable": true}"#]
    static let thresholds = [
        #"{"protocolType": "dexes", "parameter": "lp.volume_full_usd", "value": 20000}"#,
        #"{"protocolType": "dexes", "parameter": "swap.activity_band_hours", "value": [2, 48, 168, 720]}"#,
        #"{"protocolType": "dexes", "metric": "final_score", "percentiles": {"p1": 20.5, "p10": 96.0, "p25": 140.2, "p50": 210.0, "p75": 300.7, "p90": 390.1, "p99": 610.0}}"#,
        #"{"protocolType": "lending", "parameter": "not.ours", "value": "ignored"}"#,
    ]

    func store(_ db: MongoTestDatabase, timeout: Duration = .seconds(10)) throws -> MongoThresholdStore {
        var configuration = MongoConfiguration(url: db.url)
        configuration.tokensCollection = db.tokens
        configuration.thresholdsCollection = db.thresholds
        configuration.riskListsCollection = db.riskLists
        configuration.timeout = timeout
        return try MongoThresholdStore(configuration: configuration)
    }

    /// The same settings from MongoDB and from a JSON file give the same parameters, id and results.
    @Test func sameSettingsAsAJSONFile() async throws {
        let db = try MongoTestDatabase()
        try await db.insert(db.tokens, Self.tokens)
        try await db.insert(db.thresholds, Self.thresholds)
        let fromMongo = try await store(db).load()
        let file = "{\"tokens\": [\(Self.tokens.joined(separator: ","))], \"thresholds\": [\(Self.thresholds.joined(separator: ","))]}"
        let fromFile = try JSONFileThresholds.configuration(from: Data(file.utf8), name: "file")
        #expect(fromMongo == fromFile)
        #expect(fromMongo.parameters.id == fromFile.parameters.id)
        #expect(fromMongo.parameters.lp.volumeFullUSD == 20_000)
        #expect(fromMongo.parameters.stableTokens == ["USDC", "GHO"])
        let sample = try await blocking { try String(contentsOf: fixtures.appendingPathComponent("examples/sample.json"), encoding: .utf8) }
        let a = WalletScorer(configuration: fromMongo).score(json: sample, asOf: 1_704_067_200)
        let b = WalletScorer(configuration: fromFile).score(json: sample, asOf: 1_704_067_200)
        #expect(a.jsonLine(timestamp: 0, processingTimeMs: 0) == b.jsonLine(timestamp: 0, processingTimeMs: 0))
        guard case .success(let score) = a else { Issue.record("not scored"); return }
        let percentile = try #require(score.percentile)
        #expect(percentile > 10 && percentile < 25)   // 134.03 lies between p10 (96.0) and p25 (140.2)
    }

    /// Empty collections are the embedded defaults.
    @Test func emptyCollectionsAreTheDefaults() async throws {
        let configuration = try await store(try MongoTestDatabase()).load()
        #expect(configuration == .defaults)
    }

    @Test func badDocumentsNameTheirIdAndField() async throws {
        let cases: [(String, String)] = [
            (#"{"_id": "bad1", "protocolType": "dexes", "parameter": "lp.unknown", "value": 1}"#,
             #"thresholds document _id "bad1", field parameter: unknown parameter "lp.unknown""#),
            (#"{"_id": "bad2", "protocolType": "dexes", "parameter": "lp.volume_points", "value": "high"}"#,
             #"thresholds document _id "bad2", field value: expected a finite number for lp.volume_points, got "high""#),
            (#"{"_id": "bad3", "protocolType": "dexes", "parameter": "swap.activity_band_points", "value": [1, 2]}"#,
             #"thresholds document _id "bad3", field value: expected an array of 5 numbers for swap.activity_band_points, got 2 values"#),
            (#"{"_id": "bad4", "protocolType": "dexes", "metric": "final_score", "percentiles": {"p10": 90, "p50": 80}}"#,
             #"thresholds document _id "bad4", field percentiles: scores must increase with the percentile: p50 is not above p10"#),
        ]
        for (document, message) in cases {
            let db = try MongoTestDatabase()
            try await db.insert(db.thresholds, [document])
            await #expect(throws: (any Error).self) { try await store(db).load() }
            do {
                _ = try await store(db).load()
            } catch {
                #expect("\(error)" == message)
            }
        }
        let db = try MongoTestDatabase()
        try await db.insert(db.thresholds, [#"{"protocolType": "dexes", "parameter": "weights.nope", "value": 1}"#])
        do {
            _ = try await store(db).load()
            Issue.record("loaded")
        } catch {
            #expect("\(error)".hasPrefix("thresholds document _id ObjectId(\""))
        }
    }

    /// MongoDB down: a retriable error after the bounded wait, never the defaults.
    @Test func unreachableServerFailsAfterTheTimeout() async throws {
        var configuration = MongoConfiguration(url: "mongodb://user:secret@127.0.0.1:1/")
        configuration.timeout = .seconds(1)
        let store = try MongoThresholdStore(configuration: configuration)
        #expect(!store.name.contains("secret"))
        do {
            _ = try await store.load()
            Issue.record("loaded from a server that is not there")
        } catch let error as MongoError {
            #expect(error.isRetriable)
        }
    }

    /// The executables: MongoDB flags give the file's results; MongoDB down stops before scoring.
    @Test func scoreWalletWithMongo() async throws {
        let db = try MongoTestDatabase()
        try await db.insert(db.tokens, Self.tokens)
        try await db.insert(db.thresholds, Self.thresholds)
        let binary = try executable("score-wallet")
        let example = fixtures.appendingPathComponent("examples/sample.json").path
        let mongoFlags = ["--mongo-url", db.url, "--mongo-tokens-collection", db.tokens, "--mongo-thresholds-collection", db.thresholds]
        let exported = try await run(binary, mongoFlags + ["--print-thresholds"])
        #expect(exported.status == 0)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mongo-export-\(UUID().uuidString).json")
        try exported.stdout.write(to: file)
        let viaMongo = try await run(binary, mongoFlags + ["--as-of", "1704067200", example])
        let viaFile = try await run(binary, ["--thresholds", file.path, "--as-of", "1704067200", example])
        #expect(viaMongo.status == 0)
        #expect(viaMongo.lines.map(stable) == viaFile.lines.map(stable))
        #expect(String(decoding: viaMongo.stdout, as: UTF8.self).contains("\"percentile\":"))
        let down = try await run(binary, ["--mongo-url", "mongodb://ops:hunter2@127.0.0.1:1/", "--mongo-timeout", "1", example])
        #expect(down.status == 1)
        #expect(down.stdout.isEmpty)
        #expect(down.stderr.contains("cannot use MongoDB mongodb://ops:***@127.0.0.1:1/"))
        #expect(!down.stderr.contains("hunter2"))
    }
}
