import Foundation

/// Fits a bot model as RISK.md §2 defines it: L2-regularised logistic regression on standardised inputs
/// (scikit-learn's `LogisticRegression(C=C)`), the intercept not penalised, solved by Newton's method
/// (iteratively reweighted least squares) with a backtracking line search to the unique optimum.
/// Also the measures a `train` command reports: AUC, k-fold cross-validated AUC, precision and recall.
public enum BotModelTraining {
    /// Labelled training data: one row of raw inputs x (in `features` order) per wallet.
    public struct Data: Sendable {
        public var features: [BotFeature]
        public var rows: [[Double]]
        /// True for a bot.
        public var labels: [Bool]

        public init(features: [BotFeature], rows: [[Double]], labels: [Bool]) {
            self.features = features
            self.rows = rows
            self.labels = labels
        }
    }

    /// The optimum of the regularised loss on standardised inputs.
    public struct Fit: Sendable, Equatable {
        public var intercept: Double
        public var coef: [Double]
        /// The Euclidean norm of the loss's gradient at the result (≈ 0 at the optimum).
        public var gradientNorm: Double
        public var iterations: Int
    }

    /// Trains a model: standardises the inputs (mean, population standard deviation; 1 where that is 0),
    /// then fits the coefficients.
    /// - Throws: ``TrainingError`` when there are no rows, a row has the wrong length or a non-finite
    ///   value, or only one class is present (no finite optimum).
    public static func train(_ data: Data, c: Double = 1, id: String, source: String) throws(TrainingError) -> BotModel {
        try check(data, c: c)
        let (mean, scale) = standardisation(data.rows, width: data.features.count)
        let fit = fit(standardised(data.rows, mean, scale), data.labels, c: c)
        let model: BotModel
        do {
            model = try BotModel(id: id, features: data.features, mean: mean, scale: scale, coef: fit.coef,
                                 intercept: fit.intercept, trained: nil)
        } catch {
            throw .invalid(error.description)
        }
        var trained = model
        let scores = data.rows.map { trained.probability(contributions: trained.contributions($0)) }
        trained.trained = TrainingRecord(rows: data.rows.count, positives: data.labels.filter { $0 }.count, c: c,
                                         auc: auc(scores: scores, labels: data.labels) ?? 0, source: source)
        return trained
    }

    static func check(_ data: Data, c: Double) throws(TrainingError) {
        guard c > 0, c.isFinite else { throw .invalid("C must be a finite number > 0") }
        guard !data.features.isEmpty else { throw .invalid("no features") }
        guard !data.rows.isEmpty, data.rows.count == data.labels.count else {
            throw .invalid("expected one label per row, got \(data.rows.count) rows and \(data.labels.count) labels")
        }
        for (i, row) in data.rows.enumerated() {
            guard row.count == data.features.count else {
                throw .invalid("row \(i): expected \(data.features.count) values, got \(row.count)")
            }
            guard row.allSatisfy(\.isFinite) else { throw .invalid("row \(i): a value is not finite") }
        }
        guard data.labels.contains(true), data.labels.contains(false) else {
            throw .invalid("both classes are needed (bots and non-bots)")
        }
    }

    /// mean_k over the rows and scale_k their population standard deviation (1 where that is 0).
    static func standardisation(_ rows: [[Double]], width: Int) -> (mean: [Double], scale: [Double]) {
        let n = Double(rows.count)
        var mean = [Double](repeating: 0, count: width), scale = [Double](repeating: 0, count: width)
        for k in 0..<width {
            var sum = 0.0
            for row in rows { sum += row[k] }
            mean[k] = sum / n
            var squares = 0.0
            for row in rows { squares += (row[k] - mean[k]) * (row[k] - mean[k]) }
            let sd = (squares / n).squareRoot()
            scale[k] = sd > 0 ? sd : 1
        }
        return (mean, scale)
    }

    static func standardised(_ rows: [[Double]], _ mean: [Double], _ scale: [Double]) -> [[Double]] {
        rows.map { row in row.indices.map { (row[$0] - mean[$0]) / scale[$0] } }
    }

