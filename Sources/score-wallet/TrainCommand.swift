import ArgumentParser
import Foundation
import ReputationCommandLine
import ReputationCore

/// `score-wallet train`: fits the bot model of RISK.md §2 to labelled wallets and writes its document.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit the bot model (RISK.md §2) to labelled wallets and write its model document.",
        discussion: """
            Wallets are read as score-wallet reads them (one JSON object, a JSON array or JSON lines; '-' \
            is standard input) and their behaviour features computed as scoring computes them; each wallet \
            with a label is one training row. The fit is L2-regularised logistic regression on the \
            standardised features (the intercept not penalised): scikit-learn's LogisticRegression(C=C). \
            The model document goes to standard output or -o; a report to standard error: rows, positives, \
            training AUC, 5-fold cross-validated AUC, precision and recall at 0.5 and 0.8, and the wallets \
            that failed, had no label or were repeated, and the labels without a wallet. The same inputs \
            give the same bytes. Exit status: 0 when a model was written, 1 when none could be (an input or \
            the labels cannot be read, a bad label line, one class only), 2 for a usage error.
            """)

    @Option(help: ArgumentHelp("Labels: JSON lines {\"wallet_address\": …, \"label\": 0|1} or CSV wallet_address,label (header optional); 1 is a bot.",
                               valueName: "labels"))
    var labels: String

    @Option(name: .customLong("c"), help: "Inverse strength C of the L2 penalty on the coefficients.")
    var c: Double = 1

    @Option(name: .shortAndLong, help: "Write the model document to this file instead of standard output.")
    var output: String?

    @Option(help: "The model's id, which results name as bot_model.")
    var id: String = "bot-trained"

    @Option(help: "trained.source of the document (default: the names of the labels file and of the inputs).")
    var source: String?

    @Option(help: "Input layout: auto, lines or json.")
    var format: MessageFramer.Format = .auto

    @Option(help: "Largest message in bytes; larger ones fail with too_large.")
    var maxMessageBytes: Int = MessageLimits().maxMessageBytes

    @Option(help: "Deepest nesting of arrays and objects; deeper messages fail with too_large.")
    var maxDepth: Int = MessageLimits().maxDepth

    @Argument(help: "Wallet files; '-' is standard input.")
    var inputs: [String] = ["-"]

    /// The features a trained model uses: every input of RISK.md §2, in the table's order.
    static let features = BotFeature.allCases

    /// The probabilities the report gives precision and recall at: 0.5 and the embedded `bot-likely` rule's 0.8.
    static let thresholds = [0.5, 0.8]

    func validate() throws {
        guard c > 0, c.isFinite else { throw ValidationError("--c must be a finite number > 0") }
        guard !id.isEmpty else { throw ValidationError("--id must not be empty") }
        guard maxMessageBytes >= 1 else { throw ValidationError("--max-message-bytes must be at least 1") }
        guard maxDepth >= 1 else { throw ValidationError("--max-depth must be at least 1") }
        if labels == "-" && inputs.contains("-") { throw ValidationError("the labels and the wallets cannot both be standard input") }
    }

    /// Trains and returns the exit status.
    func execute() -> Int32 {
        let labelSet: TrainingLabels
        do {
            let text = try InputSource(path: labels).readAll()
            labelSet = try TrainingLabels(text, name: labels)
        } catch {
            printError("score-wallet train: \(error)")
            return 1
        }
        var set = TrainingSet(labels: labelSet, features: Self.features)
        for input in inputs {
            do {
                try read(InputSource(path: input), into: &set)
            } catch {
                printError("score-wallet train: \(error)")
                return 1
            }
        }
        for line in set.failureLines() { printError("score-wallet train: \(line)") }
        printError("score-wallet train: \(set.countsLine)")
        let data = set.data
        let model: BotModel
        do {
            model = try BotModelTraining.train(data, c: c, id: id, source: source ?? defaultSource)
        } catch {
            printError("score-wallet train: \(error)")
            return 1
        }
        let scores = data.rows.map { model.probability(contributions: model.contributions($0)) }
        let crossValidated: String
        do {
            crossValidated = Self.fixed(try BotModelTraining.crossValidatedAUC(data, folds: 5, c: c))
        } catch {
            crossValidated = "not computed (\(error.description.replacingOccurrences(of: "cannot train: ", with: "")))"
        }
        let positives = data.labels.filter { $0 }.count
        printError("score-wallet train: rows \(data.rows.count), positives \(positives), c \(Train.number(c))")
        printError("score-wallet train: training AUC \(Self.fixed(model.trained?.auc ?? 0)), 5-fold CV AUC \(crossValidated)")
        for measure in BotModelTraining.precisionRecall(scores: scores, labels: data.labels, thresholds: Self.thresholds) {
            printError("score-wallet train: at \(Train.number(measure.threshold)): precision \(Self.fixed(measure.precision)), recall \(Self.fixed(measure.recall))")
        }
        return write(model)
    }

    /// Scores every message of one input (one thread: training reads each wallet once) into the set.
    private func read(_ input: InputSource, into set: inout TrainingSet) throws(FileError) {
        defer { input.close() }
        let framer = MessageFramer(format: format, maxMessageBytes: maxMessageBytes, fileDescriptor: input.fileDescriptor)
        let limits = MessageLimits(maxMessageBytes: maxMessageBytes, maxDepth: maxDepth)
        var session = ScoringSession(configuration: Self.featureConfiguration, limits: limits)
        while true {
            let batch: MessageFramer.Batch?
            do {
                batch = try framer.nextBatch()
            } catch {
                throw FileError(.read, input.path, error) ?? FileError(action: .read, path: input.path, code: EIO)
            }
            guard let batch else { return }
            batch.bytes.withUnsafeBytes { raw in
                for frame in batch.frames {
                    let outcome: ScoringOutcome
                    switch frame.content {
                    case .message(let range):
                        outcome = session.score(UnsafeRawBufferPointer(rebasing: raw[range]), asOf: Self.asOf)
                    case .tooLarge(let bytes):
                        outcome = .failure(ScoringFailure(code: .tooLarge, message: "message is \(bytes) bytes, over the limit of \(maxMessageBytes)"))
                    case .layoutError(let reason):
                        outcome = .failure(ScoringFailure(code: .invalidJSON, message: reason))
                    }
                    set.add(outcome, origin: MessageOrigin(input: input.path, line: frame.line))
                }
            }
        }
    }

    /// The model document, pretty-printed with sorted keys, to standard output or `--output`.
    private func write(_ model: BotModel) -> Int32 {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            let bytes = try encoder.encode(model) + Data("\n".utf8)
            if let output, output != "-" {
                try bytes.write(to: URL(fileURLWithPath: output))
            } else {
                try FileHandle.standardOutput.write(contentsOf: bytes)
            }
        } catch {
            printError("score-wallet train: cannot write \(output ?? "standard output"): \(error.localizedDescription)")
            return 1
        }
        return 0
    }

    private var defaultSource: String {
        func name(_ path: String) -> String { path == "-" ? "standard input" : URL(fileURLWithPath: path).lastPathComponent }
        return "labels \(name(labels)); wallets \(inputs.map(name).joined(separator: ", "))"
    }

    /// The scoring time: none of the model's inputs depends on it, so a fixed one keeps runs identical.
    static let asOf: Int64 = 0

    /// A configuration whose results carry their behaviour features (any bot model does; its own
    /// probabilities are not used).
    static let featureConfiguration: ThresholdConfiguration = {
        var configuration = ThresholdConfiguration.defaults
        let count = features.count
        configuration.risk.botModel = try! BotModel(id: "features", features: features, mean: .init(repeating: 0, count: count),
                                                    scale: .init(repeating: 1, count: count), coef: .init(repeating: 0, count: count),
                                                    intercept: 0)
        return configuration
    }()

    static func fixed(_ value: Double) -> String { String(format: "%.4f", value) }

    /// A whole number without a fraction (`1`), any other as Swift prints it (`0.25`).
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }
}

