/// The `risk` object of a success result (RISK.md §5).
public struct RiskAssessment: Sendable, Equatable, Codable {
    /// The assessment's model name carried by every `risk` object.
    public static let version = "risk-v1"

    public var modelVersion: String = RiskAssessment.version
    public var decision: RiskDecision
    /// 100·(1 − (1 − bot_probability)·(1 − f)), f the largest weighted exposure share of the flags.
    public var riskScore: Double
    public var confidence: RiskConfidence
    public var botProbability: Double
    /// The bot model's id.
    public var botModel: String
    public var botReasons: [BotReason]
    public var features: BehaviourFeatures
    public var flags: [RiskFlag]
    /// Every matched rule, in configuration order.
    public var reasons: [RiskReason]

    public init(decision: RiskDecision, riskScore: Double, confidence: RiskConfidence, botProbability: Double,
                botModel: String, botReasons: [BotReason], features: BehaviourFeatures, flags: [RiskFlag],
                reasons: [RiskReason]) {
        self.decision = decision
        self.riskScore = riskScore
        self.confidence = confidence
        self.botProbability = botProbability
        self.botModel = botModel
        self.botReasons = botReasons
        self.features = features
        self.flags = flags
        self.reasons = reasons
    }

    enum CodingKeys: String, CodingKey {
        case modelVersion = "model_version", decision, riskScore = "risk_score", confidence
        case botProbability = "bot_probability", botModel = "bot_model", botReasons = "bot_reasons"
        case features, flags, reasons
    }
}

/// A matched rule in a result.
public struct RiskReason: Sendable, Equatable, Codable {
    public var rule: String
    public var metric: RiskMetric
    public var op: RiskOperator
    /// The rule's value; printed without a fraction when whole (a parameter, MODEL.md §5).
    public var threshold: ModelNumber
    /// The metric's value for this wallet; printed as the metric prints in results (counts as integers).
    public var value: ModelNumber
    public var outcome: RiskOutcome

    public init(rule: String, metric: RiskMetric, op: RiskOperator, threshold: ModelNumber, value: ModelNumber,
                outcome: RiskOutcome) {
        self.rule = rule
        self.metric = metric
        self.op = op
        self.threshold = threshold
        self.value = value
        self.outcome = outcome
    }

    enum CodingKeys: String, CodingKey { case rule, metric, op, threshold, value, outcome }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        rule = try c.decode(String.self, forKey: .rule)
        metric = try c.decode(RiskMetric.self, forKey: .metric)
        op = try c.decode(RiskOperator.self, forKey: .op)
        threshold = .parameter(try c.decode(Double.self, forKey: .threshold))
        value = .parameter(try c.decode(Double.self, forKey: .value))
        outcome = try c.decode(RiskOutcome.self, forKey: .outcome)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rule, forKey: .rule)
        try c.encode(metric, forKey: .metric)
        try c.encode(op, forKey: .op)
        try c.encode(threshold.value, forKey: .threshold)
        try c.encode(value.value, forKey: .value)
        try c.encode(outcome, forKey: .outcome)
    }
}
