import Foundation
import Hummingbird
import NIOCore
import ReputationCore

/// `POST /api/v1/score/batch`: a JSON array (or JSON values) of wallet messages, or JSON lines, in;
/// `application/x-ndjson` out, one result line per wallet in input order, failures inline.
///
/// The answer streams: threads of the request's own frame the body as it arrives (the core's
/// ``MessageFramer``), score it and hand its lines to the response writer as they go. Both hand-offs
/// are bounded, so a slow client holds back scoring and then reading, never the server's memory.
extension ScoringRoutes {
    static let ndjson = "application/x-ndjson"

    func scoreBatch(_ request: Request) async throws -> Response {
        try checkRunning()
        let asOf = try asOf(request)
        let format: MessageFramer.Format
        switch mediaType(request) {
        case "application/json", nil: format = .json
        case "application/x-ndjson", "application/jsonl", "application/jsonlines": format = .lines
        case let other?:
            throw Problem(.unsupportedMediaType, "send a JSON array (application/json) or JSON lines (application/x-ndjson), not \(other)")
        }
        try checkDeclaredLength(request)
        // The first bytes are awaited before answering, so that an empty body is still a 400.
        let body = BodyReader(request.body)
        guard let first = try await body.nextNonEmpty() else {
            throw Problem(.badRequest, "the request body is empty: send a JSON array of wallet messages or JSON lines")
        }
        let input = ByteHandoff(capacity: configuration.batchBufferBytes)
        let output = ByteHandoff(capacity: configuration.batchBufferBytes)
        let scorer = BatchScorer(format: format, asOf: asOf, thresholds: thresholds.configuration, configuration: configuration,
                                 metrics: metrics, stats: stats, input: input, output: output)
        let limit = configuration.maxRequestBytes
        return Response(status: .ok, headers: [.contentType: Self.ndjson], body: ResponseBody { writer in
            scorer.start()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await body.feed(first: first, into: input, limit: limit) }
                do {
                    while let lines = try await output.take() {
                        try await writer.write(ByteBuffer(bytes: lines))
                    }
                } catch {
                    // The client has gone: stop scoring and reading.
                    output.cancel()
                    input.cancel()
                    throw error
                }
                try await group.waitForAll()
            }
            try await writer.finish(nil)
        })
    }
}

/// The request body, read by one task at a time (first the handler, then the feeding task).
final class BodyReader: @unchecked Sendable {
    private var iterator: RequestBody.AsyncIterator

    init(_ body: RequestBody) { iterator = body.makeAsyncIterator() }

    /// The first non-empty chunk, nil for an empty body.
    func nextNonEmpty() async throws -> ByteBuffer? {
        while let chunk = try await iterator.next() {
            if chunk.readableBytes > 0 { return chunk }
        }
        return nil
    }

    /// Hands the body to the scorer; past `limit` bytes, or when the body cannot be read, the scorer is
    /// told why and stops reading.
    func feed(first: ByteBuffer, into input: ByteHandoff, limit: Int) async {
        var total = 0
        var chunk: ByteBuffer? = first
        do {
            while let current = chunk {
                total += current.readableBytes
                if total > limit {
                    input.finish(.failed(Problem.tooLarge(limit: limit)))
                    return
                }
                guard await input.put(Array(current.readableBytesView)) else { return }
                chunk = try await iterator.next()
            }
            input.finish()
        } catch {
            input.finish(.failed(error))
        }
    }
}

/// Frames, scores and writes one batch request on threads of its own (never Swift's concurrency threads:
/// they wait on the hand-offs).
///
/// As score-wallet's pipeline: each of `jobs` threads takes the next framed piece, scores it with its own
/// session and then writes whatever pieces are next in input order. A thread takes a new piece only while
/// fewer than `2 × jobs` wait to be written, so memory stays bounded.
final class BatchScorer: @unchecked Sendable {
    private let format: MessageFramer.Format
    private let asOf: Int64
    private let thresholds: ThresholdConfiguration
    private let configuration: ScoringAPIConfiguration
    private let metrics: APIMetrics
    private let stats: ScoringStats?
    private let input: ByteHandoff
    private let output: ByteHandoff
    private let jobs: Int

    private let lock = NSCondition()       // guards the state below
    private let readLock = NSLock()        // one thread frames at a time
    private var framer: MessageFramer?
    private var taken = 0                  // pieces taken from the framer, in order
    private var written = 0                // pieces handed to the response
    private var finished: [Int: [UInt8]] = [:]
    private var writing = false
    private var stopped = false            // the input ended badly or the client has gone
    private var readError: (any Error)?

    init(format: MessageFramer.Format, asOf: Int64, thresholds: ThresholdConfiguration, configuration: ScoringAPIConfiguration,
         metrics: APIMetrics, stats: ScoringStats?, input: ByteHandoff, output: ByteHandoff) {
        self.format = format
        self.asOf = asOf
        self.thresholds = thresholds
        self.configuration = configuration
        self.metrics = metrics
        self.stats = stats
        self.input = input
        self.output = output
        jobs = max(1, min(configuration.batchJobs, ProcessInfo.processInfo.activeProcessorCount))
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "score-batch"
        thread.start()
    }