extension InputSource {
    /// Everything the input holds (the labels file), read to its end.
    /// - Throws: ``FileError`` when it cannot be read.
    func readAll() throws(FileError) -> [UInt8] {
        defer { close() }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Foundation.read(fileDescriptor, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError(action: .read, path: path, code: errno)
            }
            if n == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<n])
        }
    }
}

/// Parses `score-wallet train …` with ArgumentParser (its own root, so that the scoring command line stays
/// exactly as it was) and runs it.
enum TrainCommandLine {
    struct Root: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "score-wallet", version: PackageVersion.current,
                                                        subcommands: [Train.self])
    }

    /// True when the arguments (without the executable's name) ask for `train` (or `help train`).
    static func isChosen(_ arguments: [String]) -> Bool {
        arguments.first == Train._commandName || arguments.prefix(2) == ["help", Train._commandName]
    }

    /// The exit status of `score-wallet train …`.
    static func run(_ arguments: [String]) -> Int32 {
        do {
            var command = try Root.parseAsRoot(arguments)
            if let train = command as? Train { return train.execute() }
            try command.run()   // help, as `score-wallet help train` asks
            return 0
        } catch {
            if Root.exitCode(for: error) == .success {
                print(Root.fullMessage(for: error))
                return 0
            }
            printError(Root.fullMessage(for: error))
            return 2
        }
    }
}
