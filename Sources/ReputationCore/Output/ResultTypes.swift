/// A success result as written on the wire (MODEL.md §5), for consumers that read results back.
public struct SuccessResult: Codable, Sendable, Equatable {
    public var walletAddress: String
    public var zscore: String
    public var timestamp: Int64
    public var processingTimeMs: Double
    public var modelVersion: String
    public var parametersId: String
    public var asOf: Int64
    public var percentile: Double?
    public var categories: [Category]
    /// The risk assessment (RISK.md §5); nil in results written without the risk layer.
    public var risk: RiskAssessment?

    /// The `dexes` category of a success result.
    public struct Category: Codable, Sendable, Equatable {
        public var category: String
        public var score: Double
        public var transactionCount: Int
        public var features: [String: Double]
        public var tags: [String]
        public var breakdown: Breakdown

        enum CodingKeys: String, CodingKey {
            case category, score, transactionCount = "transaction_count", features, tags, breakdown
        }
    }

    /// Part scores by sub-score.
    public struct Breakdown: Codable, Sendable, Equatable {
        public var liquidityProvision: [String: Double]
        public var trading: [String: Double]

        enum CodingKeys: String, CodingKey {
            case liquidityProvision = "liquidity_provision", trading
        }
    }

    enum CodingKeys: String, CodingKey {
        case walletAddress = "wallet_address", zscore, timestamp, processingTimeMs = "processing_time_ms"
        case modelVersion = "model_version", parametersId = "parameters_id", asOf = "as_of", percentile, categories, risk
    }
}

/// A failure result as written on the wire (MODEL.md §5).
public struct FailureResult: Codable, Sendable, Equatable {
    public var walletAddress: String?
    public var error: String
    public var errorCode: ScoringFailure.Code
    /// The input the message came from (`score-wallet` only; `-` for standard input).
    public var input: String?
    /// The 1-based line where the message began in ``input`` (`score-wallet` only).
    public var line: Int?
    public var timestamp: Int64
    public var processingTimeMs: Double
    public var categories: [Category]

    /// The `dexes` category of a failure, present when the error concerns its transactions.
    public struct Category: Codable, Sendable, Equatable {
        public var category: String
        public var error: String
        public var transactionCount: Int

        enum CodingKeys: String, CodingKey { case category, error, transactionCount = "transaction_count" }
    }

    enum CodingKeys: String, CodingKey {
        case walletAddress = "wallet_address", error, errorCode = "error_code", input, line, timestamp
        case processingTimeMs = "processing_time_ms", categories
    }
}
