/// What the rules decided.
public enum RiskDecision: String, Sendable, Codable, CaseIterable {
    case approved = "APPROVED"
    case review = "REVIEW"
    case declined = "DECLINED"
}

/// How much history the assessment rests on (RISK.md §4).
public enum RiskConfidence: String, Sendable, Codable, CaseIterable {
    case insufficient, low, medium, high

    /// `confidence_level`: 0 … 3.
    public var level: Int {
        switch self {
        case .insufficient: 0
        case .low: 1
        case .medium: 2
        case .high: 3
        }
    }

    /// `insufficient` when n < 3; else `low` when n < 10 or the account is younger than 7 days; else
    /// `medium` when n < 50; else `high`.
    public init(transactionCount n: Int, accountAgeDays: Double) {
        if n < 3 { self = .insufficient }
        else if n < 10 || accountAgeDays < 7 { self = .low }
        else if n < 50 { self = .medium }
        else { self = .high }
    }
}

/// Turns a scored wallet, its behaviour features and its risk-list flags into the `risk` object:
/// bot probability, risk score, confidence, the rules' decision and reasons (RISK.md §2–§4).
public struct RiskEvaluator: Sendable, Equatable {
    public let model: BotModel
    /// The rules in configuration order.
    public let rules: [RiskRule]

    public init(model: BotModel, rules: [RiskRule] = RiskRule.embedded) {
        self.model = model
        self.rules = rules
    }

    /// The assessment of a wallet scored by `dex-v1`.
    public func assess(_ score: WalletScore, behaviour: BehaviourFeatures, flags: [RiskFlag]) -> RiskAssessment {
        let n = score.features.transactionCount
        let (p, botReasons) = model.evaluate(transactionCount: n, behaviour)
        var f = 0.0, share = 0.0, maxSeverity = 0
        for flag in flags {
            f = max(f, flag.severity.weight * flag.exposureShare)
            share = max(share, flag.exposureShare)
            maxSeverity = max(maxSeverity, flag.severity.level)
        }
        let riskScore = 100 * (1 - (1 - p) * (1 - f))
        let confidence = RiskConfidence(transactionCount: n, accountAgeDays: score.features.accountAgeDays)
        let values = RiskMetricValues(features: score.features, lpScore: score.lpScore, swapScore: score.swapScore,
                                      finalScore: score.finalScore, percentile: score.percentile, behaviour: behaviour,
                                      botProbability: p, riskScore: riskScore, confidence: confidence,
                                      maxFlagSeverity: maxSeverity, flaggedExposureShare: share)
        var reasons: [RiskReason] = []
        for rule in rules {
            guard let value = values[rule.metric], rule.op.holds(value.value, rule.value) else { continue }
            reasons.append(RiskReason(rule: rule.rule, metric: rule.metric, op: rule.op, threshold: .parameter(rule.value),
                                      value: value, outcome: rule.outcome))
        }
        let decision: RiskDecision = reasons.contains { $0.outcome == .declined } ? .declined
            : reasons.isEmpty ? .approved : .review
        return RiskAssessment(decision: decision, riskScore: riskScore, confidence: confidence, botProbability: p,
                              botModel: model.id, botReasons: botReasons,
                              features: behaviour, flags: flags, reasons: reasons)
    }
}

/// Every number a rule can name, for one wallet (the score's numbers only: copying a whole ``WalletScore``
/// would retain each of its strings and arrays).
struct RiskMetricValues {
    let features: DexFeatures
    let lpScore: ModelNumber
    let swapScore: ModelNumber
    let finalScore: Double
    let percentile: Double?
    let behaviour: BehaviourFeatures
    let botProbability: Double
    let riskScore: Double
    let confidence: RiskConfidence
    let maxFlagSeverity: Int
    let flaggedExposureShare: Double

    /// The metric's value, typed as results print it; nil for `percentile` without a percentile table.
    subscript(metric: RiskMetric) -> ModelNumber? {
        let f = features, b = behaviour
        switch metric {
        case .totalDepositUSD: return .real(f.totalDepositUSD)
        case .totalWithdrawUSD: return .real(f.totalWithdrawUSD)
        case .numDeposits: return .count(f.numDeposits)
        case .numWithdraws: return .count(f.numWithdraws)
        case .withdrawRatio: return .real(f.withdrawRatio)
        case .avgHoldTimeDays: return .real(f.avgHoldTimeDays)
        case .accountAgeDays: return .real(f.accountAgeDays)
        case .uniquePools: return .count(f.uniquePools)
        case .totalSwapVolume: return .real(f.totalSwapVolume)
        case .numSwaps: return .count(f.numSwaps)
        case .uniquePoolsSwapped: return .count(f.uniquePoolsSwapped)
        case .avgSwapSize: return .real(f.avgSwapSize)
        case .tokenDiversityScore: return f.tokenDiversityScore
        case .swapFrequencyScore: return .real(f.swapFrequencyScore)
        case .lpScore: return lpScore
        case .swapScore: return swapScore
        case .finalScore: return .real(finalScore)
        case .transactionCount: return .count(f.transactionCount)
        case .percentile: return percentile.map(ModelNumber.real)
        case .botProbability: return .real(botProbability)
        case .riskScore: return .real(riskScore)
        case .confidenceLevel: return .count(confidence.level)
        case .maxFlagSeverity: return .count(maxFlagSeverity)
        case .flaggedExposureShare: return .real(flaggedExposureShare)
        case .txLast1h: return .count(b.txLast1h)
        case .txLast24h: return .count(b.txLast24h)
        case .maxTxPerHour: return .count(b.maxTxPerHour)
        case .burstiness: return .real(b.burstiness)
        case .hourEntropy: return .real(b.hourEntropy)
        case .poolConcentration: return .real(b.poolConcentration)
        case .swapShare: return .real(b.swapShare)
        case .meanGapHours: return .real(b.meanGapHours)
        }
    }
}
