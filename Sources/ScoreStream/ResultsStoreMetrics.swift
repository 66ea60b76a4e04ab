import CoreMetrics
import Foundation
import ReputationCore
import ScoringAPI
import Synchronization

/// The results store's Prometheus metrics: writes by outcome (`inserted`, `already_present`), write
/// errors, and the latency of one bulk write.
struct ResultsStoreMetrics: Sendable {
    let inserted: CoreMetrics.Counter
    let alreadyPresent: CoreMetrics.Counter
    let writeErrors: CoreMetrics.Counter
    let writeLatency: CoreMetrics.Timer

    /// Bucket bounds of ``writeLatency``.
    static let latencyBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5), .seconds(10)]
    static let latencyLabel = "results_store_write_seconds"

    init(factory: any MetricsFactory) {
        inserted = CoreMetrics.Counter(label: "results_store_writes_total", dimensions: [("outcome", "inserted")], factory: factory)
        alreadyPresent = CoreMetrics.Counter(label: "results_store_writes_total", dimensions: [("outcome", "already_present")], factory: factory)
        writeErrors = CoreMetrics.Counter(label: "results_store_write_errors_total", factory: factory)
        writeLatency = CoreMetrics.Timer(label: Self.latencyLabel, factory: factory)
    }

    func recordWrite(_ count: ResultsWriteCount, duration: Duration) {
        inserted.increment(by: count.inserted)
        alreadyPresent.increment(by: count.alreadyPresent)
        writeLatency.recordNanoseconds(Int64(duration.seconds * 1e9))
    }
}

/// The results store's counts for `/api/v1/stats`.
final class ResultsStoreCounters: Sendable {
    private struct Counts {
        var inserted = 0
        var alreadyPresent = 0
        var writeErrors = 0
    }

    private let counts = Mutex(Counts())

    func recordWrite(_ count: ResultsWriteCount) {
        counts.withLock { c in
            c.inserted += count.inserted
            c.alreadyPresent += count.alreadyPresent
        }
    }

    func recordError() { counts.withLock { $0.writeErrors += 1 } }

    /// `{"inserted": …, "already_present": …, "write_errors": …}`.
    var document: [String: Int] {
        counts.withLock { ["inserted": $0.inserted, "already_present": $0.alreadyPresent, "write_errors": $0.writeErrors] }
    }
}