    /// Σ log(1 + exp(−s_i·m_i)) + (1/(2C))·Σ coef², m_i = intercept + coef·z_i, s_i = ±1.
    public static func loss(intercept: Double, coef: [Double], z: [[Double]], labels: [Bool], c: Double) -> Double {
        var total = 0.0
        for (row, label) in zip(z, labels) {
            total += softplus(-(label ? 1 : -1) * margin(intercept, coef, row))
        }
        var penalty = 0.0
        for w in coef { penalty += w * w }
        return total + penalty / (2 * c)
    }

    /// The loss's gradient: (∂/∂intercept, ∂/∂coef_1, …).
    public static func gradient(intercept: Double, coef: [Double], z: [[Double]], labels: [Bool], c: Double) -> [Double] {
        var g = [Double](repeating: 0, count: coef.count + 1)
        for (row, label) in zip(z, labels) {
            let residual = sigmoid(margin(intercept, coef, row)) - (label ? 1 : 0)
            g[0] += residual
            for k in row.indices { g[k + 1] += residual * row[k] }
        }
        for k in coef.indices { g[k + 1] += coef[k] / c }
        return g
    }

    /// Newton's method from zero; stops when the gradient vanishes (to rounding) or stops shrinking.
    public static func fit(_ z: [[Double]], _ labels: [Bool], c: Double, maxIterations: Int = 100) -> Fit {
        let d = z.first?.count ?? 0
        var theta = [Double](repeating: 0, count: d + 1)
        var value = loss(intercept: 0, coef: Array(theta.dropFirst()), z: z, labels: labels, c: c)
        var g = gradient(intercept: 0, coef: Array(theta.dropFirst()), z: z, labels: labels, c: c)
        let tolerance = 1e-12 * Double(max(z.count, 1))
        var iterations = 0
        while iterations < maxIterations, norm(g) > tolerance {
            iterations += 1
            guard let step = solve(hessian(theta, z, c: c), g) else { break }
            var slope = 0.0
            for k in step.indices { slope += g[k] * step[k] }
            var t = 1.0, moved = false
            while t >= 1e-10 {
                let candidate = theta.indices.map { theta[$0] - t * step[$0] }
                let candidateValue = loss(intercept: candidate[0], coef: Array(candidate.dropFirst()), z: z, labels: labels, c: c)
                let candidateGradient = gradient(intercept: candidate[0], coef: Array(candidate.dropFirst()), z: z, labels: labels, c: c)
                // Armijo's condition; at rounding level the loss cannot show progress, the gradient still can.
                if candidateValue <= value - 1e-4 * t * slope || (candidateValue <= value && norm(candidateGradient) < norm(g)) {
                    (theta, value, g, moved) = (candidate, candidateValue, candidateGradient, true)
                    break
                }
                t /= 2
            }
            if !moved { break }
        }
        return Fit(intercept: theta[0], coef: Array(theta.dropFirst()), gradientNorm: norm(g), iterations: iterations)
    }

    /// Σ p(1 − p)·[1, z][1, z]ᵀ + diag(0, 1/C, …).
    static func hessian(_ theta: [Double], _ z: [[Double]], c: Double) -> [[Double]] {
        let m = theta.count
        var h = [[Double]](repeating: [Double](repeating: 0, count: m), count: m)
        let coef = Array(theta.dropFirst())
        for row in z {
            let p = sigmoid(margin(theta[0], coef, row))
            let w = p * (1 - p)
            for a in 0..<m {
                let xa = a == 0 ? 1 : row[a - 1]
                for b in 0...a {
                    let xb = b == 0 ? 1 : row[b - 1]
                    h[a][b] += w * xa * xb
                }
            }
        }
        for a in 0..<m {
            if a > 0 { h[a][a] += 1 / c }
            for b in 0..<a { h[b][a] = h[a][b] }
        }
        return h
    }

    /// Solves H x = g by Cholesky decomposition; nil when H is not positive definite.
    static func solve(_ h: [[Double]], _ g: [Double]) -> [Double]? {
        let m = g.count
        var l = [[Double]](repeating: [Double](repeating: 0, count: m), count: m)
        for i in 0..<m {
            for j in 0...i {
                var sum = h[i][j]
                for k in 0..<j { sum -= l[i][k] * l[j][k] }
                if i == j {
                    guard sum > 0 else { return nil }
                    l[i][i] = sum.squareRoot()
                } else {
                    l[i][j] = sum / l[j][j]
                }
            }
        }
        var y = [Double](repeating: 0, count: m)
        for i in 0..<m {
            var sum = g[i]
            for k in 0..<i { sum -= l[i][k] * y[k] }
            y[i] = sum / l[i][i]
        }
        var x = [Double](repeating: 0, count: m)
        for i in stride(from: m - 1, through: 0, by: -1) {
            var sum = y[i]
            for k in (i + 1)..<m { sum -= l[k][i] * x[k] }
            x[i] = sum / l[i][i]
        }
        return x
    }

