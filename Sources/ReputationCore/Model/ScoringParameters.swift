/// Every number of the `dex-v1` model (MODEL.md §7), with the embedded defaults.
///
/// Parameters are addressed by their dotted names (``ScoringParameters/names``), as threshold stores
/// override them; ``id`` is a short hash of the effective values that is the same whichever store they
/// came from.
public struct ScoringParameters: Sendable, Equatable {
    /// Liquidity-provision part scores.
    public struct LiquidityProvision: Sendable, Equatable {
        /// Deposits worth this many USD earn the full ``volumePoints``.
        public var volumeFullUSD = 10_000.0
        public var volumePoints = 300.0
        public var pointsPerDeposit = 20.0
        public var frequencyPoints = 200.0
        public var retentionPoints = 250.0
        /// Holding this many days on average earns the full ``holdingPoints``.
        public var holdingFullDays = 30.0
        public var holdingPoints = 150.0
        public var pointsPerPool = 20.0
        public var diversityPoints = 100.0
    }

    /// Trading part scores.
    public struct Trading: Sendable, Equatable {
        public var volumeFullUSD = 50_000.0
        public var volumePoints = 250.0
        public var pointsPerSwap = 10.0
        public var frequencyPoints = 200.0
        public var stableTokenPoints = 10.0
        public var volatileTokenPoints = 15.0
        public var tokenDiversityPoints = 150.0
        /// Upper bounds (hours, inclusive) of the mean gap between swaps, one per band but the last.
        public var activityBandHours: [Double] = [1, 24, 168, 720]
        /// Points for each band; one more entry than ``activityBandHours``.
        public var activityBandPoints: [Double] = [100, 80, 60, 40, 20]
        public var pointsPerPool = 25.0
        public var poolDiversityPoints = 100.0
    }

    /// Weights of the final score.
    public struct Weights: Sendable, Equatable {
        public var lp = 0.6
        public var swap = 0.4
    }

    /// Thresholds of the tags (MODEL.md §4).
    public struct Tags: Sendable, Equatable {
        public var lpWhaleUSD = 100_000.0
        public var lpLargeUSD = 10_000.0
        public var lpMediumUSD = 1_000.0
        public var holdLongDays = 90.0
        public var holdMediumDays = 30.0
        public var traderWhaleUSD = 500_000.0
        public var traderLargeUSD = 50_000.0
        public var traderActiveUSD = 5_000.0
        public var swapsHighFrequency = 100.0
        public var swapsRegular = 20.0
        public var diversifiedScore = 100.0
        public var multiPoolCount = 3.0
    }

    public var lp = LiquidityProvision()
    public var swap = Trading()
    public var weights = Weights()
    public var tags = Tags()
    /// Symbols counted as stable tokens, compared exactly (UTF-8 bytes, case-sensitive).
    public var stableTokens: Set<String> = ["USDC", "USDT", "DAI", "LUSD", "USDP", "TUSD", "FRAX"]

    /// The embedded defaults of MODEL.md §7.
    public static let defaults = ScoringParameters()

    public init() {}

    /// The scalar parameters by dotted name, in the order of MODEL.md §7.
    public static let names: [(name: String, keyPath: WritableKeyPath<ScoringParameters, Double> & Sendable)] = [
        ("lp.volume_full_usd", \.lp.volumeFullUSD), ("lp.volume_points", \.lp.volumePoints),
        ("lp.points_per_deposit", \.lp.pointsPerDeposit), ("lp.frequency_points", \.lp.frequencyPoints),
        ("lp.retention_points", \.lp.retentionPoints), ("lp.holding_full_days", \.lp.holdingFullDays),
        ("lp.holding_points", \.lp.holdingPoints), ("lp.points_per_pool", \.lp.pointsPerPool),
        ("lp.diversity_points", \.lp.diversityPoints),
        ("swap.volume_full_usd", \.swap.volumeFullUSD), ("swap.volume_points", \.swap.volumePoints),
        ("swap.points_per_swap", \.swap.pointsPerSwap), ("swap.frequency_points", \.swap.frequencyPoints),
        ("swap.stable_token_points", \.swap.stableTokenPoints),
        ("swap.volatile_token_points", \.swap.volatileTokenPoints),
        ("swap.token_diversity_points", \.swap.tokenDiversityPoints),
        ("swap.points_per_pool", \.swap.pointsPerPool), ("swap.pool_diversity_points", \.swap.poolDiversityPoints),
        ("weights.lp", \.weights.lp), ("weights.swap", \.weights.swap),
        ("tags.lp_whale_usd", \.tags.lpWhaleUSD), ("tags.lp_large_usd", \.tags.lpLargeUSD),
        ("tags.lp_medium_usd", \.tags.lpMediumUSD), ("tags.hold_long_days", \.tags.holdLongDays),
        ("tags.hold_medium_days", \.tags.holdMediumDays), ("tags.trader_whale_usd", \.tags.traderWhaleUSD),
        ("tags.trader_large_usd", \.tags.traderLargeUSD), ("tags.trader_active_usd", \.tags.traderActiveUSD),
        ("tags.swaps_high_frequency", \.tags.swapsHighFrequency), ("tags.swaps_regular", \.tags.swapsRegular),
        ("tags.diversified_score", \.tags.diversifiedScore), ("tags.multi_pool_count", \.tags.multiPoolCount),
    ]

    /// The band parameters by dotted name: `swap.activity_band_hours` (4 values) and `swap.activity_band_points` (5).
    public static let bandNames: [(name: String, keyPath: WritableKeyPath<ScoringParameters, [Double]> & Sendable, count: Int)] = [
        ("swap.activity_band_hours", \.swap.activityBandHours, 4),
        ("swap.activity_band_points", \.swap.activityBandPoints, 5),
    ]

    /// A short stable hash of the effective parameters and stable-token set: equal parameters give an
    /// equal id whichever store they came from (16 hex digits of FNV-1a 64 over a canonical text).
    public var id: String {
        var text = ""
        for (name, keyPath) in Self.names { text += "\(name)=\(NumberFormatting.shortest(self[keyPath: keyPath]))\n" }
        for (name, keyPath, _) in Self.bandNames {
            text += "\(name)=\(self[keyPath: keyPath].map(NumberFormatting.shortest).joined(separator: ","))\n"
        }
        text += "stable_tokens=\(stableTokens.sorted { Array($0.utf8).lexicographicallyPrecedes($1.utf8) }.joined(separator: ","))\n"
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
