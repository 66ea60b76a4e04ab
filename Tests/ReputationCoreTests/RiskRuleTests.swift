import Foundation
import ReputationCore
import Testing

/// Risk score, confidence, rules and decision (RISK.md §4).
@Suite struct RiskRuleTests {
    /// Three swaps of 100 USD an hour apart, the last at as_of; pool 0xP.
    let wallet = riskWallet("0xW", (0..<3).map {
        RiskTx(id: "\($0)", timestamp: exampleAsOf - 7200 + Int64($0) * 3600, pool: "0xP", sides: [("tokenIn", 100, nil)])
    })

    func rule(_ metric: RiskMetric, _ op: RiskOperator, _ value: Double, _ outcome: RiskOutcome = .review,
              name: String? = nil) -> RiskRule {
        RiskRule(rule: name ?? "\(metric.rawValue) \(op.rawValue) \(value)", metric: metric, op: op, value: value, outcome: outcome)
    }

    @Test(arguments: [
        (RiskOperator.greater, [false, false, true]), (.greaterOrEqual, [false, true, true]),
        (.less, [true, false, false]), (.lessOrEqual, [true, true, false]), (.equal, [false, true, false]),
    ])
    func operators(op: RiskOperator, expected: [Bool]) throws {
        // num_swaps is 3: thresholds 4, 3 and 2.
        let rules = [4.0, 3, 2].map { rule(.numSwaps, op, $0, name: "t\($0)") }
        let risk = try assessRisk(wallet, riskConfiguration(rules: rules))
        #expect(zip(rules, expected).filter { $0.1 }.map { $0.0.rule } == risk.reasons.map(\.rule))
        #expect(risk.decision == (expected.contains(true) ? .review : .approved))
    }

    @Test func declinedWinsOverReviewAndReasonsKeepConfigurationOrder() throws {
        let rules = [rule(.transactionCount, .equal, 3, .review, name: "a"), rule(.swapShare, .equal, 1, .declined, name: "b"),
                     rule(.poolConcentration, .less, 1, .declined, name: "c"), rule(.txLast1h, .equal, 1, .review, name: "d")]
        let risk = try assessRisk(wallet, riskConfiguration(rules: rules))
        #expect(risk.decision == .declined)
        #expect(risk.reasons.map(\.rule) == ["a", "b", "d"])
        #expect(risk.reasons.map(\.outcome) == [.review, .declined, .review])
        let approved = try assessRisk(wallet, riskConfiguration(rules: [rule(.numSwaps, .greater, 3)]))
        #expect(approved.decision == .approved && approved.reasons.isEmpty)
    }

    /// A reason prints its threshold as a parameter (whole without a fraction) and the value as results print it.
    @Test func reasonNumbersPrintAsResultsDo() throws {
        let rules = [rule(.numSwaps, .equal, 3, name: "count"), rule(.swapShare, .equal, 1, name: "share"),
                     rule(.botProbability, .equal, 0.5, name: "p"), rule(.tokenDiversityScore, .equal, 0, name: "diversity")]
        let text = RiskWriter.json(try assessRisk(wallet, riskConfiguration(rules: rules)))
        #expect(text.contains("{\"rule\":\"count\",\"metric\":\"num_swaps\",\"op\":\"==\",\"threshold\":3,\"value\":3,\"outcome\":\"REVIEW\"}"))
        #expect(text.contains("{\"rule\":\"share\",\"metric\":\"swap_share\",\"op\":\"==\",\"threshold\":1,\"value\":1.0,"))
        #expect(text.contains("{\"rule\":\"p\",\"metric\":\"bot_probability\",\"op\":\"==\",\"threshold\":0.5,\"value\":0.5,"))
        #expect(text.contains("\"metric\":\"token_diversity_score\",\"op\":\"==\",\"threshold\":0,\"value\":0,"))
    }

    @Test func everyMetricHasAValue() throws {
        // Each metric against −∞ < value: all match but percentile (no table).
        let rules = RiskMetric.allCases.map { rule($0, .greater, -1e300, name: $0.rawValue) }
        let risk = try assessRisk(wallet, riskConfiguration(rules: rules))
        #expect(risk.reasons.map(\.rule) == RiskMetric.allCases.filter { $0 != .percentile }.map(\.rawValue))
    }

    @Test func percentileRuleNeedsATable() throws {
        let rules = [rule(.percentile, .greaterOrEqual, 0)]
        #expect(try assessRisk(wallet, riskConfiguration(rules: rules)).reasons.isEmpty)
        let table = try PercentileTable(points: [(0, 0), (100, 1000)])
        let risk = try assessRisk(wallet, riskConfiguration(rules: rules, percentiles: table))
        #expect(risk.reasons.map(\.metric) == [.percentile])
    }

