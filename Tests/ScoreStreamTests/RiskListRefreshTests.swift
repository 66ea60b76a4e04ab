import Foundation
import ReputationCore
import TestSupport
import Testing

/// score-stream re-reads the risk configuration with the thresholds (RISK.md §6): a list entry added to
/// MongoDB while the service runs changes `parameters_id` and applies to the next results.
@Suite(.enabled(if: TestBroker.available && MongoTestServer.available), .serialized, .timeLimit(.minutes(5)))
struct RiskListRefreshTests {
    static let model = #"{"protocolType": "dexes", "model": "bot-v1", "id": "refresh-model", "features": ["swap_share"], "mean": [0.5], "scale": [0.5], "coef": [1], "intercept": -2}"#
    static let unrelated = #"{"list": "ofac", "kind": "wallet", "value": "0x0000000000000000000000000000000000000001", "severity": "severe", "category": "sanctions"}"#
    /// The pool of the sample wallet's transactions, upper case (matching folds ASCII case).
    static let samplePool = #"{"list": "mixers", "kind": "pool", "value": "0x88E6A0C2DDD26FEEB64F039A2C41296FCB3F5640", "severity": "high", "category": "mixer"}"#

    @Test func aListEntryAddedToMongoFlagsTheNextResults() async throws {
        let bootstrap = try TestBroker.require()
        let writer = try TopicWriter(bootstrap)
        let topics = try await StreamTopics(writer, partitions: 1)
        let db = try MongoTestDatabase()
        try await db.insert(db.thresholds, [Self.model])
        try await db.insert(db.riskLists, [Self.unrelated])
        let mongoFlags = ["--mongo-url", db.url, "--mongo-tokens-collection", db.tokens, "--mongo-thresholds-collection", db.thresholds,
                          "--mongo-risk-lists-collection", db.riskLists]

        let service = try await StreamProcess.launch(bootstrap, topics, extra: mongoFlags + ["--thresholds-refresh", "1"])
        #expect(await service.waitForHealth(200, "ok"), "\(service.log)")
        let before = try await scoreOne(sampleWallet(), writer, topics, bootstrap: bootstrap)
        let beforeID = try #require(try field(before, "parameters_id") as? String)
        #expect(await service.parametersID() == beforeID, "/api/v1/stats names the id the results carry")
        let unflagged = try await configuration(mongoFlags)
        #expect(unflagged.parametersID == beforeID)
        #expect(try await flags(unflagged).isEmpty)

        try await db.insert(db.riskLists, [Self.samplePool])
        let changed = await eventually(timeout: .seconds(30)) { await service.parametersID().map { $0 != beforeID } ?? false }
        #expect(changed, "\(service.log)")
        let flagged = try await configuration(mongoFlags)
        #expect(await service.parametersID() == flagged.parametersID)
        #expect(try await flags(flagged).map(\.list) == ["mixers"], "the configuration now flags the sample wallet")

        let after = try await scoreOne(sampleWallet(), writer, topics, bootstrap: bootstrap)
        #expect(try field(after, "parameters_id") as? String == flagged.parametersID)
        let offline = try await run(executable("score-wallet"), mongoFlags + ["--as-of", String(asOf), "--format", "lines"],
                                    stdin: Data(sampleWallet().utf8))
        #expect(offline.lines.map(stable) == [stable(after.value)], "the stream scores as score-wallet with the same store")
        service.signal(SIGTERM)
        #expect(await service.exitStatus(within: .seconds(10)) == 0)
    }

    /// The store's configuration as score-wallet exports it (`--print-thresholds`), read back.
    func configuration(_ mongoFlags: [String]) async throws -> ThresholdConfiguration {
        let exported = try await run(executable("score-wallet"), mongoFlags + ["--print-thresholds"])
        #expect(exported.status == 0, "\(exported.stderr)")
        return try JSONFileThresholds.configuration(from: exported.stdout, name: "export")
    }

    /// The risk flags of the sample wallet under `configuration`.
    func flags(_ configuration: ThresholdConfiguration) async throws -> [RiskFlag] {
        let sample = try await sampleWallet()
        guard case .success(let score) = WalletScorer(configuration: configuration).score(json: sample, asOf: asOf) else {
            Issue.record("the sample wallet failed")
            return []
        }
        return try #require(score.risk).flags
    }
}
