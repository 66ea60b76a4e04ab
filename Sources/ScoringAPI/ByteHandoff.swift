import Foundation

/// A bounded queue of byte chunks between a scoring thread and a task: the thread side blocks, the task
/// side suspends (it never blocks a concurrency thread). A put waits while `capacity` bytes are queued
/// (one chunk always fits), so a slow reader holds back the writer and memory stays bounded.
final class ByteHandoff: @unchecked Sendable {
    /// How the writing side ended.
    enum End { case finished, failed(any Error) }

    private let capacity: Int
    private let condition = NSCondition()   // guards everything below
    private var chunks: [[UInt8]] = []
    private var head = 0
    private var queuedBytes = 0
    private var end: End?
    private var cancelled = false
    /// Resumes the task side, suspended until the queue changes.
    private var waiter: (() -> Void)?

    init(capacity: Int) { self.capacity = capacity }

    private var hasRoom: Bool { queuedBytes < capacity || head == chunks.count }

    // MARK: Writing

    /// Queues a chunk from a thread, waiting for room; false when the reading side has gone.
    func putBlocking(_ chunk: [UInt8]) -> Bool {
        condition.lock()
        while !cancelled && !hasRoom { condition.wait() }
        let accepted = append(chunk)
        condition.unlock()
        return accepted
    }

    /// Queues a chunk from a task, suspending for room; false when the reading side has gone.
    func put(_ chunk: [UInt8]) async -> Bool {
        while true {
            let accepted: Bool? = await withCheckedContinuation { continuation in
                attempt(continuation) { $0.cancelled || $0.hasRoom ? $0.append(chunk) : nil }
            }
            if let accepted { return accepted }
        }
    }

    /// No more chunks: the reader gets the ones queued, then `end`.
    func finish(_ end: End = .finished) {
        condition.lock()
        if self.end == nil { self.end = end }
        wakeLocked()
        condition.unlock()
    }

    // MARK: Reading

    /// The next chunk from a thread, waiting for one; nil once finished and drained.
    /// - Throws: the error the writer finished with, or `CancellationError` after ``cancel()``.
    func takeBlocking() throws -> [UInt8]? {
        condition.lock()
        defer { condition.unlock() }
        while !cancelled && head == chunks.count && end == nil { condition.wait() }
        return try removeLocked()
    }

    /// The next chunk from a task, suspending for one; nil once finished and drained.
    func take() async throws -> [UInt8]? {
        while true {
            let taken: Result<[UInt8]?, any Error>? = await withCheckedContinuation { continuation in
                attempt(continuation) { handoff in
                    guard handoff.cancelled || handoff.head < handoff.chunks.count || handoff.end != nil else { return nil }
                    return Result { try handoff.removeLocked() }
                }
            }
            if let taken { return try taken.get() }
        }
    }

    /// The other side has gone: every wait ends, puts are refused and takes throw.
    func cancel() {
        condition.lock()
        cancelled = true
        wakeLocked()
        condition.unlock()
    }

    // MARK: - Locked helpers

    private func append(_ chunk: [UInt8]) -> Bool {
        guard !cancelled, end == nil else { return false }
        chunks.append(chunk)
        queuedBytes += chunk.count
        wakeLocked()
        return true
    }

    private func removeLocked() throws -> [UInt8]? {
        if cancelled { throw CancellationError() }
        guard head < chunks.count else {
            if case .failed(let error) = end { throw error }
            return nil
        }
        let chunk = chunks[head]
        chunks[head] = []
        head += 1
        queuedBytes -= chunk.count
        if head == chunks.count || head > 1024 {
            chunks.removeFirst(head)
            head = 0
        }
        wakeLocked()
        return chunk
    }

    /// Wakes the waiting thread and the waiting task.
    private func wakeLocked() {
        condition.broadcast()
        if let waiter {
            self.waiter = nil
            waiter()
        }
    }

    /// Under the lock, `step` either gives the outcome (resumed at once) or nil: then the continuation is
    /// resumed with nil at the next change of the queue, and the caller tries again.
    private func attempt<T>(_ continuation: CheckedContinuation<T?, Never>, _ step: (ByteHandoff) -> T?) {
        condition.lock()
        let outcome = step(self)
        if outcome == nil { waiter = { continuation.resume(returning: nil) } }
        condition.unlock()
        if let outcome { continuation.resume(returning: outcome) }
    }
}