    @Test func riskScoreCombinesBotProbabilityAndTheWorstWeightedExposure() throws {
        // p = 0.5; flags: a medium pool entry (share 1) and a low wallet entry (share 1).
        let entries = [RiskListEntry(list: "l", kind: .pool, value: "0xp", severity: .medium, category: "c"),
                       RiskListEntry(list: "l", kind: .wallet, value: "0xw", severity: .low, category: "c")]
        let risk = try assessRisk(wallet, riskConfiguration(rules: [
            rule(.maxFlagSeverity, .equal, 2, name: "severity"), rule(.flaggedExposureShare, .equal, 1, name: "share"),
        ], entries: entries))
        // f = max(0.5·1, 0.25·1) = 0.5; 100·(1 − 0.5·0.5) = 75.
        #expect(risk.botProbability == 0.5)
        #expect(risk.riskScore == 75)
        #expect(risk.reasons.map(\.rule) == ["severity", "share"])
        let unflagged = try assessRisk(wallet, riskConfiguration(model: constantModel(intercept: -log(3))))
        #expect(abs(unflagged.riskScore - 25) < 1e-12)
    }

    @Test(arguments: [
        (2, 100.0, RiskConfidence.insufficient), (3, 100, .low), (9, 100, .low), (10, 6.99, .low),
        (10, 7, .medium), (49, 100, .medium), (50, 7, .high), (50, 6.9, .low),
    ])
    func confidenceBands(n: Int, age: Double, expected: RiskConfidence) {
        #expect(RiskConfidence(transactionCount: n, accountAgeDays: age) == expected)
    }

    @Test func confidenceLevelsAndThinHistory() throws {
        #expect(RiskConfidence.allCases.map(\.level) == [0, 1, 2, 3])
        // Two transactions: insufficient, and the embedded thin-history rule asks for review.
        let thin = try assessRisk(riskWallet([RiskTx(id: "1", timestamp: 1), RiskTx(id: "2", timestamp: 2)]), riskConfiguration())
        #expect(thin.confidence == .insufficient)
        #expect(thin.decision == .review)
        #expect(thin.reasons.map(\.rule) == ["thin-history"])
        // Sixty transactions over sixty days: high.
        let txs = (0..<60).map { RiskTx(id: "\($0)", timestamp: Int64($0) * 86400) }
        #expect(try assessRisk(riskWallet(txs), riskConfiguration(), asOf: 60 * 86400).confidence == .high)
    }

    @Test func embeddedRulesInOrder() throws {
        #expect(RiskRule.embedded.map(\.rule) == ["listed-wallet", "high-risk-score", "bot-likely", "burst-last-hour", "thin-history"])
        // A severe wallet entry and a likely bot: DECLINED, with every matched rule listed in order.
        let risk = try assessRisk(wallet, riskConfiguration(model: constantModel(intercept: 3), entries: [
            RiskListEntry(list: "l", kind: .wallet, value: "0xw", severity: .severe, category: "c"),
        ]))
        #expect(risk.decision == .declined)
        #expect(risk.reasons.map(\.rule) == ["listed-wallet", "high-risk-score", "bot-likely"])
        #expect(risk.riskScore == 100)
    }

    @Test func burstLastHour() throws {
        let txs = (0..<50).map { RiskTx(id: "\($0)", timestamp: exampleAsOf - Int64($0)) }
        let risk = try assessRisk(riskWallet(txs), riskConfiguration())
        #expect(risk.features.txLast1h == 50)
        #expect(risk.reasons.map(\.rule) == ["burst-last-hour"])
    }

    @Test func unknownMetricOpOrOutcomeNamesTheRule() {
        func error(_ fields: [String: DocumentValue]) -> RiskRuleError? {
            var document: [String: DocumentValue] = ["rule": .string("r1"), "metric": .string("risk_score"), "op": .string(">="),
                                                     "value": .number(1), "outcome": .string("REVIEW")]
            document.merge(fields) { $1 }
            do { _ = try RiskRule(document: .object(document)); return nil } catch { return error }
        }
        #expect(error([:]) == nil)
        #expect(error(["metric": .string("risk")])?.description == "rule \"r1\", field metric: unknown metric \"risk\"")
        #expect(error(["op": .string("=")])?.field == "op")
        #expect(error(["op": .string("=")])?.rule == "r1")
        #expect(error(["outcome": .string("APPROVED")])?.field == "outcome")
        #expect(error(["value": .string("1")])?.field == "value")
        #expect(error(["rule": .number(1)])?.field == "rule")
    }
}
