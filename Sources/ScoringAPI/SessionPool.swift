import Foundation
import ReputationCore

/// Scoring sessions kept from request to request, so that each request does not set up its buffers and
/// risk evaluator again; a change of thresholds retires them. Each session lives in a ``PooledSession``
/// box, so that taking and giving back moves one reference, not the session's many fields.
final class SessionPool: @unchecked Sendable {
    private let source: any ThresholdSource
    private let limits: MessageLimits
    private let lock = NSLock()                 // guards the two below
    private var version: Int
    private var idle: [PooledSession] = []
    private static let maxIdle = 64

    init(source: any ThresholdSource, limits: MessageLimits) {
        self.source = source
        self.limits = limits
        version = source.version
    }

    /// A session for the thresholds in force, and their version (to give it back with).
    func take() -> (PooledSession, version: Int) {
        let current = source.version
        let reused: PooledSession? = lock.withLock {
            if version != current {
                version = current
                idle.removeAll()
            }
            return idle.popLast()
        }
        if let reused { return (reused, current) }
        return (PooledSession(ScoringSession(configuration: source.configuration, limits: limits)), current)
    }

    /// Keeps the session for a later request, unless its thresholds have been replaced meanwhile.
    func giveBack(_ pooled: PooledSession, version: Int) {
        lock.withLock {
            if version == self.version && idle.count < Self.maxIdle { idle.append(pooled) }
        }
    }
}

/// A scoring session of the pool; one request at a time uses it (between take and give back).
final class PooledSession {
    var session: ScoringSession

    init(_ session: ScoringSession) { self.session = session }
}