    private func run() {
        framer = makeFramer()
        let helpers = (1..<jobs).map { _ in
            let done = DispatchSemaphore(value: 0)
            let thread = Thread { [self] in
                work()
                done.signal()
            }
            thread.name = "score-batch"
            thread.start()
            return done
        }
        work()
        for done in helpers { done.wait() }   // a thread of this request's own, not a concurrency thread
        framer = nil
        switch readError {
        case nil:
            output.finish()
        case let problem as Problem:
            // Over the request limit while streaming: the answer ends with the problem, as one line.
            var line = Array(problem.document.readableBytesView)
            line.append(UInt8(ascii: "\n"))
            _ = output.putBlocking(line)
            output.finish()
        case let error?:
            output.finish(.failed(error))   // the body could not be read: the client has gone
        }
    }

    private func makeFramer() -> MessageFramer {
        var pending: [UInt8] = []
        var offset = 0
        let input = self.input
        return MessageFramer(format: format, maxMessageBytes: configuration.limits.maxMessageBytes) { buffer in
            // One chunk at most per read: a short read lets the framer hand over what is complete.
            while offset == pending.count {
                guard let next = try input.takeBlocking() else { return 0 }
                pending = next
                offset = 0
            }
            let n = min(buffer.count, pending.count - offset)
            pending.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: n) }
            offset += n
            return n
        }
    }

    private func work() {
        var session = ScoringSession(configuration: thresholds, limits: configuration.limits)
        while let (sequence, batch) = takeBatch() {
            let lines = score(batch, session: &session)
            lock.lock()
            finished[sequence] = lines
            lock.unlock()
            writeReady()
        }
        writeReady()
    }

    /// The next framed piece and its sequence number; nil at the end of the input or once stopped.
    private func takeBatch() -> (Int, MessageFramer.Batch)? {
        lock.lock()
        while taken - written >= 2 * jobs && !stopped { lock.wait() }
        let stop = stopped
        lock.unlock()
        guard !stop else { return nil }
        readLock.lock()
        defer { readLock.unlock() }
        do {
            guard let batch = try framer?.nextBatch(targetBytes: configuration.batchBytes) else { return nil }
            lock.lock()
            defer { lock.unlock() }
            taken += 1
            return (taken - 1, batch)
        } catch {
            lock.lock()
            if readError == nil { readError = error }
            stopped = true
            lock.broadcast()
            lock.unlock()
            return nil
        }
    }

    /// Hands the finished pieces that are next in input order to the response; one thread at a time.
    private func writeReady() {
        lock.lock()
        guard !writing else { lock.unlock(); return }
        writing = true
        while let lines = finished.removeValue(forKey: written) {
            lock.unlock()
            let accepted = output.putBlocking(lines)
            lock.lock()
            written += 1
            if !accepted { stopped = true }   // the client has gone
            lock.broadcast()
        }
        writing = false
        lock.unlock()
    }

    private func score(_ batch: MessageFramer.Batch, session: inout ScoringSession) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(batch.frames.count * 1200)
        let timestamp = Int64(Date().timeIntervalSince1970)
        // What the stats count: every wallet, and the digests of the last ones (the dashboard keeps 50).
        var counted: [ScoringStats.Entry] = []
        var latest: [ResultDigest] = []
        let firstLatest = batch.frames.count - DashboardState.recentCount
        if stats != nil { counted.reserveCapacity(batch.frames.count) }
        batch.bytes.withUnsafeBytes { raw in
            for (index, frame) in batch.frames.enumerated() {
                let start = DispatchTime.now().uptimeNanoseconds
                let outcome: ScoringOutcome
                switch frame.content {
                case .message(let range):
                    outcome = session.score(UnsafeRawBufferPointer(rebasing: raw[range]), asOf: asOf)
                case .tooLarge(let bytes):
                    outcome = .failure(ScoringFailure(
                        code: .tooLarge, message: "message is \(bytes) bytes, over the limit of \(configuration.limits.maxMessageBytes)"))
                case .layoutError(let reason):
                    outcome = .failure(ScoringFailure(code: .invalidJSON, message: reason))
                }
                let elapsed = DispatchTime.now().uptimeNanoseconds - start
                metrics.record(outcome, nanoseconds: elapsed)
                if stats != nil {
                    counted.append(ScoringStats.Entry(outcome, nanoseconds: elapsed))
                    if index >= firstLatest { latest.append(ResultDigest(outcome)) }
                }
                ResultWriter.append(outcome, timestamp: timestamp, processingTimeMs: Double(elapsed) / 1e6, to: &out)
                out.append(UInt8(ascii: "\n"))
            }
        }
        stats?.record(counted, latest: latest)
        return out
    }
}
