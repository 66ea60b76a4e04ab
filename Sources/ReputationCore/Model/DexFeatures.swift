/// The features of MODEL.md §3 for one wallet's dexes transactions.
public struct DexFeatures: Sendable, Equatable {
    public var transactionCount: Int
    public var totalDepositUSD: Double
    public var totalWithdrawUSD: Double
    public var numDeposits: Int
    public var numWithdraws: Int
    public var withdrawRatio: Double
    public var avgHoldTimeDays: Double
    public var accountAgeDays: Double
    public var uniquePools: Int
    public var totalSwapVolume: Double
    public var numSwaps: Int
    public var uniquePoolsSwapped: Int
    public var avgSwapSize: Double
    public var tokenDiversityScore: ModelNumber
    public var swapFrequencyScore: Double
}

/// The part scores of MODEL.md §4, in the order they are summed.
public struct LiquidityProvisionParts: Sendable, Equatable {
    public var volumeScore: ModelNumber
    public var frequencyScore: ModelNumber
    public var retentionScore: ModelNumber
    public var holdingScore: ModelNumber
    public var diversityScore: ModelNumber
    public var total: ModelNumber { volumeScore + frequencyScore + retentionScore + holdingScore + diversityScore }
}

/// The trading part scores of MODEL.md §4, in the order they are summed.
public struct TradingParts: Sendable, Equatable {
    public var volumeScore: ModelNumber
    public var frequencyScore: ModelNumber
    public var diversityScore: ModelNumber
    public var activityScore: ModelNumber
    public var poolDiversityScore: ModelNumber
    public var total: ModelNumber { volumeScore + frequencyScore + diversityScore + activityScore + poolDiversityScore }
}

/// A scored wallet: everything a success result reports but the envelope (result time, processing time).
public struct WalletScore: Sendable, Equatable {
    public var walletAddress: String
    public var asOf: Int64
    public var features: DexFeatures
    public var liquidityProvision: LiquidityProvisionParts
    public var trading: TradingParts
    public var lpScore: ModelNumber
    public var swapScore: ModelNumber
    /// `weights.lp · lp_score + weights.swap · swap_score`, 0–920 with the defaults.
    public var finalScore: Double
    public var tags: [String]
    /// The population percentile of ``finalScore`` when a percentile table is configured.
    public var percentile: Double?
    public var parametersID: String
    /// The risk assessment (RISK.md), when the session has a bot model to assess with.
    public var risk: RiskAssessment? = nil

    /// `final_score` as C's `%.18f` prints it.
    public var zscore: String { NumberFormatting.fixed18(finalScore) }
}
