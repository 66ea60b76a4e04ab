import Foundation

/// The inputs a bot model may use, by the names of RISK.md §2.
public enum BotFeature: String, Sendable, Codable, CaseIterable {
    case logTxCount = "log_tx_count"
    case burstiness
    case hourEntropy = "hour_entropy"
    case logMaxTxPerHour = "log_max_tx_per_hour"
    case poolConcentration = "pool_concentration"
    case swapShare = "swap_share"
    case logMeanGapHours = "log_mean_gap_hours"

    /// The input's value for a wallet with `transactionCount` transactions and these behaviour features.
    public func value(transactionCount n: Int, _ f: BehaviourFeatures) -> Double {
        switch self {
        case .logTxCount: log(1 + Double(n))
        case .burstiness: f.burstiness
        case .hourEntropy: f.hourEntropy
        case .logMaxTxPerHour: log(1 + Double(f.maxTxPerHour))
        case .poolConcentration: f.poolConcentration
        case .swapShare: f.swapShare
        case .logMeanGapHours: log(1 + f.meanGapHours)
        }
    }
}

/// What training recorded about a bot model (informative; not used for scoring).
public struct TrainingRecord: Sendable, Equatable, Codable {
    public var rows: Int
    public var positives: Int
    /// The inverse regularisation strength.
    public var c: Double
    public var auc: Double
    public var source: String

    public init(rows: Int, positives: Int, c: Double, auc: Double, source: String) {
        self.rows = rows
        self.positives = positives
        self.c = c
        self.auc = auc
        self.source = source
    }
}

/// A logistic bot model (RISK.md §2): standardised inputs, coefficients and an intercept.
///
/// Decoding checks the document: `model` is `bot-v1`, `features` a non-empty subset of ``BotFeature``
/// without repeats, `mean`, `scale` and `coef` one finite number per feature, every `scale` > 0.
public struct BotModel: Sendable, Equatable, Codable {
    /// The document kind every bot model carries.
    public static let kind = "bot-v1"

    /// Names the model in results (`bot_model`).
    public var id: String
    public var features: [BotFeature]
    public var mean: [Double]
    public var scale: [Double]
    public var coef: [Double]
    public var intercept: Double
    public var trained: TrainingRecord?

    /// - Throws: ``BotModelError`` naming the field when the arrays do not fit the features.
    public init(id: String, features: [BotFeature], mean: [Double], scale: [Double], coef: [Double],
                intercept: Double, trained: TrainingRecord? = nil) throws(BotModelError) {
        guard !features.isEmpty else { throw BotModelError(field: "features", problem: "expected at least one feature") }
        for (i, feature) in features.enumerated() where features[..<i].contains(feature) {
            throw BotModelError(field: "features[\(i)]", problem: "\(feature.rawValue) is repeated")
        }
        for (name, values) in [("mean", mean), ("scale", scale), ("coef", coef)] {
            guard values.count == features.count else {
                throw BotModelError(field: name, problem: "expected \(features.count) numbers (one per feature), got \(values.count)")
            }
            for (i, value) in values.enumerated() where !value.isFinite {
                throw BotModelError(field: "\(name)[\(i)]", problem: "expected a finite number")
            }
        }
        for (i, value) in scale.enumerated() where !(value > 0) {
            throw BotModelError(field: "scale[\(i)]", problem: "expected a number > 0, got \(NumberFormatting.shortest(value))")
        }
        guard intercept.isFinite else { throw BotModelError(field: "intercept", problem: "expected a finite number") }
        self.id = id
        self.features = features
        self.mean = mean
        self.scale = scale
        self.coef = coef
        self.intercept = intercept
        self.trained = trained
    }

