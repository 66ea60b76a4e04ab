import Foundation

/// How many inputs a writer thread may write so far; the test opens it further step by step.
final class WriteGate: @unchecked Sendable {
    private let condition = NSCondition()
    private var limit: Int
    private var stopped = false

    init(_ limit: Int) { self.limit = limit }

    /// Lets the writer go up to `limit` inputs in all.
    func open(to limit: Int) {
        condition.withLock {
            self.limit = max(self.limit, limit)
            condition.broadcast()
        }
    }

    /// Ends the writer's wait: it throws `CancellationError`.
    func stop() {
        condition.withLock {
            stopped = true
            condition.broadcast()
        }
    }

    /// Blocks until the gate is open beyond `written` inputs and returns its limit. Not for async code.
    func waitBlocking(beyond written: Int) throws -> Int {
        condition.lock()
        defer { condition.unlock() }
        while limit <= written {
            if stopped { throw CancellationError() }
            condition.wait()
        }
        return limit
    }
}
