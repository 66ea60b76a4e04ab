extension BotModel {
    /// The bot model every session assesses with when its store configures none (RISK.md §6).
    ///
    /// Provisional: the hand-written model of RISK.md §7's worked examples (`risk-config.json`), until the
    /// model the project trains on its labelled synthetic wallets replaces these numbers.
    public static let embedded: BotModel = try! BotModel(
        id: "embedded-provisional",
        features: [.logTxCount, .burstiness, .hourEntropy, .logMaxTxPerHour, .poolConcentration, .swapShare, .logMeanGapHours],
        mean: [3.0, -0.2, 0.6, 1.8, 0.55, 0.7, 2.3],
        scale: [1.5, 0.4, 0.3, 1.3, 0.25, 0.35, 2.8],
        coef: [1.25, -0.6, 0.35, 1.6, 1.35, 2.4, -0.4],
        intercept: -3.7,
        trained: TrainingRecord(rows: 0, positives: 0, c: 1.0, auc: 0.0,
                                source: "provisional: the hand-written model of RISK.md §7's worked examples"))
}
