import Foundation
import Histogram
import ReputationCore
import Synchronization

/// What score-server counts of the results it scores (every wallet of `POST /api/v1/score` and
/// `POST /api/v1/score/batch`): totals, failures by `error_code`, risk decisions, the scoring-time
/// quantiles, the threshold refresh's state and the dashboard's live state. Written by the routes (one lock
/// per request, or per scored piece of a batch; counting allocates nothing, only the recent results keep
/// addresses and reasons), read by `/api/v1/stats` and the dashboard.
public final class ScoringStats: Sendable {
    /// One scored wallet, as counted: its outcome's counts, failure code and scoring time.
    struct Entry: Sendable {
        var count: ResultCount
        var errorCode: ScoringFailure.Code?
        var nanoseconds: UInt64

        init(_ outcome: ScoringOutcome, nanoseconds: UInt64) {
            self.init(count: ResultCount(outcome), errorCode: outcome.errorCode, nanoseconds: nanoseconds)
        }

        init(count: ResultCount, errorCode: ScoringFailure.Code?, nanoseconds: UInt64) {
            self.count = count
            self.errorCode = errorCode
            self.nanoseconds = nanoseconds
        }
    }

    private struct State {
        var succeeded = 0
        var failed = 0
        var failuresByCode: [ScoringFailure.Code: Int] = [:]
        var decisions = DecisionCounts()
        var scoringNanoseconds: UInt64 = 0
        var scoringMicros = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .two)
        var lastProcessed: Double?
        var thresholdsProblem: String?

        mutating func count(_ entry: Entry, at time: Double) {
            if entry.count.succeeded { succeeded += 1 } else { failed += 1 }
            if let code = entry.errorCode { failuresByCode[code, default: 0] += 1 }
            if let decision = entry.count.decision { decisions[decision] += 1 }
            scoringNanoseconds += entry.nanoseconds
            _ = scoringMicros.record(max(1, entry.nanoseconds / 1000))
            lastProcessed = time
        }
    }

    private let state = Mutex(State())
    private let started = ContinuousClock.now
    /// The dashboard's series, distributions and recent results (`/api/v1/dashboard`).
    public let dashboard = DashboardState()

    public init() {}

    /// Counts one scored wallet.
    func record(_ outcome: ScoringOutcome, nanoseconds: UInt64) {
        let digest = ResultDigest(outcome)
        let entry = Entry(count: digest.count, errorCode: outcome.errorCode, nanoseconds: nanoseconds)
        let time = Date().timeIntervalSince1970
        state.withLock { $0.count(entry, at: time) }
        dashboard.record(digest, at: time)
    }

    /// Counts the scored wallets of one piece of a batch (`entries`, in order) under one lock each;
    /// `latest` are the digests of the last of them (at most ``DashboardState/recentCount`` are kept).
    func record(_ entries: [Entry], latest: [ResultDigest]) {
        guard !entries.isEmpty else { return }
        let time = Date().timeIntervalSince1970
        state.withLock { s in
            for entry in entries { s.count(entry, at: time) }
        }
        dashboard.record(counts: entries.map(\.count), latest: latest, at: time)
    }

    /// The threshold store was read again (whether or not its configuration changed).
    public func thresholdsRefreshed() { state.withLock { $0.thresholdsProblem = nil } }

    /// The threshold store could not be read; the last good configuration stays in force.
    public func thresholdsRefreshFailed(_ problem: String) { state.withLock { $0.thresholdsProblem = problem } }

    /// Why the last threshold refresh failed; nil while refreshes succeed.
    public var thresholdsProblem: String? { state.withLock { $0.thresholdsProblem } }

    /// The counts as `/api/v1/stats` shows them.
    func document(parametersID: String, resultsStore: String?) -> ScoringStatsDocument {
        state.withLock { s in
            let total = s.succeeded + s.failed
            return ScoringStatsDocument(
                totalProcessed: total, successfulProcessed: s.succeeded, failedProcessed: s.failed,
                failuresByCode: Dictionary(uniqueKeysWithValues: s.failuresByCode.map { ($0.key.rawValue, $0.value) }),
                decisions: s.decisions.byName,
                averageProcessingTimeMs: total == 0 ? 0 : Double(s.scoringNanoseconds) / Double(total) / 1e6,
                processingTimeMs: s.scoringMicros.totalCount == 0 ? nil
                    : .init(p50: Double(s.scoringMicros.valueAtPercentile(50)) / 1000, p99: Double(s.scoringMicros.valueAtPercentile(99)) / 1000),
                uptimeSeconds: (ContinuousClock.now - started).seconds,
                lastProcessedTimestamp: s.lastProcessed, parametersId: parametersID, resultsStore: resultsStore)
        }
    }
}

/// score-server's `GET /api/v1/stats` (docs/openapi.json, `Stats`): what it has scored since it started.
public struct ScoringStatsDocument: Codable, Sendable, Equatable {
    /// Scoring time quantiles in milliseconds.
    public struct Quantiles: Codable, Sendable, Equatable {
        public var p50: Double
        public var p99: Double
    }

    /// Wallets scored (successes and failures).
    public var totalProcessed: Int
    public var successfulProcessed: Int
    public var failedProcessed: Int
    /// Failures by `error_code`.
    public var failuresByCode: [String: Int]
    /// Successes by risk decision (APPROVED, REVIEW, DECLINED; 0 for a decision never made).
    public var decisions: [String: Int]
    public var averageProcessingTimeMs: Double
    /// Scoring time p50/p99 of one wallet; absent before the first.
    public var processingTimeMs: Quantiles?
    public var uptimeSeconds: Double
    /// Unix seconds of the last scored wallet; absent before the first.
    public var lastProcessedTimestamp: Double?
    /// The threshold configuration in force.
    public var parametersId: String
    /// The results store's name; absent without one.
    public var resultsStore: String?

    enum CodingKeys: String, CodingKey {
        case totalProcessed = "total_processed", successfulProcessed = "successful_processed", failedProcessed = "failed_processed"
        case failuresByCode = "failures_by_code", decisions, averageProcessingTimeMs = "average_processing_time_ms"
        case processingTimeMs = "processing_time_ms", uptimeSeconds = "uptime_seconds"
        case lastProcessedTimestamp = "last_processed_timestamp", parametersId = "parameters_id", resultsStore = "results_store"
    }
}
