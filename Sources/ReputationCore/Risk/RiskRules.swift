/// A number of a result that a rule can test (RISK.md §4), by its name in results.
public enum RiskMetric: String, Sendable, Codable, CaseIterable {
    // dex-v1 (MODEL.md §5)
    case totalDepositUSD = "total_deposit_usd", totalWithdrawUSD = "total_withdraw_usd"
    case numDeposits = "num_deposits", numWithdraws = "num_withdraws", withdrawRatio = "withdraw_ratio"
    case avgHoldTimeDays = "avg_hold_time_days", accountAgeDays = "account_age_days", uniquePools = "unique_pools"
    case totalSwapVolume = "total_swap_volume", numSwaps = "num_swaps", uniquePoolsSwapped = "unique_pools_swapped"
    case avgSwapSize = "avg_swap_size", tokenDiversityScore = "token_diversity_score"
    case swapFrequencyScore = "swap_frequency_score", lpScore = "lp_score", swapScore = "swap_score"
    case finalScore = "final_score", transactionCount = "transaction_count", percentile
    // risk-v1
    case botProbability = "bot_probability", riskScore = "risk_score", confidenceLevel = "confidence_level"
    case maxFlagSeverity = "max_flag_severity", flaggedExposureShare = "flagged_exposure_share"
    case txLast1h = "tx_last_1h", txLast24h = "tx_last_24h", maxTxPerHour = "max_tx_per_hour"
    case burstiness, hourEntropy = "hour_entropy", poolConcentration = "pool_concentration", swapShare = "swap_share"
    case meanGapHours = "mean_gap_hours"
}

/// A rule's comparison.
public enum RiskOperator: String, Sendable, Codable, CaseIterable {
    case greater = ">", greaterOrEqual = ">=", less = "<", lessOrEqual = "<=", equal = "=="

    /// `value op threshold`.
    public func holds(_ value: Double, _ threshold: Double) -> Bool {
        switch self {
        case .greater: value > threshold
        case .greaterOrEqual: value >= threshold
        case .less: value < threshold
        case .lessOrEqual: value <= threshold
        case .equal: value == threshold
        }
    }
}

/// What a matched rule asks for.
public enum RiskOutcome: String, Sendable, Codable, CaseIterable {
    case review = "REVIEW"
    case declined = "DECLINED"
}

/// A decision rule: `metric op value` gives `outcome`.
public struct RiskRule: Sendable, Equatable, Codable {
    /// The rule's name, e.g. `bot-likely`.
    public var rule: String
    public var metric: RiskMetric
    public var op: RiskOperator
    /// The threshold.
    public var value: Double
    public var outcome: RiskOutcome

    public init(rule: String, metric: RiskMetric, op: RiskOperator, value: Double, outcome: RiskOutcome) {
        self.rule = rule
        self.metric = metric
        self.op = op
        self.value = value
        self.outcome = outcome
    }

    /// The embedded rules of RISK.md §4, in order; they apply when no rule is configured.
    public static let embedded: [RiskRule] = [
        RiskRule(rule: "listed-wallet", metric: .maxFlagSeverity, op: .greaterOrEqual, value: 4, outcome: .declined),
        RiskRule(rule: "high-risk-score", metric: .riskScore, op: .greaterOrEqual, value: 75, outcome: .review),
        RiskRule(rule: "bot-likely", metric: .botProbability, op: .greaterOrEqual, value: 0.8, outcome: .review),
        RiskRule(rule: "burst-last-hour", metric: .txLast1h, op: .greaterOrEqual, value: 50, outcome: .review),
        RiskRule(rule: "thin-history", metric: .confidenceLevel, op: .equal, value: 0, outcome: .review),
    ]

    /// Reads a rule document (`{"rule", "metric", "op", "value", "outcome"}`); errors name the rule.
    public init(document: DocumentValue) throws(RiskRuleError) {
        guard case .string(let name)? = document["rule"], !name.isEmpty else {
            throw RiskRuleError(rule: nil, field: "rule", problem: "expected a non-empty rule name, got \(document["rule"]?.description ?? "nothing")")
        }
        func text(_ field: String) throws(RiskRuleError) -> String {
            guard case .string(let text)? = document[field] else {
                throw RiskRuleError(rule: name, field: field, problem: "expected a string, got \(document[field]?.description ?? "nothing")")
            }
            return text
        }
        let metricName = try text("metric"), opName = try text("op"), outcomeName = try text("outcome")
        guard let metric = RiskMetric(rawValue: metricName) else {
            throw RiskRuleError(rule: name, field: "metric", problem: "unknown metric \(FoundValue.quoted(metricName))")
        }
        guard let op = RiskOperator(rawValue: opName) else {
            throw RiskRuleError(rule: name, field: "op", problem: "unknown op \(FoundValue.quoted(opName)); expected one of >, >=, <, <=, ==")
        }
        guard let outcome = RiskOutcome(rawValue: outcomeName) else {
            throw RiskRuleError(rule: name, field: "outcome", problem: "unknown outcome \(FoundValue.quoted(outcomeName)); expected REVIEW or DECLINED")
        }
        guard case .number(let value)? = document["value"], value.isFinite else {
            throw RiskRuleError(rule: name, field: "value", problem: "expected a finite number, got \(document["value"]?.description ?? "nothing")")
        }
        self.init(rule: name, metric: metric, op: op, value: value, outcome: outcome)
    }

    /// The rule as a thresholds document of the `dexes` protocol type.
    public var document: DocumentValue {
        .object(["protocolType": .string("dexes"), "rule": .string(rule), "metric": .string(metric.rawValue),
                 "op": .string(op.rawValue), "value": .number(value), "outcome": .string(outcome.rawValue)])
    }

    var canonicalText: String {
        "rule=\(rule)|\(metric.rawValue)|\(op.rawValue)|\(NumberFormatting.shortest(value))|\(outcome.rawValue)\n"
    }
}

/// A rule document that cannot be used: names the rule (when it has a name), the field and the problem.
public struct RiskRuleError: Error, Equatable, CustomStringConvertible {
    public var rule: String?
    public var field: String
    public var problem: String

    public var description: String {
        if let rule { "rule \(FoundValue.quoted(rule)), field \(field): \(problem)" } else { "field \(field): \(problem)" }
    }
}