    /// The model as a document (`{"model": "bot-v1", "id": …, …}`), as stores hold it.
    public var document: DocumentValue {
        var fields: [String: DocumentValue] = [
            "model": .string(Self.kind), "id": .string(id),
            "features": .array(features.map { .string($0.rawValue) }),
            "mean": .array(mean.map(DocumentValue.number)), "scale": .array(scale.map(DocumentValue.number)),
            "coef": .array(coef.map(DocumentValue.number)), "intercept": .number(intercept),
        ]
        if let trained {
            fields["trained"] = .object(["rows": .number(Double(trained.rows)), "positives": .number(Double(trained.positives)),
                                         "c": .number(trained.c), "auc": .number(trained.auc), "source": .string(trained.source)])
        }
        return .object(fields)
    }

    /// Reads a model document; errors name the field.
    public init(document: DocumentValue) throws(BotModelError) {
        guard case .object = document else { throw BotModelError(field: "", problem: "expected a document, got \(document)") }
        guard case .string(Self.kind)? = document["model"] else {
            throw BotModelError(field: "model", problem: "expected \"\(Self.kind)\", got \(document["model"]?.description ?? "nothing")")
        }
        guard case .string(let id)? = document["id"], !id.isEmpty else {
            throw BotModelError(field: "id", problem: "expected a non-empty string, got \(document["id"]?.description ?? "nothing")")
        }
        guard case .array(let names)? = document["features"] else {
            throw BotModelError(field: "features", problem: "expected an array of feature names, got \(document["features"]?.description ?? "nothing")")
        }
        var features: [BotFeature] = []
        for (i, name) in names.enumerated() {
            guard case .string(let text) = name, let feature = BotFeature(rawValue: text) else {
                throw BotModelError(field: "features[\(i)]", problem: "expected one of \(BotFeature.allCases.map(\.rawValue).joined(separator: ", ")), got \(name)")
            }
            features.append(feature)
        }
        func numbers(_ field: String) throws(BotModelError) -> [Double] {
            guard case .array(let items)? = document[field] else {
                throw BotModelError(field: field, problem: "expected an array of numbers, got \(document[field]?.description ?? "nothing")")
            }
            var values: [Double] = []
            for (i, item) in items.enumerated() {
                guard case .number(let value) = item else { throw BotModelError(field: "\(field)[\(i)]", problem: "expected a number, got \(item)") }
                values.append(value)
            }
            return values
        }
        guard case .number(let intercept)? = document["intercept"] else {
            throw BotModelError(field: "intercept", problem: "expected a number, got \(document["intercept"]?.description ?? "nothing")")
        }
        var trained: TrainingRecord?
        if let info = document["trained"], info != .null {
            guard case .object = info else { throw BotModelError(field: "trained", problem: "expected an object, got \(info)") }
            func number(_ key: String) -> Double { if case .number(let n)? = info[key] { n } else { 0 } }
            let source: String = if case .string(let s)? = info["source"] { s } else { "" }
            trained = TrainingRecord(rows: Int(exactly: number("rows")) ?? 0, positives: Int(exactly: number("positives")) ?? 0,
                                       c: number("c"), auc: number("auc"), source: source)
        }
        try self.init(id: id, features: features, mean: numbers("mean"), scale: numbers("scale"), coef: numbers("coef"),
                      intercept: intercept, trained: trained)
    }