    static func margin(_ intercept: Double, _ coef: [Double], _ row: [Double]) -> Double {
        var m = intercept
        for k in coef.indices { m += coef[k] * row[k] }
        return m
    }

    static func sigmoid(_ x: Double) -> Double {
        x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x))
    }

    /// log(1 + exp(x)) without overflow.
    static func softplus(_ x: Double) -> Double {
        max(x, 0) + log1p(exp(-abs(x)))
    }

    static func norm(_ v: [Double]) -> Double {
        var sum = 0.0
        for x in v { sum += x * x }
        return sum.squareRoot()
    }

    // MARK: - Measures

    /// The area under the ROC curve by the Mann-Whitney statistic, tied scores counting one half;
    /// nil without both classes.
    public static func auc(scores: [Double], labels: [Bool]) -> Double? {
        let positives = labels.filter { $0 }.count, negatives = labels.count - positives
        guard positives > 0, negatives > 0 else { return nil }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var rankSum = 0.0
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && scores[order[j + 1]] == scores[order[i]] { j += 1 }
            let averageRank = Double(i + j + 2) / 2   // ranks are 1-based
            for k in i...j where labels[order[k]] { rankSum += averageRank }
            i = j + 1
        }
        let p = Double(positives), n = Double(negatives)
        return (rankSum - p * (p + 1) / 2) / (p * n)
    }

    /// The mean AUC over k stratified folds: the j-th bot (in row order) is in fold j mod k, and so is the
    /// j-th non-bot; each fold is scored by a model trained (standardisation included) on the others.
    /// - Throws: ``TrainingError`` when a class has fewer than k rows.
    public static func crossValidatedAUC(_ data: Data, folds k: Int = 5, c: Double = 1) throws(TrainingError) -> Double {
        try check(data, c: c)
        guard k >= 2 else { throw .invalid("at least 2 folds are needed") }
        let positives = data.labels.filter { $0 }.count
        guard positives >= k, data.labels.count - positives >= k else {
            throw .invalid("\(k) folds need at least \(k) rows of each class")
        }
        var fold = [Int](repeating: 0, count: data.rows.count)
        var seen = (bots: 0, others: 0)
        for (i, label) in data.labels.enumerated() {
            if label { fold[i] = seen.bots % k; seen.bots += 1 } else { fold[i] = seen.others % k; seen.others += 1 }
        }
        var total = 0.0
        for f in 0..<k {
            let train = data.rows.indices.filter { fold[$0] != f }, test = data.rows.indices.filter { fold[$0] == f }
            let model = try Self.train(Data(features: data.features, rows: train.map { data.rows[$0] },
                                            labels: train.map { data.labels[$0] }), c: c, id: "fold", source: "")
            let scores = test.map { model.probability(contributions: model.contributions(data.rows[$0])) }
            total += auc(scores: scores, labels: test.map { data.labels[$0] }) ?? 0
        }
        return total / Double(k)
    }

    /// Precision and recall when a wallet is called a bot at probability ≥ threshold.
    public struct PrecisionRecall: Sendable, Equatable {
        public var threshold: Double
        /// TP / (TP + FP); 0 when nothing is called a bot.
        public var precision: Double
        /// TP / (TP + FN).
        public var recall: Double
    }

    public static func precisionRecall(scores: [Double], labels: [Bool], thresholds: [Double]) -> [PrecisionRecall] {
        let positives = labels.filter { $0 }.count
        return thresholds.map { t in
            var truePositives = 0, called = 0
            for (score, label) in zip(scores, labels) where score >= t {
                called += 1
                if label { truePositives += 1 }
            }
            return PrecisionRecall(threshold: t, precision: called == 0 ? 0 : Double(truePositives) / Double(called),
                                   recall: positives == 0 ? 0 : Double(truePositives) / Double(positives))
        }
    }
}

/// Training data that cannot give a model.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let problem): "cannot train: \(problem)"
        }
    }
}
