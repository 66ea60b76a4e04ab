import Foundation
import ReputationCore

/// Scoring sessions kept from request to request, so that each request does not set up its buffers and
/// risk evaluator again; a change of thresholds retires them.
final class SessionPool: @unchecked Sendable {
    private let source: any ThresholdSource
    private let limits: MessageLimits
    private let lock = NSLock()                 // guards the two below
    private var version: Int
    private var idle: [ScoringSession] = []
    private static let maxIdle = 64

    init(source: any ThresholdSource, limits: MessageLimits) {
        self.source = source
        self.limits = limits
        version = source.version
    }

    /// A session for the thresholds in force, and their version (to give it back with).
    func take() -> (ScoringSession, version: Int) {
        let current = source.version
        let reused: ScoringSession? = lock.withLock {
            if version != current {
                version = current
                idle.removeAll()
            }
            return idle.popLast()
        }
        if let reused { return (reused, current) }
        return (ScoringSession(configuration: source.configuration, limits: limits), current)
    }

    /// Keeps the session for a later request, unless its thresholds have been replaced meanwhile.
    func giveBack(_ session: ScoringSession, version: Int) {
        lock.withLock {
            if version == self.version && idle.count < Self.maxIdle { idle.append(session) }
        }
    }
}
