import Foundation
import ReputationCore
import Testing

/// One transaction of a hand-written test wallet.
struct RiskTx {
    var id: String
    var action = "swap"
    var timestamp: Int64
    var pool: String?
    /// Token sides by key (`tokenIn`, `tokenOut`, `token0`, `token1`): USD amount and address.
    var sides: [(key: String, usd: Double?, address: String?)] = []

    var json: String {
        var fields = ["\"document_id\":\"\(id)\"", "\"action\":\"\(action)\"", "\"timestamp\":\(timestamp)"]
        if let pool { fields.append("\"poolId\":\"\(pool)\"") }
        for side in sides {
            var token: [String] = []
            if let usd = side.usd { token.append("\"amountUSD\":\(usd)") }
            if let address = side.address { token.append("\"address\":\"\(address)\"") }
            fields.append("\"\(side.key)\":{\(token.joined(separator: ","))}")
        }
        return "{" + fields.joined(separator: ",") + "}"
    }
}

/// A wallet message of wallet 0xWALLET holding `transactions` in one dexes section.
func riskWallet(_ transactions: [RiskTx]) -> String {
    riskWallet("0xWALLET", transactions)
}

/// A wallet message holding `transactions` in one dexes section.
func riskWallet(_ address: String, _ transactions: [RiskTx]) -> String {
    "{\"wallet_address\":\"\(address)\",\"data\":[{\"protocolType\":\"dexes\",\"transactions\":["
        + transactions.map(\.json).joined(separator: ",") + "]}]}"
}

/// A model whose probability is 1/(1 + e^−intercept) whatever the wallet (its one coefficient is 0).
func constantModel(intercept: Double = 0, id: String = "constant") -> BotModel {
    try! BotModel(id: id, features: [.logTxCount], mean: [0], scale: [1], coef: [0], intercept: intercept)
}

/// A configuration with a bot model, optional rules and list entries.
func riskConfiguration(model: BotModel = constantModel(), rules: [RiskRule]? = nil,
                       entries: [RiskListEntry] = [], percentiles: PercentileTable? = nil) -> ThresholdConfiguration {
    var configuration = ThresholdConfiguration(percentiles: percentiles)
    configuration.risk = RiskConfiguration(rules: rules, botModel: model, lists: RiskLists(entries: entries))
    return configuration
}

/// Scores a message on both paths and returns the risk assessment of each (nil for a failure).
func riskOnBothPaths(_ json: String, _ configuration: ThresholdConfiguration, asOf: Int64 = exampleAsOf)
    -> (fast: RiskAssessment?, codable: RiskAssessment?)
{
    var session = ScoringSession(configuration: configuration)
    func risk(_ outcome: ScoringOutcome) -> RiskAssessment? {
        if case .success(let score) = outcome { score.risk } else { nil }
    }
    let bytes = Array(json.utf8)
    return (risk(session.score(bytes, asOf: asOf)), risk(session.score(decoding: Data(bytes), asOf: asOf)))
}

/// The risk assessment of a message (both paths must agree).
func assessRisk(_ json: String, _ configuration: ThresholdConfiguration, asOf: Int64 = exampleAsOf,
                sourceLocation: SourceLocation = #_sourceLocation) throws -> RiskAssessment {
    let (fast, codable) = riskOnBothPaths(json, configuration, asOf: asOf)
    #expect(fast == codable, "the one-pass and Codable paths differ", sourceLocation: sourceLocation)
    return try #require(fast, sourceLocation: sourceLocation)
}

/// A JSON object's text as a dictionary (`risk` may be `null`: kept as NSNull).
func riskJSON(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

/// The project's risk fixtures (copies of the contract's worked examples).
let riskFixtures = fixtures.appendingPathComponent("risk")
