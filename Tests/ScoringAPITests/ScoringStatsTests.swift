import Foundation
import ReputationCore
@testable import ScoringAPI
import Testing
import WalletCorpus

/// score-server's counts (``ScoringStats``) and what its dashboard is told (``ServerDashboardSource``), on
/// their own: every recorded wallet is in the totals, the failures by code, the quantiles and the live state.
@Suite(.timeLimit(.minutes(1)))
struct ScoringStatsTests {
    struct Fixed: ThresholdSource {
        var version: Int { 0 }
        var configuration: ThresholdConfiguration { .defaults }
    }

    static func outcomes() -> [ScoringOutcome] {
        let scorer = WalletScorer()
        let wallets = RealisticWallets(count: 6, seed: 3).map { scorer.score(Data($0.utf8), asOf: 1_704_067_200) }
        let bad = ["not json", "{\"wallet_address\":\"0xbad\",\"data\":\"not a list\"}"].map { scorer.score(Data($0.utf8), asOf: 0) }
        return wallets + bad
    }

    @Test func singleAndBatchRecordsAllCount() throws {
        let stats = ScoringStats()
        let outcomes = Self.outcomes()
        for outcome in outcomes.prefix(3) { stats.record(outcome, nanoseconds: 20_000) }
        let batch = Array(outcomes.dropFirst(3))
        stats.record(batch.map { ScoringStats.Entry($0, nanoseconds: 40_000) }, latest: batch.suffix(2).map(ResultDigest.init))
        let document = stats.document(parametersID: "p", resultsStore: nil)

        let failures = outcomes.filter { $0.errorCode != nil }
        #expect(document.totalProcessed == outcomes.count)
        #expect(document.failedProcessed == failures.count && failures.count == 2)
        #expect(document.successfulProcessed == outcomes.count - 2)
        #expect(document.failuresByCode == Dictionary(grouping: failures, by: { $0.errorCode!.rawValue }).mapValues(\.count))
        #expect(document.decisions.keys.sorted() == ["APPROVED", "DECLINED", "REVIEW"])
        let average = (3 * 20_000.0 + Double(outcomes.count - 3) * 40_000) / Double(outcomes.count) / 1e6
        #expect(abs(document.averageProcessingTimeMs - average) < 1e-9)
        #expect(document.processingTimeMs == .init(p50: 0.04, p99: 0.04))
        #expect(document.lastProcessedTimestamp != nil)
        #expect(document.parametersId == "p" && document.resultsStore == nil)

        let live = stats.dashboard.document()
        // The recent results are those given: each single one, and the batch's latest.
        let recent = try #require(live["recent"] as? [[String: Any]])
        #expect(recent.count == 3 + 2)
        #expect(recent.first?["outcome"] as? String == "failure" && recent.first?["error_code"] as? String == batch.last?.errorCode?.rawValue)
        let scores = try #require((live["final_score"] as? [String: Any])?["counts"] as? [Int])
        #expect(scores.reduce(0, +) == outcomes.count - 2, "every success is in the histogram, not only the recent ones")
        let buckets = try #require((live["throughput"] as? [String: Any])?["buckets"] as? [[String: Any]])
        #expect(buckets.reduce(0) { $0 + ($1["failed"] as? Int ?? 0) } == 2)
        #expect(buckets.reduce(0) { $0 + ($1["succeeded"] as? Int ?? 0) } == outcomes.count - 2)
    }

    @Test func nothingRecordedHasNoQuantilesAndNoLastTimestamp() throws {
        let document = ScoringStats().document(parametersID: "p", resultsStore: "memory")
        #expect(document.totalProcessed == 0 && document.averageProcessingTimeMs == 0)
        #expect(document.processingTimeMs == nil && document.lastProcessedTimestamp == nil)
        #expect(document.decisions == ["APPROVED": 0, "REVIEW": 0, "DECLINED": 0])
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(document)) as? [String: Any]
        #expect(json?["results_store"] as? String == "memory")
        #expect(json?["total_processed"] as? Int == 0)
    }

    /// The dashboard is told the threshold refresh's problem until a refresh succeeds, health as
    /// `/api/v1/health` answers it, and a stats document without Kafka's partitions (the page shows "not
    /// applicable" for them).
    @Test func theServerSourceTellsTheDashboardWhatScoreServerKnows() throws {
        let stats = ScoringStats()
        let shutdown = ShutdownState()
        let source = ServerDashboardSource(stats: stats, thresholds: Fixed(), shutdown: shutdown, resultsStore: nil)
        stats.record(Self.outcomes()[0], nanoseconds: 1000)
        #expect(source.parametersID == ThresholdConfiguration.defaults.parametersID)
        #expect(source.statsDocument()["total_processed"] as? Int == 1)
        #expect(source.statsDocument()["partitions"] == nil)
        #expect(source.dashboardHealth() == DashboardHealth(code: 200, status: "ok"))
        stats.thresholdsRefreshFailed("cannot reach the store")
        #expect(source.thresholdsProblem == "cannot reach the store")
        stats.thresholdsRefreshed()
        #expect(source.thresholdsProblem == nil)
        shutdown.begin()
        #expect(source.dashboardHealth().code == 503 && source.dashboardHealth().status == "shutting_down")
        let document = DashboardRoutes.document(source: source, thresholds: .init(store: "embedded defaults"), results: nil)
        #expect((document["stats"] as? [String: Any])?["total_processed"] as? Int == 1)
        #expect((document["health"] as? [String: Any])?["status"] as? String == "shutting_down")
        #expect(document["results_store"] is NSNull)
        _ = try JSONSerialization.data(withJSONObject: document)
    }
}
