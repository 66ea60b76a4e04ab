import Foundation
import ReputationCore
@testable import ScoringAPI
import Testing

/// The dashboard's state types on their own: the ring-buffer series, the recent results, the
/// distributions, and the document `/api/v1/dashboard` is made of.
@Suite(.timeLimit(.minutes(1)))
struct DashboardStateTests {
    @Test func aSeriesCountsPerBucketOldestFirst() {
        var series = LiveSeries(bucketSeconds: 10, bucketCount: 3, empty: 0)
        series.update(at: 100) { $0 += 1 }
        series.update(at: 109) { $0 += 1 }
        series.update(at: 110) { $0 += 5 }
        let window = series.window(endingAt: 115)
        #expect(window.map(\.start) == [90, 100, 110])
        #expect(window.map(\.bucket) == [0, 2, 5])
    }

    /// A slot is reused once its bucket leaves the window: nothing of the old bucket shows, and a late
    /// value for a bucket already gone is dropped rather than added to the newer one.
    @Test func aSeriesForgetsBucketsThatLeftTheWindow() {
        var series = LiveSeries(bucketSeconds: 10, bucketCount: 3, empty: 0)
        series.update(at: 100) { $0 += 7 }
        series.update(at: 130) { $0 += 1 }   // same slot as 100, three buckets later
        series.update(at: 101) { $0 += 100 }   // late: its bucket has left the window
        #expect(series.window(endingAt: 130).map(\.bucket) == [0, 0, 1])
        // Long after: everything is empty, without any update.
        #expect(series.window(endingAt: 10_000).map(\.bucket) == [0, 0, 0])
    }

    @Test func aSeriesHandlesTimesBeforeZero() {
        var series = LiveSeries(bucketSeconds: 10, bucketCount: 2, empty: 0)
        series.update(at: -1) { $0 += 1 }
        #expect(series.bucketStart(-1) == -10)
        #expect(series.window(endingAt: 0).map(\.bucket) == [1, 0])
    }

    @Test func recentResultsKeepTheLastNewestFirst() {
        var recent = RecentResults<Int>(capacity: 3)
        recent.append(1)
        recent.append(2)
        #expect(recent.newestFirst == [2, 1])
        for i in 3...7 { recent.append(i) }
        #expect(recent.newestFirst == [7, 6, 5])
    }

    @Test func aDistributionCountsEveryValueInABin() {
        var distribution = Distribution(lower: 0, upper: 1, bins: 4)
        for value in [-0.5, 0, 0.24, 0.25, 0.5, 0.99, 1, 7, .nan] { distribution.record(value) }
        #expect(distribution.counts == [3, 1, 1, 3])
        #expect(distribution.edges == [0, 0.25, 0.5, 0.75])
        #expect(distribution.total == 8)
    }

