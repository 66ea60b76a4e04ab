import ReputationCore

/// What the dashboard keeps of one result: small, made on the pipeline thread from the outcome (no JSON is
/// parsed back).
public struct ResultDigest: Sendable, Equatable {
    public var walletAddress: String?
    public var succeeded: Bool
    public var finalScore: Double?
    /// The risk decision, when the result was assessed (RISK.md).
    public var decision: RiskDecision?
    public var botProbability: Double?
    /// The matched risk rules of a success; the error of a failure.
    public var reasons: [String]
    public var errorCode: String?

    public init(walletAddress: String?, succeeded: Bool, finalScore: Double? = nil, decision: RiskDecision? = nil,
                botProbability: Double? = nil, reasons: [String] = [], errorCode: String? = nil) {
        self.walletAddress = walletAddress
        self.succeeded = succeeded
        self.finalScore = finalScore
        self.decision = decision
        self.botProbability = botProbability
        self.reasons = reasons
        self.errorCode = errorCode
    }

    /// The digest of a scoring outcome.
    public init(_ outcome: ScoringOutcome) {
        switch outcome {
        case .success(let score):
            self.init(walletAddress: score.walletAddress, succeeded: true, finalScore: score.finalScore,
                      decision: score.risk?.decision, botProbability: score.risk?.botProbability,
                      reasons: score.risk?.reasons.map(\.rule) ?? [])
        case .failure(let failure):
            self.init(walletAddress: failure.walletAddress, succeeded: false, reasons: [failure.message],
                      errorCode: failure.code.rawValue)
        }
    }

    /// A message passed through unscored (the bench's baseline).
    public static let passedThrough = ResultDigest(walletAddress: nil, succeeded: true)

    /// What the series and distributions count of it.
    public var count: ResultCount {
        ResultCount(succeeded: succeeded, finalScore: finalScore, decision: decision, botProbability: botProbability)
    }
}

/// What the dashboard's series and distributions count of one result: no reference in it, so that
/// counting a result allocates nothing (only the recent results keep addresses and reasons).
public struct ResultCount: Sendable, Equatable {
    public var succeeded: Bool
    public var finalScore: Double?
    public var decision: RiskDecision?
    public var botProbability: Double?

    public init(succeeded: Bool, finalScore: Double? = nil, decision: RiskDecision? = nil, botProbability: Double? = nil) {
        self.succeeded = succeeded
        self.finalScore = finalScore
        self.decision = decision
        self.botProbability = botProbability
    }

    /// The count of a scoring outcome.
    public init(_ outcome: ScoringOutcome) {
        switch outcome {
        case .success(let score):
            self.init(succeeded: true, finalScore: score.finalScore, decision: score.risk?.decision, botProbability: score.risk?.botProbability)
        case .failure:
            self.init(succeeded: false)
        }
    }
}
