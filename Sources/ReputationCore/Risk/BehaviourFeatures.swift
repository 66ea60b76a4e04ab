import Foundation

/// The behaviour features of RISK.md §1 for one wallet's de-duplicated dexes transactions.
public struct BehaviourFeatures: Sendable, Equatable, Codable {
    /// Transactions in the hour up to `as_of`: `as_of − 3600 < t ≤ as_of`.
    public var txLast1h: Int
    /// Transactions in the day up to `as_of`: `as_of − 86400 < t ≤ as_of`.
    public var txLast24h: Int
    /// The most transactions in one hour that starts at a transaction (1 for a single transaction).
    public var maxTxPerHour: Int
    /// The mean gap between consecutive transactions, in hours; 0 with fewer than two.
    public var meanGapHours: Double
    /// Goh and Barabási's burstiness of the gaps: −1 a clock, 0 Poisson, near 1 bursts; 0 with fewer than three.
    public var burstiness: Double
    /// Entropy of the UTC hour of day, normalised to 0…1; exactly +0 when all fall in one hour.
    public var hourEntropy: Double
    /// The share of transactions in the busiest `poolId`; 0 when none has a pool.
    public var poolConcentration: Double
    /// The share of transactions that are swaps.
    public var swapShare: Double

    public init(txLast1h: Int, txLast24h: Int, maxTxPerHour: Int, meanGapHours: Double, burstiness: Double,
                hourEntropy: Double, poolConcentration: Double, swapShare: Double) {
        self.txLast1h = txLast1h
        self.txLast24h = txLast24h
        self.maxTxPerHour = maxTxPerHour
        self.meanGapHours = meanGapHours
        self.burstiness = burstiness
        self.hourEntropy = hourEntropy
        self.poolConcentration = poolConcentration
        self.swapShare = swapShare
    }

    enum CodingKeys: String, CodingKey {
        case txLast1h = "tx_last_1h", txLast24h = "tx_last_24h", maxTxPerHour = "max_tx_per_hour"
        case meanGapHours = "mean_gap_hours", burstiness, hourEntropy = "hour_entropy"
        case poolConcentration = "pool_concentration", swapShare = "swap_share"
    }

    /// Computes the features, in the evaluation order of RISK.md §1.
    /// - Parameters:
    ///   - sortedTimestamps: the timestamps of the transactions, ascending (at least one).
    ///   - busiestPoolCount: the most transactions sharing one `poolId` (0 when none has one).
    ///   - swaps: how many of the transactions are swaps.
    ///   - asOf: the scoring time.
    public static func compute(sortedTimestamps t: [Int64], busiestPoolCount: Int, swaps: Int,
                               asOf: Int64) -> BehaviourFeatures {
        let n = t.count
        if n == 1 {   // the commonest wallet: what the general path below gives one transaction, without it
            let inWindow = t[0] <= asOf
            return BehaviourFeatures(
                txLast1h: inWindow && t[0] > asOf - 3600 ? 1 : 0, txLast24h: inWindow && t[0] > asOf - 86400 ? 1 : 0,
                maxTxPerHour: 1, meanGapHours: 0, burstiness: 0, hourEntropy: 0,
                poolConcentration: Double(busiestPoolCount), swapShare: Double(swaps))
        }
        var last1h = 0, last24h = 0
        let hourEntropy = withUnsafeTemporaryAllocation(of: Int.self, capacity: 24) { hours in
            hours.initialize(repeating: 0)
            for time in t {
                if time <= asOf {
                    if time > asOf - 3600 { last1h += 1 }
                    if time > asOf - 86400 { last24h += 1 }
                }
                hours[Int((time % 86400) / 3600)] += 1
            }
            return entropy(UnsafeBufferPointer(hours), n)
        }
        let (meanGap, burstiness) = gapStatistics(t)
        return BehaviourFeatures(
            txLast1h: last1h,
            txLast24h: last24h,
            maxTxPerHour: maxPerHour(t),
            meanGapHours: meanGap / 3600,
            burstiness: burstiness,
            hourEntropy: hourEntropy,
            poolConcentration: n == 0 ? 0 : Double(busiestPoolCount) / Double(n),
            swapShare: n == 0 ? 0 : Double(swaps) / Double(n)
        )
    }

    /// max over i of #{j : t_i ≤ t_j < t_i + 3600}, with two pointers over the sorted times.
    static func maxPerHour(_ t: [Int64]) -> Int {
        var best = 0, end = 0
        for i in t.indices {
            if end < i { end = i }
            while end < t.count && t[end] < t[i] + 3600 { end += 1 }
            best = max(best, end - i)
        }
        return best
    }

    /// The mean gap μ in seconds ((Σ g)/(n − 1), 0 when n < 2) and the burstiness (σ − μ)/(σ + μ)
    /// (0 when n < 3 or σ + μ = 0), σ the population standard deviation of the gaps.
    static func gapStatistics(_ t: [Int64]) -> (mean: Double, burstiness: Double) {
        let n = t.count
        guard n >= 2 else { return (0, 0) }
        var sum = 0.0
        for i in 0..<(n - 1) { sum += Double(t[i + 1] - t[i]) }
        let mu = sum / Double(n - 1)
        guard n >= 3 else { return (mu, 0) }
        var squares = 0.0
        for i in 0..<(n - 1) {
            let d = Double(t[i + 1] - t[i]) - mu
            squares += d * d
        }
        let sigma = (squares / Double(n - 1)).squareRoot()
        guard sigma + mu != 0 else { return (mu, 0) }
        return (mu, (sigma - mu) / (sigma + mu))
    }

    /// −Σ (h/n)·log2(h/n) over the non-empty hours, divided by log2(24); never −0.
    static func entropy(_ hours: UnsafeBufferPointer<Int>, _ n: Int) -> Double {
        var sum = 0.0
        for h in hours where h > 0 {
            let p = Double(h) / Double(n)
            sum += p * log2(p)
        }
        let normalised = -sum / log2(24.0)
        return normalised == 0 ? 0 : normalised
    }
}
