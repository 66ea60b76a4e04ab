import Foundation
import ReputationCore
import Synchronization

/// The dashboard's live state, fed with each delivered result: counts per 10 s over the last 15 minutes
/// (outcomes and risk decisions), the `final_score` and bot-probability distributions, and the last 50
/// results. Written by score-stream's pipeline or score-server's scoring routes, read by `/api/v1/dashboard`.
public final class DashboardState: Sendable {
    /// One 10-second bucket of ``throughput``.
    public struct Bucket: Sendable, Equatable {
        public var succeeded = 0
        public var failed = 0
        public var decisions = DecisionCounts()
    }

    /// A result of the recent list, with when it was delivered.
    struct Recent: Sendable {
        var digest: ResultDigest
        var delivered: Double
    }

    /// Seconds per bucket and buckets kept: 90 × 10 s, 15 minutes.
    public static let bucketSeconds: Int64 = 10
    public static let bucketCount = 90
    /// How many recent results are kept.
    public static let recentCount = 50
    /// `final_score` bins: 0–1000 in 20 bins (dex-v1 scores 0–920 with the default weights; higher values
    /// count in the last bin).
    public static let scoreRange = (lower: 0.0, upper: 1000.0, bins: 20)

    private struct State {
        var throughput = LiveSeries(bucketSeconds: DashboardState.bucketSeconds, bucketCount: DashboardState.bucketCount, empty: Bucket())
        var recent = RecentResults<Recent>(capacity: DashboardState.recentCount)
        var finalScores = Distribution(lower: scoreRange.lower, upper: scoreRange.upper, bins: scoreRange.bins)
        var botProbabilities = Distribution(lower: 0, upper: 1, bins: 20)
        var assessed = 0

        mutating func count(_ result: ResultCount, atSecond second: Int64) {
            throughput.update(at: second) { bucket in
                if result.succeeded { bucket.succeeded += 1 } else { bucket.failed += 1 }
                if let decision = result.decision { bucket.decisions[decision] += 1 }
            }
            if let score = result.finalScore { finalScores.record(score) }
            if let probability = result.botProbability { botProbabilities.record(probability) }
            if result.decision != nil { assessed += 1 }
        }
    }

    private let state = Mutex(State())

    public init() {}

    /// Counts one delivered result at `time` (unix seconds) and keeps it as the most recent.
    public func record(_ digest: ResultDigest, at time: Double = Date().timeIntervalSince1970) {
        let second = Int64(time.rounded(.down))
        state.withLock { s in
            s.count(digest.count, atSecond: second)
            s.recent.append(Recent(digest: digest, delivered: time))
        }
    }

    /// Counts results delivered together at `time` (unix seconds), under one lock: `counts` has one entry
    /// per result; `latest` the digests of the last of them, oldest first (only the last ``recentCount``
    /// are kept, so a caller need not make digests of the others).
    public func record(counts: [ResultCount], latest: [ResultDigest], at time: Double = Date().timeIntervalSince1970) {
        let second = Int64(time.rounded(.down))
        state.withLock { s in
            for result in counts { s.count(result, atSecond: second) }
            for digest in latest.suffix(DashboardState.recentCount) { s.recent.append(Recent(digest: digest, delivered: time)) }
        }
    }

    /// The live part of `/api/v1/dashboard` at `time` (unix seconds): `throughput`, `final_score`,
    /// `bot_probability`, `risk_assessed` and `recent`.
    public func document(at time: Double = Date().timeIntervalSince1970) -> [String: Any] {
        state.withLock { s in
            let now = Int64(time.rounded(.down))
            let buckets = s.throughput.window(endingAt: now).map { start, bucket -> [String: Any] in
                // The current bucket's rate is over the seconds it has had so far.
                let seconds = Double(min(DashboardState.bucketSeconds, now - start + 1))
                var entry: [String: Any] = [
                    "start": start, "succeeded": bucket.succeeded, "failed": bucket.failed,
                    "per_second": Double(bucket.succeeded + bucket.failed) / seconds,
                ]
                entry.merge(bucket.decisions.byName) { $1 }
                return entry
            }
            return [
                "throughput": ["bucket_seconds": DashboardState.bucketSeconds, "buckets": buckets],
                "final_score": Self.document(s.finalScores),
                "bot_probability": Self.document(s.botProbabilities),
                "risk_assessed": s.assessed,
                "recent": s.recent.newestFirst.map(Self.document),
            ]
        }
    }

    private static func document(_ distribution: Distribution) -> [String: Any] {
        ["lower": distribution.lower, "upper": distribution.upper, "edges": distribution.edges, "counts": distribution.counts]
    }

    private static func document(_ recent: Recent) -> [String: Any] {
        let digest = recent.digest
        func orNull<T>(_ value: T?) -> Any { value.map { $0 as Any } ?? NSNull() }
        return [
            "wallet_address": orNull(digest.walletAddress.map { shortened($0, to: 120) }), "outcome": digest.succeeded ? "success" : "failure",
            "final_score": orNull(digest.finalScore), "decision": orNull(digest.decision?.rawValue),
            "bot_probability": orNull(digest.botProbability), "reasons": digest.reasons.map { shortened($0, to: 300) },
            "error_code": orNull(digest.errorCode), "delivered_at": recent.delivered,
        ]
    }
}

/// `text`, cut to `limit` characters with an ellipsis (a megabyte-long wallet address stays readable).
func shortened(_ text: String, to limit: Int) -> String {
    text.count <= limit ? text : text.prefix(limit) + "…"
}
