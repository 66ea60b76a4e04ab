import Foundation

extension StoredResult {
    /// Lifts the indexed fields from a result line (MODEL.md §5, with RISK.md §5's `risk` when present):
    /// `final_score` is the `dexes` category's score; `decision`, `risk_score` and `bot_probability` come
    /// from `risk`; `error_code` marks a failure.
    /// - Parameter resultLine: one compact JSON result (no newline); kept whole as ``result``.
    /// - Throws: `DecodingError` when the line is not a result.
    public init(key: String, source: String, resultLine: String) throws {
        let lifted = try JSONDecoder().decode(LiftedFields.self, from: Data(resultLine.utf8))
        self.init(key: key, walletAddress: lifted.wallet_address, asOf: lifted.as_of, timestamp: lifted.timestamp,
                  finalScore: lifted.categories?.first(where: { $0.category == "dexes" })?.score,
                  percentile: lifted.percentile, decision: lifted.risk?.decision, riskScore: lifted.risk?.risk_score,
                  botProbability: lifted.risk?.bot_probability, parametersID: lifted.parameters_id,
                  errorCode: lifted.error_code, source: source, result: resultLine)
    }
}

/// The fields of a result line that a stored result lifts (names as on the wire).
private struct LiftedFields: Decodable {
    struct Category: Decodable {
        var category: String?
        var score: Double?
    }
    struct Risk: Decodable {
        var decision: String?
        var risk_score: Double?
        var bot_probability: Double?
    }
    var wallet_address: String?
    var as_of: Int64?
    var timestamp: Int64
    var percentile: Double?
    var parameters_id: String?
    var error_code: String?
    var categories: [Category]?
    var risk: Risk?
}
