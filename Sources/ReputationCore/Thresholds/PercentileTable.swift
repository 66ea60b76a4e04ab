/// The population's `final_score` percentiles (MODEL.md §7): which share of wallets scores at or below.
public struct PercentileTable: Sendable, Equatable {
    /// (percentile, score) pairs, both strictly increasing.
    public let points: [(percentile: Double, score: Double)]

    /// - Throws: a description of the problem when the scores do not strictly increase with the percentile.
    public init(points: [(percentile: Double, score: Double)]) throws(PercentileTableError) {
        let sorted = points.sorted { $0.percentile < $1.percentile }
        guard !sorted.isEmpty else { throw .empty }
        for (a, b) in zip(sorted, sorted.dropFirst()) where !(b.score > a.score) {
            throw .notIncreasing(lower: a.percentile, upper: b.percentile)
        }
        self.points = sorted
    }

    /// The share (0–100) of the population at or below `score`: linear between the points, 0 below the
    /// lowest and 100 above the highest.
    public func percentile(of score: Double) -> Double {
        guard let first = points.first, let last = points.last else { return 0 }
        if score < first.score { return 0 }
        if score > last.score { return 100 }
        for (a, b) in zip(points, points.dropFirst()) where score <= b.score {
            if score == b.score { return b.percentile }
            return a.percentile + (score - a.score) / (b.score - a.score) * (b.percentile - a.percentile)
        }
        return last.percentile
    }

    /// The key of a percentile in a thresholds document: `p10` for a whole percentile, `p1.05` otherwise.
    public static func key(_ percentile: Double) -> String {
        percentile == percentile.rounded() && abs(percentile) < 1e15
            ? "p\(Int(percentile))" : "p" + NumberFormatting.shortest(percentile)
    }

    public static func == (lhs: PercentileTable, rhs: PercentileTable) -> Bool {
        lhs.points.elementsEqual(rhs.points) { $0.percentile == $1.percentile && $0.score == $1.score }
    }
}

/// Why a percentile table is invalid.
public enum PercentileTableError: Error, Equatable, CustomStringConvertible {
    case empty
    case notIncreasing(lower: Double, upper: Double)

    public var description: String {
        switch self {
        case .empty: "no percentile points"
        case let .notIncreasing(lower, upper):
            "\(PercentileTable.key(upper)) is not above \(PercentileTable.key(lower))"
        }
    }
}
