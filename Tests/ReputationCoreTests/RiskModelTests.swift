import Foundation
import ReputationCore
import Testing
import WalletCorpus

/// The bot model document and its probability (RISK.md §2).
@Suite struct RiskModelTests {
    static let document: [String: DocumentValue] = [
        "model": .string("bot-v1"), "id": .string("m1"),
        "features": .array([.string("swap_share"), .string("log_tx_count"), .string("burstiness")]),
        "mean": .array([.number(0.5), .number(1), .number(0)]), "scale": .array([.number(0.25), .number(2), .number(0.5)]),
        "coef": .array([.number(1), .number(-2), .number(0.5)]), "intercept": .number(-1),
    ]

    func error(_ changes: [String: DocumentValue]) -> BotModelError? {
        do { _ = try BotModel(document: .object(Self.document.merging(changes) { $1 })); return nil } catch { return error }
    }

    @Test func validDocumentReadsAndRoundTrips() throws {
        let model = try BotModel(document: .object(Self.document))
        #expect(model.features == [.swapShare, .logTxCount, .burstiness])
        #expect(try BotModel(document: model.document) == model)
        let encoded = try JSONEncoder().encode(model)
        #expect(try JSONDecoder().decode(BotModel.self, from: encoded) == model)
    }

    @Test func invalidDocumentsNameTheField() {
        #expect(error(["model": .string("bot-v2")])?.field == "model")
        #expect(error(["id": .string("")])?.field == "id")
        #expect(error(["features": .array([])])?.field == "features")
        #expect(error(["features": .array([.string("swap_share"), .string("nope"), .string("burstiness")])])?.field == "features[1]")
        #expect(error(["features": .array([.string("swap_share"), .string("burstiness"), .string("swap_share")])])
            == BotModelError(field: "features[2]", problem: "swap_share is repeated"))
        #expect(error(["mean": .array([.number(1)])]) == BotModelError(field: "mean", problem: "expected 3 numbers (one per feature), got 1"))
        #expect(error(["coef": .array([.number(1), .number(2)])])?.field == "coef")
        #expect(error(["scale": .array([.number(1), .number(0), .number(1)])])?.field == "scale[1]")
        #expect(error(["scale": .array([.number(1), .number(1), .number(-1)])])?.field == "scale[2]")
        #expect(error(["mean": .array([.number(1), .string("x"), .number(1)])])?.field == "mean[1]")
        #expect(error(["intercept": .null])?.field == "intercept")
    }

    @Test func inputsByName() {
        let f = BehaviourFeatures(txLast1h: 0, txLast24h: 0, maxTxPerHour: 4, meanGapHours: 2, burstiness: -0.25,
                                  hourEntropy: 0.5, poolConcentration: 0.75, swapShare: 0.2)
        let values = BotFeature.allCases.map { $0.value(transactionCount: 9, f) }
        #expect(values == [log(10), -0.25, 0.5, log(5), 0.75, 0.2, log(3)])
    }

    @Test func probabilityContributionsAndReasons() throws {
        let model = try BotModel(document: .object(Self.document))
        let x = [1.0, log(3.0), -0.5]
        // z_k = (1 − 0.5)/0.25 = 2, (ln 3 − 1)/2, (−0.5 − 0)/0.5 = −1; c = 2, −2·z_2, −0.5.
        let c = model.contributions(x)
        #expect(c == [2, -2 * ((log(3.0) - 1) / 2), -0.5])
        var z = -1.0
        for value in c { z += value }
        #expect(model.probability(contributions: c) == 1 / (1 + exp(-z)))
        #expect(model.reasons(inputs: x, contributions: c) == [BotReason(feature: "swap_share", value: 1, contribution: 2)])
    }

    @Test func reasonsAreTheTopThreePositiveTiesInModelOrder() throws {
        let model = try BotModel(id: "r", features: BotFeature.allCases, mean: Array(repeating: 0, count: 7),
                                 scale: Array(repeating: 1, count: 7), coef: Array(repeating: 1, count: 7), intercept: 0)
        let x = [0.5, 2, -1, 0.5, 2, 0, 1]
        let reasons = model.reasons(inputs: x, contributions: model.contributions(x))
        #expect(reasons.map(\.feature) == ["burstiness", "pool_concentration", "log_mean_gap_hours"])
        let two = model.reasons(inputs: [0, 0, -1, 0, 0, 0.5, 0.5], contributions: model.contributions([0, 0, -1, 0, 0, 0.5, 0.5]))
        #expect(two.map(\.feature) == ["swap_share", "log_mean_gap_hours"])
    }
    /// Reasons against the rule written plainly: the positive contributions ordered by size, ties by model
    /// order, the first three, for many contribution vectors full of ties.
    @Test(.timeLimit(.minutes(1))) func reasonsEqualSortingThePositiveContributions() throws {
        let model = try BotModel(id: "r", features: BotFeature.allCases, mean: Array(repeating: 0, count: 7),
                                 scale: Array(repeating: 1, count: 7), coef: Array(repeating: 1, count: 7), intercept: 0)
        var generator = SeededGenerator(seed: 11)
        var wrong: [[Double]] = []
        for _ in 0..<5_000 {
            let x = (0..<7).map { _ in Double(Int(generator.next() % 7) - 3) / 2 }   // −1.5 … 1.5, many ties
            let c = model.contributions(x)
            let expected = c.indices.filter { c[$0] > 0 }.sorted { c[$0] > c[$1] || (c[$0] == c[$1] && $0 < $1) }.prefix(3)
                .map { BotReason(feature: BotFeature.allCases[$0].rawValue, value: x[$0], contribution: c[$0]) }
            if model.reasons(inputs: x, contributions: c) != Array(expected) { wrong.append(x) }
        }
        #expect(wrong.count == 0, "for inputs such as \(wrong.prefix(3))")
    }
}
