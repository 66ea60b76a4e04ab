/// The `dex-v1` model: from features to part scores, final score and tags (MODEL.md §3–§4).
/// Each formula is written in the order Python evaluated it, so the doubles come out bit for bit equal.
public enum DexV1Model {
    /// The model name carried by every success result.
    public static let version = "dex-v1"

    static func liquidityProvision(_ f: DexFeatures, _ p: ScoringParameters.LiquidityProvision) -> LiquidityProvisionParts {
        typealias N = ModelNumber
        return LiquidityProvisionParts(
            volumeScore: .min(.real(f.totalDepositUSD) / .parameter(p.volumeFullUSD) * .parameter(p.volumePoints),
                              .parameter(p.volumePoints)),
            frequencyScore: .min(.count(f.numDeposits) * .parameter(p.pointsPerDeposit), .parameter(p.frequencyPoints)),
            retentionScore: .max(.whole(0), (.whole(1) - .real(f.withdrawRatio)) * .parameter(p.retentionPoints)),
            holdingScore: .min(.real(f.avgHoldTimeDays) / .parameter(p.holdingFullDays) * .parameter(p.holdingPoints),
                               .parameter(p.holdingPoints)),
            diversityScore: .min(.count(f.uniquePools) * .parameter(p.pointsPerPool), .parameter(p.diversityPoints))
        )
    }

    static func trading(_ f: DexFeatures, _ p: ScoringParameters.Trading) -> TradingParts {
        TradingParts(
            volumeScore: .min(.real(f.totalSwapVolume) / .parameter(p.volumeFullUSD) * .parameter(p.volumePoints),
                              .parameter(p.volumePoints)),
            frequencyScore: .min(.count(f.numSwaps) * .parameter(p.pointsPerSwap), .parameter(p.frequencyPoints)),
            diversityScore: f.tokenDiversityScore,
            activityScore: .real(f.swapFrequencyScore),
            poolDiversityScore: .min(.count(f.uniquePoolsSwapped) * .parameter(p.pointsPerPool),
                                     .parameter(p.poolDiversityPoints))
        )
    }

    /// `token_diversity_score`: `min(stable · 10 + volatile · 15, 150)` with the defaults.
    static func tokenDiversity(stable: Int, volatile: Int, _ p: ScoringParameters.Trading) -> ModelNumber {
        .min(.count(stable) * .parameter(p.stableTokenPoints) + .count(volatile) * .parameter(p.volatileTokenPoints),
             .parameter(p.tokenDiversityPoints))
    }

    /// `swap_frequency_score` from the mean gap between swaps, in hours; 0 with fewer than two swaps.
    static func swapFrequency(numSwaps: Int, firstSwap: Int64, lastSwap: Int64, _ p: ScoringParameters.Trading) -> Double {
        guard numSwaps >= 2 else { return 0 }
        let hours = Double(lastSwap - firstSwap) / Double(numSwaps - 1) / 3600
        for (bound, points) in zip(p.activityBandHours, p.activityBandPoints) where hours <= bound { return points }
        return p.activityBandPoints.last ?? 0
    }

    /// The tags of MODEL.md §4, in order, at most one per line.
    static func tags(_ f: DexFeatures, _ t: ScoringParameters.Tags) -> [String] {
        var tags: [String] = []
        if f.totalDepositUSD > t.lpWhaleUSD { tags.append("Whale LP") }
        else if f.totalDepositUSD > t.lpLargeUSD { tags.append("Large LP") }
        else if f.totalDepositUSD > t.lpMediumUSD { tags.append("Medium LP") }
        else if f.totalDepositUSD > 0 { tags.append("Small LP") }

        if f.avgHoldTimeDays > t.holdLongDays { tags.append("Long-term Holder") }
        else if f.avgHoldTimeDays > t.holdMediumDays { tags.append("Medium-term Holder") }
        else if f.avgHoldTimeDays > 0 { tags.append("Short-term Holder") }

        if f.totalSwapVolume > t.traderWhaleUSD { tags.append("Whale Trader") }
        else if f.totalSwapVolume > t.traderLargeUSD { tags.append("Large Trader") }
        else if f.totalSwapVolume > t.traderActiveUSD { tags.append("Active Trader") }
        else if f.totalSwapVolume > 0 { tags.append("Casual Trader") }

        if Double(f.numSwaps) > t.swapsHighFrequency { tags.append("High Frequency Trader") }
        else if Double(f.numSwaps) > t.swapsRegular { tags.append("Regular Trader") }

        if f.tokenDiversityScore.value > t.diversifiedScore { tags.append("Diversified Trader") }
        else if Double(f.uniquePools) > t.multiPoolCount { tags.append("Multi-Pool LP") }
        return tags
    }

    /// Scores features with the given parameters.
    public static func score(walletAddress: String, features f: DexFeatures, asOf: Int64,
                             parameters p: ScoringParameters, parametersID: String) -> WalletScore {
        let lp = liquidityProvision(f, p.lp)
        let trading = trading(f, p.swap)
        let lpScore = lp.total
        let swapScore = trading.total
        let finalScore = p.weights.lp * lpScore.value + p.weights.swap * swapScore.value
        return WalletScore(walletAddress: walletAddress, asOf: asOf, features: f, liquidityProvision: lp,
                           trading: trading, lpScore: lpScore, swapScore: swapScore, finalScore: finalScore,
                           tags: tags(f, p.tags), percentile: nil, parametersID: parametersID)
    }
}
