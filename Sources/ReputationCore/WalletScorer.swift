import Foundation

/// Scores single wallet messages with one set of parameters. Thread-safe; each call sets up its own
/// buffers, so for many messages on one thread prefer a ``ScoringSession``.
///
/// ```swift
/// let scorer = WalletScorer()
/// let outcome = scorer.score(json: text, asOf: 1_704_067_200)
/// print(outcome.jsonLine(timestamp: 1_704_067_200, processingTimeMs: 0))
/// ```
public struct WalletScorer: Sendable {
    public let parameters: ScoringParameters
    public let limits: MessageLimits

    public init(parameters: ScoringParameters = .defaults, limits: MessageLimits = MessageLimits()) {
        self.parameters = parameters
        self.limits = limits
    }

    private var session: ScoringSession { ScoringSession(parameters: parameters, limits: limits) }

    /// Scores a message given as UTF-8 JSON bytes.
    public func score(_ bytes: some ContiguousBytes, asOf: Int64) -> ScoringOutcome {
        var session = session
        return session.score(bytes, asOf: asOf)
    }

    /// Scores a message given as JSON text.
    public func score(json: String, asOf: Int64) -> ScoringOutcome {
        var session = session
        return session.score(json: json, asOf: asOf)
    }

    /// Scores a message value.
    public func score(message: WalletMessage, asOf: Int64) -> ScoringOutcome {
        var session = session
        return session.score(message: message, asOf: asOf)
    }
}
