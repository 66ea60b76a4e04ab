import Foundation

/// How many inputs the writer thread may write so far, and the `kill -9` it sends once it has written up to
/// a point: from the writer's own thread, right after a write, so that the kill falls with inputs in flight
/// however busy the machine is.
final class WriteGate: @unchecked Sendable {
    /// A kill the writer sent: how many inputs were written and how many had a result at that moment.
    struct Kill {
        var written: Int
        var withResult: Int
    }

    private let condition = NSCondition()
    private var limit = 0
    private var armed: (at: Int, pid: pid_t)?
    private var sent: [Kill] = []
    private var stopped = false

    /// Lets the writer go up to `limit` inputs in all.
    func open(to limit: Int) {
        condition.withLock {
            self.limit = max(self.limit, limit)
            condition.broadcast()
        }
    }

    /// Lets the writer go up to `written` inputs, then SIGKILL process `pid`.
    func arm(killAt written: Int, pid: pid_t) {
        condition.withLock { armed = (written, pid) }
        open(to: written)
    }

    /// The kills sent so far.
    var kills: [Kill] { condition.withLock { sent } }

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

    /// The writer has written `written` inputs, `withResult` of them have a result: sends the armed kill when due.
    func wrote(_ written: Int, withResult: Int) {
        condition.withLock {
            guard let kill = armed, written >= kill.at else { return }
            Glibc.kill(kill.pid, SIGKILL)
            sent.append(Kill(written: written, withResult: withResult))
            armed = nil
        }
    }
}