    public init(from decoder: any Decoder) throws {
        try self.init(document: DocumentValue(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try document.encode(to: encoder)
    }

    /// The model's inputs x_k for a wallet, in the model's feature order.
    public func inputs(transactionCount: Int, _ behaviour: BehaviourFeatures) -> [Double] {
        features.map { $0.value(transactionCount: transactionCount, behaviour) }
    }

    /// The contributions c_k = coef_k · (x_k − mean_k)/scale_k.
    public func contributions(_ x: [Double]) -> [Double] {
        features.indices.map { contribution($0, x[$0]) }
    }

    /// c_k for the input x_k.
    @inline(__always) private func contribution(_ k: Int, _ x: Double) -> Double {
        coef[k] * ((x - mean[k]) / scale[k])
    }

    /// 1/(1 + exp(−z)) with z = intercept + Σ c_k summed in the model's feature order.
    public func probability(contributions c: [Double]) -> Double {
        c.withUnsafeBufferPointer { probability($0) }
    }

    private func probability(_ c: UnsafeBufferPointer<Double>) -> Double {
        var z = intercept
        for value in c { z += value }
        return 1 / (1 + exp(-z))
    }

    /// Up to three features with c_k > 0, by c_k descending (ties: the model's order).
    public func reasons(inputs x: [Double], contributions c: [Double]) -> [BotReason] {
        x.withUnsafeBufferPointer { x in c.withUnsafeBufferPointer { c in reasons(x, c) } }
    }

    private func reasons(_ x: UnsafeBufferPointer<Double>, _ c: UnsafeBufferPointer<Double>) -> [BotReason] {
        // The top three feature indices, best first, chosen before the one array is made (this runs per wallet).
        var top = (-1, -1, -1), count = 0
        for k in c.indices where c[k] > 0 {
            // After every earlier feature with a contribution at least as large (ties keep the model's order).
            if count < 3 || c[k] > c[top.2] {
                if count == 0 || c[k] > c[top.0] { top = (k, top.0, top.1) }
                else if count == 1 || c[k] > c[top.1] { top = (top.0, k, top.1) }
                else { top.2 = k }
                count = min(count + 1, 3)
            }
        }
        var reasons: [BotReason] = []
        guard count > 0 else { return reasons }
        reasons.reserveCapacity(count)
        func append(_ k: Int) { reasons.append(BotReason(feature: features[k].rawValue, value: x[k], contribution: c[k])) }
        append(top.0)
        if count > 1 { append(top.1) }
        if count > 2 { append(top.2) }
        return reasons
    }

    /// A wallet's bot probability and reasons, as ``inputs(transactionCount:_:)``, ``contributions(_:)``,
    /// ``probability(contributions:)`` and ``reasons(inputs:contributions:)`` give them, without their arrays
    /// (this runs for every wallet).
    func evaluate(transactionCount n: Int, _ behaviour: BehaviourFeatures) -> (probability: Double, reasons: [BotReason]) {
        let k = features.count
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * k) { buffer in
            let x = UnsafeMutableBufferPointer(rebasing: buffer[..<k]), c = UnsafeMutableBufferPointer(rebasing: buffer[k...])
            for i in 0..<k {
                x[i] = features[i].value(transactionCount: n, behaviour)
                c[i] = contribution(i, x[i])
            }
            return (probability(UnsafeBufferPointer(c)), reasons(UnsafeBufferPointer(x), UnsafeBufferPointer(c)))
        }
    }

    /// The text `parameters_id` hashes: everything that changes a result (not the training notes).
    var canonicalText: String {
        "bot_model=\(id)|\(features.map(\.rawValue).joined(separator: ","))|\(mean.map(NumberFormatting.shortest).joined(separator: ","))|"
            + "\(scale.map(NumberFormatting.shortest).joined(separator: ","))|\(coef.map(NumberFormatting.shortest).joined(separator: ","))|"
            + "\(NumberFormatting.shortest(intercept))\n"
    }
}

/// A feature that raised a wallet's bot probability (`bot_reasons`).
public struct BotReason: Sendable, Equatable, Codable {
    public var feature: String
    /// x_k, the model input.
    public var value: Double
    /// c_k, its contribution to the logit.
    public var contribution: Double

    public init(feature: String, value: Double, contribution: Double) {
        self.feature = feature
        self.value = value
        self.contribution = contribution
    }
}

/// A bot model document that cannot be used: names the field (`scale[2]`) and the problem.
public struct BotModelError: Error, Equatable, CustomStringConvertible {
    public var field: String
    public var problem: String

    public init(field: String, problem: String) {
        self.field = field
        self.problem = problem
    }

    public var description: String { field.isEmpty ? problem : "\(field): \(problem)" }
}
