import ReputationCore

/// Joins scored wallets with their labels into training rows, and counts everything that does not become
/// a row: failed wallets, repeated wallets, wallets without a label and labels without a wallet.
struct TrainingSet {
    let labels: TrainingLabels
    let features: [BotFeature]
    private(set) var rows: [[Double]] = []
    private(set) var isBot: [Bool] = []
    /// Messages read (scored or failed).
    private(set) var wallets = 0
    /// Failed messages, where they were read, in input order.
    private(set) var failures: [(origin: MessageOrigin, failure: ScoringFailure)] = []
    /// Scored wallets whose address was seen before (the first is kept).
    private(set) var duplicateWallets = 0
    private(set) var unlabelled = 0
    private var seen: Set<String> = []

    /// Failures named one by one in the report; the rest are counted.
    static let namedFailures = 10

    init(labels: TrainingLabels, features: [BotFeature]) {
        self.labels = labels
        self.features = features
    }

    mutating func add(_ outcome: ScoringOutcome, origin: MessageOrigin) {
        wallets += 1
        switch outcome {
        case .failure(let failure):
            failures.append((origin, failure))
        case .success(let score):
            guard seen.insert(TrainingLabels.fold(score.walletAddress)).inserted else {
                duplicateWallets += 1
                return
            }
            guard let label = labels.label(of: score.walletAddress) else {
                unlabelled += 1
                return
            }
            guard let behaviour = score.risk?.features else { preconditionFailure("scored without behaviour features") }
            rows.append(features.map { $0.value(transactionCount: score.features.transactionCount, behaviour) })
            isBot.append(label.isBot)
        }
    }

    /// Labels whose wallet was not among the scored ones.
    var labelsWithoutWallet: Int {
        labels.labels.keys.reduce(0) { $0 + (seen.contains($1) ? 0 : 1) }
    }

    var data: BotModelTraining.Data {
        BotModelTraining.Data(features: features, rows: rows, labels: isBot)
    }

    /// `wallets 10 (scored 8, failed 2, duplicates 1); labels 9 (duplicates 0); wallets without a label 1; labels without a wallet 2`.
    var countsLine: String {
        "wallets \(wallets) (scored \(wallets - failures.count), failed \(failures.count), duplicates \(duplicateWallets)); "
            + "labels \(labels.labels.count + labels.duplicates) (\(labels.layout.rawValue), duplicates \(labels.duplicates)); "
            + "wallets without a label \(unlabelled); labels without a wallet \(labelsWithoutWallet)"
    }

    /// One line per failed wallet, up to ``namedFailures``, then how many more.
    func failureLines() -> [String] {
        var lines = failures.prefix(Self.namedFailures).map { origin, failure in
            "failed wallet: \(origin.input) line \(origin.line): \(failure.code.rawValue): \(failure.message)"
        }
        if failures.count > Self.namedFailures { lines.append("… and \(failures.count - Self.namedFailures) more failed wallets") }
        return lines
    }
}
