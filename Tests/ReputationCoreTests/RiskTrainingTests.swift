import Foundation
import ReputationCore
import Testing

/// Training the bot model (RISK.md §2): the optimum of the regularised loss, AUC, cross-validation.
@Suite struct RiskTrainingTests {
    /// a bots and b others at x = +1; b bots and a others at x = −1. Standardised z = x, and by symmetry
    /// the intercept is 0, so the coefficient solves 2(−a·σ(−w) + b·σ(w)) + w/C = 0: found by bisection.
    @Test(arguments: [(7, 3, 1.0), (7, 3, 0.1), (2, 9, 5.0)])
    func oneFeatureMatchesBisection(a: Int, b: Int, c: Double) throws {
        var rows: [[Double]] = [], labels: [Bool] = []
        for _ in 0..<a { rows.append([1]); labels.append(true); rows.append([-1]); labels.append(false) }
        for _ in 0..<b { rows.append([1]); labels.append(false); rows.append([-1]); labels.append(true) }
        let model = try BotModelTraining.train(.init(features: [.swapShare], rows: rows, labels: labels), c: c, id: "t", source: "test")
        func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
        func derivative(_ w: Double) -> Double { 2 * (-Double(a) * sigmoid(-w) + Double(b) * sigmoid(w)) + w / c }
        var low = -50.0, high = 50.0
        for _ in 0..<200 {
            let mid = (low + high) / 2
            if derivative(mid) > 0 { high = mid } else { low = mid }
        }
        #expect(model.mean == [0] && model.scale == [1])
        #expect(abs(model.intercept) < 1e-9)
        #expect(abs(model.coef[0] - (low + high) / 2) < 1e-9, "\(model.coef[0]) vs \((low + high) / 2)")
        #expect(model.trained?.rows == rows.count && model.trained?.positives == a + b && model.trained?.c == c)
    }

    /// A constant input standardises to 0, so only the intercept, which is not penalised, can fit:
    /// its optimum is the log-odds of the labels, ln(P/N).
    @Test func unpenalisedInterceptIsTheLogOdds() throws {
        let labels = [true, true, false, true, true, false, true, false, true, true]
        let data = BotModelTraining.Data(features: [.hourEntropy], rows: labels.map { _ in [3] }, labels: labels)
        let model = try BotModelTraining.train(data, c: 0.01, id: "t", source: "test")
        #expect(abs(model.intercept - log(7.0 / 3)) < 1e-12)
        #expect(model.coef == [0])
    }

    /// A deterministic, overlapping two-feature problem.
    static func data(count: Int = 400) -> BotModelTraining.Data {
        var state: UInt64 = 42
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        var rows: [[Double]] = [], labels: [Bool] = []
        for _ in 0..<count {
            let bot = uniform() < 0.3
            rows.append([uniform() * 3 + (bot ? 1.5 : 0), uniform() * 10 - (bot ? 2 : 0), 5])
            labels.append(bot)
        }
        return .init(features: [.logTxCount, .burstiness, .hourEntropy], rows: rows, labels: labels)
    }

    @Test func gradientVanishesAtTheResultAndEveryNeighbourIsWorse() throws {
        let data = Self.data()
        let model = try BotModelTraining.train(data, id: "t", source: "test")
        // The constant third feature keeps scale 1 and gets coefficient 0.
        #expect(model.scale[2] == 1 && model.mean[2] == 5)
        #expect(abs(model.coef[2]) < 1e-12)
        let z = data.rows.map { row in row.indices.map { (row[$0] - model.mean[$0]) / model.scale[$0] } }
        let g = BotModelTraining.gradient(intercept: model.intercept, coef: model.coef, z: z, labels: data.labels, c: 1)
        #expect(g.map { $0 * $0 }.reduce(0, +).squareRoot() < 1e-8, "\(g)")
        let best = BotModelTraining.loss(intercept: model.intercept, coef: model.coef, z: z, labels: data.labels, c: 1)
        for k in 0...model.coef.count {
            for delta in [-1e-4, 1e-4] {
                var theta = [model.intercept] + model.coef
                theta[k] += delta
                let value = BotModelTraining.loss(intercept: theta[0], coef: Array(theta.dropFirst()), z: z, labels: data.labels, c: 1)
                #expect(value > best)
            }
        }
        #expect(model.coef[0] > 0 && model.coef[1] < 0)
        #expect((model.trained?.auc ?? 0) > 0.75)
    }

