/// Counts of values in equal-width bins over `lower..<upper`; values below fall in the first bin, values
/// at or above `upper` in the last, so that nothing counted is lost from the total.
public struct Distribution: Sendable, Equatable {
    public let lower: Double
    public let upper: Double
    public private(set) var counts: [Int]

    public init(lower: Double, upper: Double, bins: Int) {
        precondition(upper > lower && bins >= 1, "a distribution needs a range and at least one bin")
        self.lower = lower
        self.upper = upper
        counts = Array(repeating: 0, count: bins)
    }

    /// Counts `value`; NaN is not a value of any bin and is not counted.
    public mutating func record(_ value: Double) {
        guard !value.isNaN else { return }
        let position = (value - lower) / (upper - lower) * Double(counts.count)
        let bin = position >= Double(counts.count) ? counts.count - 1 : max(0, Int(position.rounded(.down)))
        counts[bin] += 1
    }

    /// The lower edge of each bin.
    public var edges: [Double] {
        (0..<counts.count).map { lower + (upper - lower) * Double($0) / Double(counts.count) }
    }

    public var total: Int { counts.reduce(0, +) }
}
