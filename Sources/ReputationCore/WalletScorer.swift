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
    public let configuration: ThresholdConfiguration
    public let limits: MessageLimits

    public init(configuration: ThresholdConfiguration = .defaults, limits: MessageLimits = MessageLimits()) {
        self.configuration = configuration
        self.limits = limits
    }

    public init(parameters: ScoringParameters, limits: MessageLimits = MessageLimits()) {
        self.init(configuration: ThresholdConfiguration(parameters: parameters), limits: limits)
    }

    private var session: ScoringSession { ScoringSession(configuration: configuration, limits: limits) }

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