    @Test func sameInputSameOutput() throws {
        let a = try BotModelTraining.train(Self.data(), c: 0.5, id: "t", source: "s")
        let b = try BotModelTraining.train(Self.data(), c: 0.5, id: "t", source: "s")
        #expect(a == b)
        #expect(try BotModelTraining.crossValidatedAUC(Self.data(), folds: 4) == BotModelTraining.crossValidatedAUC(Self.data(), folds: 4))
    }

    @Test func separableDataHasAFiniteOptimum() throws {
        let rows = (0..<40).map { [Double($0) - 19.5] }, labels = (0..<40).map { $0 >= 20 }
        let data = BotModelTraining.Data(features: [.burstiness], rows: rows, labels: labels)
        let model = try BotModelTraining.train(data, id: "t", source: "test")
        #expect(model.coef[0].isFinite && model.coef[0] > 1)
        let z = rows.map { [($0[0] - model.mean[0]) / model.scale[0]] }
        let g = BotModelTraining.gradient(intercept: model.intercept, coef: model.coef, z: z, labels: labels, c: 1)
        #expect(g.map(abs).max()! < 1e-9)
        #expect(model.trained?.auc == 1)
        #expect(try BotModelTraining.crossValidatedAUC(data, folds: 5) == 1)
    }

    @Test func standardisationUsesThePopulationStandardDeviation() throws {
        let data = BotModelTraining.Data(features: [.swapShare], rows: [[1], [2], [3], [4]], labels: [false, true, false, true])
        let model = try BotModelTraining.train(data, id: "t", source: "test")
        #expect(model.mean == [2.5])
        #expect(model.scale == [(1.25).squareRoot()])
    }

    @Test func aucCountsTiesAsHalf() {
        #expect(BotModelTraining.auc(scores: [0.1, 0.4, 0.35, 0.8], labels: [false, false, true, true]) == 0.75)
        #expect(BotModelTraining.auc(scores: [0.5, 0.5], labels: [true, false]) == 0.5)
        #expect(BotModelTraining.auc(scores: [0.2, 0.5, 0.5, 0.9], labels: [false, true, false, true]) == 0.875)
        #expect(BotModelTraining.auc(scores: [0.2, 0.5], labels: [true, true]) == nil)
    }

    @Test func precisionAndRecallAtThresholds() {
        let measures = BotModelTraining.precisionRecall(scores: [0.9, 0.8, 0.3, 0.1], labels: [true, false, true, false],
                                                        thresholds: [0, 0.5, 0.95])
        #expect(measures.map(\.precision) == [0.5, 0.5, 0])
        #expect(measures.map(\.recall) == [1, 0.5, 0])
    }

    @Test func unusableDataIsAnError() {
        let one = BotModelTraining.Data(features: [.swapShare], rows: [[1], [2]], labels: [true, true])
        #expect(throws: TrainingError.self) { try BotModelTraining.train(one, id: "t", source: "") }
        let ragged = BotModelTraining.Data(features: [.swapShare], rows: [[1], [2, 3]], labels: [true, false])
        #expect(throws: TrainingError.invalid("row 1: expected 1 values, got 2")) { try BotModelTraining.train(ragged, id: "t", source: "") }
        let few = BotModelTraining.Data(features: [.swapShare], rows: [[1], [2], [3]], labels: [true, false, false])
        #expect(throws: TrainingError.self) { try BotModelTraining.crossValidatedAUC(few, folds: 2) }
    }
}
