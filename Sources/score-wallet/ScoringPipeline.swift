import Foundation
import ReputationCore

/// Scores framed messages on `jobs` threads and writes the results in input order.
///
/// The calling thread reads and frames; workers score whole batches with their own
/// ``ScoringSession``; a writer thread writes finished batches in sequence. At most `2 × jobs`
/// batches are in flight, so memory stays flat whatever the input size.
final class ScoringPipeline: @unchecked Sendable {
    private let configuration: ThresholdConfiguration
    private let limits: MessageLimits
    private let asOf: Int64
    private let jobs: Int
    private let pretty: Bool
    private let sink: OutputSink
    private let progress = ProgressLine()

    private let lock = NSCondition()
    private var pending: [(sequence: Int, batch: MessageFramer.Batch)] = []
    private var finished: [Int: [UInt8]] = [:]
    private var submitted = 0
    private var written = 0
    private var closed = false
    private var threads: [Thread] = []
    private var sessions: [ScoringSession] = []
    private(set) var summary = RunSummary()

    init(configuration: ThresholdConfiguration, limits: MessageLimits, asOf: Int64, jobs: Int, pretty: Bool, sink: OutputSink) {
        self.configuration = configuration
        self.limits = limits
        self.asOf = asOf
        self.jobs = jobs
        self.pretty = pretty
        self.sink = sink
        if jobs == 1 {
            sessions = [ScoringSession(configuration: configuration, limits: limits)]
        } else {
            startThreads()
        }
    }

    /// Reads one input to its end, scoring as it goes.
    func run(input: InputSource, format: MessageFramer.Format) throws {
        defer { input.close() }
        let framer = MessageFramer(format: format, maxMessageBytes: limits.maxMessageBytes,
                                   fileDescriptor: input.fileDescriptor)
        progress.begin(input: input)
        defer { progress.end() }
        var consumed = 0
        while let batch = try framer.nextBatch() {
            consumed += batch.bytes.count
            progress.update(bytes: consumed, wallets: batch.frames.count)
            if jobs == 1 {
                var stats = RunSummary()
                sink.write(score(batch, session: &sessions[0], stats: &stats))
                summary.merge(stats)
            } else {
                submit(batch)
            }
        }
    }

    /// Waits until every result is written and stops the threads.
    func finish() {
        guard jobs > 1 else { return }
        lock.lock()
        closed = true
        lock.broadcast()
        while written < submitted { lock.wait() }
        lock.unlock()
    }

    // MARK: - Scoring

    private func score(_ batch: MessageFramer.Batch, session: inout ScoringSession, stats: inout RunSummary) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(batch.frames.count * 1200)
        batch.bytes.withUnsafeBytes { raw in
            for frame in batch.frames {
                let start = DispatchTime.now().uptimeNanoseconds
                let outcome: ScoringOutcome
                switch frame {
                case .message(let range):
                    outcome = session.score(UnsafeRawBufferPointer(rebasing: raw[range]), asOf: asOf)
                case .tooLarge(let bytes):
                    outcome = .failure(ScoringFailure(
                        code: .tooLarge, message: "message is \(bytes) bytes, over the limit of \(limits.maxMessageBytes)"))
                }
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
                stats.record(outcome)
                let lineStart = out.count
                ResultWriter.append(outcome, timestamp: Int64(Date().timeIntervalSince1970), processingTimeMs: elapsed, to: &out)
                if pretty { PrettyJSON.reindent(&out, from: lineStart) }
                out.append(UInt8(ascii: "\n"))
            }
        }
        return out
    }

    // MARK: - Threads

    private func startThreads() {
        for _ in 0..<jobs {
            let thread = Thread { [self] in work() }
            thread.stackSize = 1 << 20
            threads.append(thread)
            thread.start()
        }
        let writer = Thread { [self] in writeInOrder() }
        threads.append(writer)
        writer.start()
    }

    private func submit(_ batch: MessageFramer.Batch) {
        lock.lock()
        while submitted - written >= 2 * jobs { lock.wait() }
        pending.append((submitted, batch))
        submitted += 1
        lock.broadcast()
        lock.unlock()
    }

    private func work() {
        var session = ScoringSession(configuration: configuration, limits: limits)
        while true {
            lock.lock()
            while pending.isEmpty && !closed { lock.wait() }
            if pending.isEmpty {
                lock.unlock()
                return
            }
            let (sequence, batch) = pending.removeFirst()
            lock.unlock()
            var stats = RunSummary()
            let out = score(batch, session: &session, stats: &stats)
            lock.lock()
            finished[sequence] = out
            summary.merge(stats)
            lock.broadcast()
            lock.unlock()
        }
    }

    private func writeInOrder() {
        while true {
            lock.lock()
            while finished[written] == nil && !(closed && written == submitted) { lock.wait() }
            guard let out = finished.removeValue(forKey: written) else {
                lock.unlock()
                return
            }
            lock.unlock()
            sink.write(out)
            lock.lock()
            written += 1
            lock.broadcast()
            lock.unlock()
        }
    }
}
