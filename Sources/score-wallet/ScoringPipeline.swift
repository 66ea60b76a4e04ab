import Foundation
import ReputationCore

/// Scores framed messages on `jobs` threads and writes the results in input order.
///
/// Every thread (the calling one included) takes the next batch from the framer, scores it with its own
/// ``ScoringSession``, and then writes whatever finished batches are next in input order. No thread only
/// reads or only writes, so `jobs` threads keep `jobs` cores busy. A thread takes a new batch only while
/// fewer than `2 × jobs` batches wait to be written, so memory stays flat whatever the input size.
final class ScoringPipeline: @unchecked Sendable {
    private let configuration: ThresholdConfiguration
    private let limits: MessageLimits
    private let asOf: Int64
    private let jobs: Int
    private let pretty: Bool
    private let assessingRisk: Bool
    private let sink: OutputSink
    private let stored: StoredResults?
    private let progress = ProgressLine()

    private let lock = NSCondition()           // guards the state below
    private let readLock = NSLock()            // one thread reads the input at a time
    private var framer: MessageFramer?
    private var inputPath = "-"
    private var readError: (any Error)?
    private var consumed = 0
    private var taken = 0                      // batches taken from the framer, in order
    private var written = 0                    // batches written
    private var finished: [Int: ScoredBatch] = [:]
    private var writing = false                // a thread is writing
    private(set) var summary = RunSummary()

    /// - Parameter assessingRisk: false skips the risk layer (`--no-risk`).
    init(configuration: ThresholdConfiguration, limits: MessageLimits, asOf: Int64, jobs: Int, pretty: Bool,
         assessingRisk: Bool = true, sink: OutputSink, stored: StoredResults? = nil) {
        self.configuration = configuration
        self.limits = limits
        self.asOf = asOf
        self.jobs = jobs
        self.pretty = pretty
        self.assessingRisk = assessingRisk
        self.sink = sink
        self.stored = stored
    }

    /// Reads one input to its end, scoring as it goes; every result is written when it returns.
    /// - Throws: ``FileError`` when the input cannot be read to its end (what was read is scored).
    func run(input: InputSource, format: MessageFramer.Format) throws(FileError) {
        defer { input.close() }
        let framer = MessageFramer(format: format, maxMessageBytes: limits.maxMessageBytes, fileDescriptor: input.fileDescriptor)
        self.framer = framer
        inputPath = input.path
        let before = summary
        consumed = 0
        progress.begin(input: input)
        defer { progress.end() }
        let helpers = (1..<jobs).map { _ in
            let done = DispatchSemaphore(value: 0)
            let thread = Thread { [self] in
                work()
                done.signal()
            }
            thread.stackSize = 1 << 20
            thread.start()
            return done
        }
        work()
        for done in helpers { done.wait() }
        self.framer = nil
        let failure = readError.map { FileError(.read, input.path, $0) ?? FileError(action: .read, path: input.path, code: EIO) }
        readError = nil
        summary.recordInput(input.path, layout: framer.layout, since: before, failure: failure)
        if let failure { throw failure }
    }

    /// Notes in the summary an input that could not be opened.
    func noteUnread(_ path: String, _ error: FileError) {
        summary.recordUnreadInput(path, error)
    }

    // MARK: - Work

    private func work() {
        var session = ScoringSession(configuration: configuration, limits: limits, assessingRisk: assessingRisk)
        let numbers = NumberTextCache()
        while let (sequence, batch) = takeBatch() {
            var stats = RunSummary()
            let out = score(batch, session: &session, numbers: numbers, stats: &stats)
            lock.lock()
            finished[sequence] = out
            summary.merge(stats)
            lock.unlock()
            writeReady()
        }
        writeReady()
    }

    /// The next batch and its sequence number; nil at the end of the input or after a read error.
    /// Reading happens outside the state lock, so a slow input never holds back finished results.
    private func takeBatch() -> (Int, MessageFramer.Batch)? {
        lock.lock()
        while taken - written >= 2 * jobs && readError == nil { lock.wait() }
        let stopped = readError != nil
        lock.unlock()
        guard !stopped else { return nil }
        readLock.lock()
        defer { readLock.unlock() }
        do {
            guard let batch = try framer?.nextBatch() else { return nil }
            lock.lock()
            defer { lock.unlock() }
            consumed += batch.bytes.count
            progress.update(bytes: consumed, wallets: batch.frames.count)
            taken += 1
            return (taken - 1, batch)
        } catch {
            lock.lock()
            readError = error
            lock.broadcast()
            lock.unlock()
            return nil
        }
    }

    /// Writes the finished batches that are next in input order; one thread writes at a time.
    private func writeReady() {
        lock.lock()
        guard !writing else { lock.unlock(); return }
        writing = true
        while let out = finished.removeValue(forKey: written) {
            lock.unlock()
            sink.write(out.bytes, results: out.results, lastOrigin: out.last)
            stored?.store(out.stored)
            lock.lock()
            written += 1
            lock.broadcast()
        }
        writing = false
        lock.unlock()
    }

    private func score(_ batch: MessageFramer.Batch, session: inout ScoringSession, numbers: NumberTextCache,
                       stats: inout RunSummary) -> ScoredBatch {
        var out: [UInt8] = []
        out.reserveCapacity(batch.frames.count * (assessingRisk ? 1800 : 1200))   // a typical result line
        var storedResults: [StoredResult] = []
        batch.bytes.withUnsafeBytes { raw in
            for frame in batch.frames {
                let start = DispatchTime.now().uptimeNanoseconds
                let outcome: ScoringOutcome
                switch frame.content {
                case .message(let range):
                    outcome = session.score(UnsafeRawBufferPointer(rebasing: raw[range]), asOf: asOf)
                case .tooLarge(let bytes):
                    outcome = .failure(ScoringFailure(
                        code: .tooLarge, message: "message is \(bytes) bytes, over the limit of \(limits.maxMessageBytes)"))
                case .layoutError(let reason):
                    outcome = .failure(ScoringFailure(code: .invalidJSON, message: reason))
                }
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
                stats.record(outcome)
                let lineStart = out.count
                let origin = outcome.errorCode == nil ? nil : MessageOrigin(input: inputPath, line: frame.line)
                ResultWriter.append(outcome, timestamp: Int64(Date().timeIntervalSince1970), processingTimeMs: elapsed,
                                    origin: origin, numbers: numbers, to: &out)
                if stored != nil, let result = StoredResults.lift(
                    outcome, line: String(decoding: out[lineStart...], as: UTF8.self), input: inputPath, inputLine: frame.line) {
                    storedResults.append(result)
                }
                if pretty { PrettyJSON.reindent(&out, from: lineStart) }
                out.append(UInt8(ascii: "\n"))
            }
        }
        return ScoredBatch(bytes: out, results: batch.frames.count, stored: storedResults,
                           last: batch.frames.last.map { MessageOrigin(input: inputPath, line: $0.line) })
    }
}

/// A batch's result lines, ready to be written.
private struct ScoredBatch {
    var bytes: [UInt8]
    var results: Int
    /// The results to store (`--store-results`), else empty.
    var stored: [StoredResult]
    /// Where the message of the last line came from.
    var last: MessageOrigin?
}