    /// What the pipeline records shows in the document: per-bucket outcomes and decisions, the
    /// distributions, the last 50 results newest first, long addresses shortened.
    @Test func theDocumentShowsWhatWasRecorded() throws {
        let state = DashboardState()
        let now = 1_700_000_005.0
        state.record(ResultDigest(walletAddress: "0xa", succeeded: true, finalScore: 120, decision: .approved, botProbability: 0.1), at: now - 20)
        state.record(ResultDigest(walletAddress: "0xb", succeeded: true, finalScore: 950, decision: .declined, botProbability: 0.97,
                                  reasons: ["bot-likely"]), at: now)
        state.record(ResultDigest(walletAddress: String(repeating: "c", count: 500), succeeded: false, reasons: ["data: expected array"],
                                  errorCode: "invalid_field"), at: now)
        let document = state.document(at: now)

        let throughput = try #require(document["throughput"] as? [String: Any])
        let buckets = try #require(throughput["buckets"] as? [[String: Any]])
        #expect(buckets.count == DashboardState.bucketCount)
        #expect(buckets.last?["succeeded"] as? Int == 1)
        #expect(buckets.last?["failed"] as? Int == 1)
        #expect(buckets.last?["DECLINED"] as? Int == 1)
        #expect(buckets.last?["per_second"] as? Double == 2.0 / 6)   // 6 seconds of the current bucket so far
        #expect(buckets[buckets.count - 3]["APPROVED"] as? Int == 1)
        #expect(buckets.reduce(0) { $0 + ($1["succeeded"] as! Int) + ($1["failed"] as! Int) } == 3)

        let scores = try #require(document["final_score"] as? [String: Any])
        let scoreCounts = try #require(scores["counts"] as? [Int])
        #expect(scoreCounts[2] == 1 && scoreCounts[19] == 1 && scoreCounts.reduce(0, +) == 2)
        let bots = try #require((document["bot_probability"] as? [String: Any])?["counts"] as? [Int])
        #expect(bots[2] == 1 && bots[19] == 1)
        #expect(document["risk_assessed"] as? Int == 2)

        let recent = try #require(document["recent"] as? [[String: Any]])
        #expect(recent.count == 3)
        #expect((recent[0]["wallet_address"] as? String)?.count == 121)
        #expect(recent[0]["error_code"] as? String == "invalid_field")
        #expect(recent[1]["decision"] as? String == "DECLINED")
        #expect(recent[1]["reasons"] as? [String] == ["bot-likely"])
        #expect(recent[2]["wallet_address"] as? String == "0xa")
        _ = try JSONSerialization.data(withJSONObject: document)
    }

    /// Results recorded together are all counted; of their digests only the last 50 are kept.
    @Test func resultsRecordedTogetherAreAllCounted() throws {
        let state = DashboardState()
        let counts = (0..<80).map { ResultCount(succeeded: $0 % 4 != 0, finalScore: $0 % 4 != 0 ? 100 : nil, decision: $0 % 4 != 0 ? .approved : nil) }
        let latest = (0..<60).map { ResultDigest(walletAddress: "0x\($0)", succeeded: true, finalScore: 100, decision: .approved) }
        state.record(counts: counts, latest: latest, at: 1000)
        let document = state.document(at: 1000)
        let last = try #require(((document["throughput"] as? [String: Any])?["buckets"] as? [[String: Any]])?.last)
        #expect(last["succeeded"] as? Int == 60 && last["failed"] as? Int == 20 && last["APPROVED"] as? Int == 60)
        #expect(document["risk_assessed"] as? Int == 60)
        #expect(((document["final_score"] as? [String: Any])?["counts"] as? [Int])?.reduce(0, +) == 60)
        let recent = try #require(document["recent"] as? [[String: Any]])
        #expect(recent.count == 50)
        #expect(recent.first?["wallet_address"] as? String == "0x59" && recent.last?["wallet_address"] as? String == "0x10")
    }

    @Test func onlyTheLastFiftyResultsAreKept() throws {
        let state = DashboardState()
        for i in 0..<60 { state.record(ResultDigest(walletAddress: "0x\(i)", succeeded: true, finalScore: Double(i)), at: 1000) }
        let recent = try #require(state.document(at: 1000)["recent"] as? [[String: Any]])
        #expect(recent.count == 50)
        #expect(recent.first?["wallet_address"] as? String == "0x59")
        #expect(recent.last?["wallet_address"] as? String == "0x10")
    }

    /// A digest is made from the outcome the pipeline wrote: score and wallet of a success, code and
    /// message of a failure.
    @Test func aDigestComesFromTheOutcome() throws {
        let sample = try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/examples/sample.json"))
        let success = ResultDigest(WalletScorer().score(sample, asOf: 1_704_067_200))
        #expect(success.succeeded && success.walletAddress != nil && success.finalScore != nil)
        let failure = ResultDigest(WalletScorer().score(Data("{\"wallet_address\":\"0x1\",\"data\":7}".utf8), asOf: 0))
        #expect(!failure.succeeded && failure.errorCode == "invalid_field" && failure.walletAddress == "0x1" && failure.reasons.count == 1)
    }
}
