import Foundation
import Logging
import ReputationCore
import ScoringAPI
import Synchronization

/// Writes results to the results store on a dedicated thread (store calls block), never on the Kafka
/// pipeline's thread nor on Swift's concurrency threads.
///
/// The pipeline ``enqueue(_:)``s each result as it is sent to Kafka and collects the ids written with
/// ``takeWritten()``. Writes are unordered bulk inserts of up to ``ScoreStreamConfiguration/resultsBatchSize``
/// results; a key already stored counts as already present. A failed write is tried again, the same
/// batch, after ``ScoreStreamConfiguration/resultsRetryBackoff``, for as long as it takes: nothing is
/// skipped. Meanwhile the store's problem is reported (health, readiness) and, as results stay in
/// flight, the pipeline stops reading at its in-flight bound.
final class ResultsWriter: Sendable {
    /// A result to store: the pipeline's id, its key and source, and the result line.
    struct Pending: Sendable {
        var id: UInt64
        var key: String
        var source: String
        var line: [UInt8]
    }

    private struct State {
        var queue: [Pending] = []
        var written: [UInt64] = []
        var stopping = false
    }

    private let store: any ResultsStore
    private let batchSize: Int
    private let retryBackoff: Duration
    private let stats: ServiceStats
    private let metrics: ResultsStoreMetrics
    private let logger: Logger
    private let state = Mutex(State())
    /// Wakes the writer thread when results arrive or a stop is asked.
    private let wake = NSCondition()

    init(store: any ResultsStore, batchSize: Int, retryBackoff: Duration, stats: ServiceStats, metrics: ResultsStoreMetrics, logger: Logger) {
        self.store = store
        self.batchSize = max(1, batchSize)
        self.retryBackoff = retryBackoff
        self.stats = stats
        self.metrics = metrics
        self.logger = logger
    }

    /// The writer thread's name (at most 15 characters: Linux's limit).
    static let threadName = "results-writer"

    func start() {
        let thread = Thread { [self] in
            Thread.current.name = Self.threadName
            loop()
        }
        thread.start()
    }

    /// Asks the thread to end after its current write; results not yet written stay unwritten (their input
    /// offsets are not committed, so they are read and stored again after a restart).
    func stop() {
        state.withLock { $0.stopping = true }
        wake.lock()
        wake.broadcast()
        wake.unlock()
    }

    /// Queues a result (pipeline thread).
    func enqueue(_ result: Pending) {
        state.withLock { $0.queue.append(result) }
        wake.lock()
        wake.signal()
        wake.unlock()
    }

    /// The ids written since the last call (pipeline thread).
    func takeWritten() -> [UInt64] {
        state.withLock { state in
            defer { state.written.removeAll(keepingCapacity: true) }
            return state.written
        }
    }

    // MARK: - Writer thread

    private func loop() {
        while let batch = nextBatch() {
            let results = batch.map(Self.stored)
            var failing = false
            while true {
                let started = ContinuousClock.now
                do {
                    let count = try store.write(results)
                    metrics.recordWrite(count, duration: ContinuousClock.now - started)
                    stats.resultsStore.recordWrite(count)
                    if failing {
                        stats.resultsStoreRecovered()
                        logger.info("the results store accepts writes again", metadata: ["store": "\(store.name)"])
                    }
                    break
                } catch {
                    metrics.writeErrors.increment()
                    stats.resultsStore.recordError()
                    if !failing {
                        failing = true
                        logger.warning("results store write failed; pausing until it works", metadata: [
                            "store": "\(store.name)", "error": "\(error)", "results": "\(results.count)"])
                    }
                    stats.resultsStoreFailing("\(store.name): \(error)")
                    guard pause(retryBackoff) else { return }
                }
            }
            state.withLock { $0.written.append(contentsOf: batch.map(\.id)) }
        }
    }

    /// Up to ``batchSize`` queued results; waits for one; nil once stopping.
    private func nextBatch() -> [Pending]? {
        wake.lock()
        defer { wake.unlock() }
        while true {
            let batch: [Pending]? = state.withLock { state in
                if state.stopping { return nil }
                let count = min(batchSize, state.queue.count)
                defer { state.queue.removeFirst(count) }
                return Array(state.queue.prefix(count))
            }
            guard let batch else { return nil }
            if !batch.isEmpty { return batch }
            wake.wait()
        }
    }

    /// Waits `duration` unless a stop is asked; false when stopping.
    private func pause(_ duration: Duration) -> Bool {
        let deadline = Date().addingTimeInterval(duration.seconds)
        wake.lock()
        defer { wake.unlock() }
        while !state.withLock({ $0.stopping }) {
            if !wake.wait(until: deadline) { break }
        }
        return !state.withLock { $0.stopping }
    }

    /// The stored form of a result line; a line that is not a result (the bench's pass-through) is kept
    /// whole under its key with the time it was written.
    private static func stored(_ pending: Pending) -> StoredResult {
        let line = String(decoding: pending.line, as: UTF8.self)
        if let result = try? StoredResult(key: pending.key, source: pending.source, resultLine: line) { return result }
        return StoredResult(key: pending.key, walletAddress: nil, asOf: nil, timestamp: Int64(Date().timeIntervalSince1970),
                            finalScore: nil, percentile: nil, decision: nil, riskScore: nil, botProbability: nil,
                            parametersID: nil, errorCode: nil, source: pending.source, result: line)
    }
}
