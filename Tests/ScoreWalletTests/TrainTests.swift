import Foundation
import ReputationCore
import TestSupport
import Testing
import WalletCorpus

/// `score-wallet train` on the built binary: the optimum of RISK.md §2's objective on the wallets' features,
/// the model document, the report and its counts, and the same bytes for the same inputs.
@Suite(.serialized, .timeLimit(.minutes(3))) struct TrainTests {
    /// 200 labelled wallets, and beside them: two that fail, one repeated, two without a label, three labels
    /// without a wallet and one repeated label line.
    struct Corpus {
        var directory: URL
        var wallets: [String]
        var labelLines: [String]
        /// The rows `train` must use, in order: each labelled wallet once.
        var rows: [(json: String, isBot: Bool)]

        var walletsFile: String { directory.appendingPathComponent("wallets.jsonl").path }
        var labelsFile: String { directory.appendingPathComponent("labels.jsonl").path }

        init() throws {
            directory = try temporaryDirectory()
            let generated = Array(LabelledWallets(count: 200, seed: 21))
            wallets = generated.map(\.json)
            wallets.insert("{\"wallet_address\":\"0xbroken\",\"data\":[{\"protocolType\":\"dexes\",\"transactions\":[", at: 50)
            wallets.insert("{\"wallet_address\":\"0xnodex\",\"data\":[]}", at: 120)
            wallets.append(generated[7].json)
            labelLines = generated.dropFirst(2).map { "{\"wallet_address\":\"\($0.address.uppercased().replacingOccurrences(of: "0X", with: "0x"))\",\"label\":\($0.label ? 1 : 0)}" }
            labelLines.append(labelLines[30])
            labelLines += (1...3).map { "{\"wallet_address\":\"0xnowallet\($0)\",\"label\":\($0 % 2)}" }
            rows = generated.dropFirst(2).map { ($0.json, $0.label) }
            try Data((wallets.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: walletsFile))
            try Data((labelLines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: labelsFile))
        }
    }

    /// The model's inputs for a wallet, as the library's scoring computes its behaviour features.
    static func inputs(_ json: String) throws -> [Double] {
        var configuration = ThresholdConfiguration.defaults
        configuration.risk.botModel = try BotModel(id: "x", features: [.swapShare], mean: [0], scale: [1], coef: [0], intercept: 0)
        var session = ScoringSession(configuration: configuration)
        guard case .success(let score) = session.score(json: json, asOf: 1_700_000_000), let risk = score.risk else {
            throw TestSetupError("a corpus wallet did not score")
        }
        return BotFeature.allCases.map { $0.value(transactionCount: score.features.transactionCount, risk.features) }
    }

    /// The gradient of Σ log(1 + exp(−s·m)) + Σ coef²/(2C) at the model, the inputs standardised by the
    /// model's own mean and scale, written out here independently of the training code.
    static func gradient(_ model: BotModel, _ x: [[Double]], _ y: [Bool], c: Double) -> [Double] {
        var g = [Double](repeating: 0, count: model.coef.count + 1)
        for (row, bot) in zip(x, y) {
            var m = model.intercept
            for k in row.indices { m += model.coef[k] * (row[k] - model.mean[k]) / model.scale[k] }
            let r = 1 / (1 + exp(-m)) - (bot ? 1 : 0)
            g[0] += r
            for k in row.indices { g[k + 1] += r * (row[k] - model.mean[k]) / model.scale[k] }
        }
        for k in model.coef.indices { g[k + 1] += model.coef[k] / c }
        return g
    }

    /// A number after `label` in the report (`rows 198`).
    static func figure(_ report: String, _ label: String) -> Double? {
        guard let range = report.range(of: label + " ") else { return nil }
        let digits = report[range.upperBound...].prefix { $0.isNumber || $0 == "." }
        return Double(digits)
    }

    @Test(arguments: [1.0, 0.1])
    func fitsTheObjectiveAndReportsEveryCount(c: Double) async throws {
        let corpus = try Corpus()
        defer { removeOrWarn(corpus.directory) }
        let arguments = ["train", "--labels", corpus.labelsFile] + (c == 1 ? [] : ["--c", "0.1"]) + [corpus.walletsFile]
        let result = try await scoreWallet(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        let model = try JSONDecoder().decode(BotModel.self, from: result.stdout)
        let x = try corpus.rows.map { try Self.inputs($0.json) }, y = corpus.rows.map(\.isBot)

        // The document.
        #expect(model.features == BotFeature.allCases)
        #expect(model.id == "bot-trained")
        #expect(model.trained?.rows == 198 && model.trained?.positives == y.filter { $0 }.count && model.trained?.c == c)
        #expect(model.trained?.source == "labels labels.jsonl; wallets wallets.jsonl")
        let object = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any]
        #expect(object?["model"] as? String == "bot-v1")

        // mean and scale are the rows' mean and population standard deviation; the gradient vanishes.
        for k in model.features.indices {
            let column = x.map { $0[k] }, mean = column.reduce(0, +) / Double(column.count)
            let sd = (column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(column.count)).squareRoot()
            #expect(abs(model.mean[k] - mean) <= 1e-12 * max(1, abs(mean)), "mean[\(k)]")
            #expect(abs(model.scale[k] - (sd > 0 ? sd : 1)) <= 1e-12 * max(1, sd), "scale[\(k)]")
        }
        let g = Self.gradient(model, x, y, c: c)
        #expect(g.map(abs).max()! < 1e-6, "\(g)")
        let otherC = Self.gradient(model, x, y, c: c == 1 ? 0.1 : 1)
        #expect(otherC.map(abs).max()! > 1e-3, "the fit ignores --c")

        // The report: counts, rows, AUC, precision and recall.
        let report = result.stderr
        #expect(report.contains("score-wallet train: wallets 203 (scored 201, failed 2, duplicates 1); labels 202 (JSON lines, duplicates 1); wallets without a label 2; labels without a wallet 3"), "\(report)")
        #expect(report.contains("failed wallet: \(corpus.walletsFile) line 51: invalid_json"), "\(report)")
        #expect(report.contains("failed wallet: \(corpus.walletsFile) line 121: no_dex_transactions"), "\(report)")
        #expect(Self.figure(report, "rows") == 198)
        #expect(Self.figure(report, "positives") == Double(y.filter { $0 }.count))
        #expect(report.contains(", c \(c == 1 ? "1" : "0.1")\n"))
        #expect(report.contains("training AUC \(String(format: "%.4f", model.trained!.auc)),"))
        let scores = x.map { model.probability(contributions: model.contributions($0)) }
        #expect(String(format: "%.4f", model.trained!.auc) == String(format: "%.4f", BotModelTraining.auc(scores: scores, labels: y)!))
        let cv = try #require(Self.figure(report, "5-fold CV AUC"))
        #expect(cv > 0.5 && cv <= 1)
        for t in [0.5, 0.8] {
            let called = zip(scores, y).filter { $0.0 >= t }, hits = called.filter(\.1).count
            let precision = called.isEmpty ? 0 : Double(hits) / Double(called.count), recall = Double(hits) / Double(y.filter { $0 }.count)
            #expect(report.contains("at \(t): precision \(String(format: "%.4f", precision)), recall \(String(format: "%.4f", recall))"), "\(report)")
        }
    }

    @Test func sameInputsSameBytesWhateverTheLayoutOrSource() async throws {
        let corpus = try Corpus()
        defer { removeOrWarn(corpus.directory) }
        let first = try await scoreWallet(["train", "--labels", corpus.labelsFile, "-o", corpus.directory.appendingPathComponent("a.json").path, corpus.walletsFile])
        let second = try await scoreWallet(["train", "--labels", corpus.labelsFile, corpus.walletsFile])
        #expect(first.status == 0 && second.status == 0)
        let written = try Data(contentsOf: corpus.directory.appendingPathComponent("a.json"))
        #expect(first.stdout.isEmpty)
        #expect(written == second.stdout)
        #expect(first.stderr == second.stderr)

        // The same wallets as one JSON array on standard input, the labels as CSV with a header.
        let csv = corpus.directory.appendingPathComponent("labels.csv")
        let lines = corpus.labelLines.map { line -> String in
            let object = try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            return "\(object["wallet_address"]!),\(object["label"]!)"
        }
        try Data(("wallet_address,label\n" + lines.joined(separator: "\n")).utf8).write(to: csv)
        let array = "[" + corpus.wallets.filter { !$0.contains("0xbroken") }.joined(separator: ",\n") + "]"
        let fromStdin = try await scoreWallet(["train", "--labels", csv.path, "--source", "labels labels.jsonl; wallets wallets.jsonl", "-"],
                                        stdin: Data(array.utf8))
        #expect(fromStdin.status == 0, "\(fromStdin.stderr)")
        #expect(fromStdin.stdout == second.stdout)
        #expect(fromStdin.stderr.contains("labels 202 (CSV, duplicates 1)"))
    }

    @Test func aBadLabelLineIsAnErrorNamingLineAndField() async throws {
        let corpus = try Corpus()
        defer { removeOrWarn(corpus.directory) }
        var lines = corpus.labelLines
        lines[2] = lines[2].replacingOccurrences(of: "\"label\":", with: "\"label\":2")   // `…"label":20}` or `…"label":21}`
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: corpus.labelsFile))
        let output = corpus.directory.appendingPathComponent("model.json")
        let result = try await scoreWallet(["train", "--labels", corpus.labelsFile, "-o", output.path, corpus.walletsFile])
        #expect(result.status == 1)
        #expect(result.stderr.contains("score-wallet train: \(corpus.labelsFile) line 3: label: expected 0 or 1, got 2"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test func oneClassOrNoInputIsAnErrorAndNoModel() async throws {
        let corpus = try Corpus()
        defer { removeOrWarn(corpus.directory) }
        let bots = corpus.labelLines.map { $0.replacingOccurrences(of: "\"label\":0", with: "\"label\":1") }
        try Data(bots.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: corpus.labelsFile))
        let oneClass = try await scoreWallet(["train", "--labels", corpus.labelsFile, corpus.walletsFile])
        #expect(oneClass.status == 1 && oneClass.stdout.isEmpty)
        #expect(oneClass.stderr.contains("cannot train: both classes are needed"), "\(oneClass.stderr)")
        let missing = try await scoreWallet(["train", "--labels", corpus.labelsFile, corpus.directory.appendingPathComponent("none.jsonl").path])
        #expect(missing.status == 1 && missing.stdout.isEmpty)
        #expect(missing.stderr.contains("cannot open \(corpus.directory.appendingPathComponent("none.jsonl").path): no such file"))
    }

    @Test func usageAndHelp() async throws {
        let help = try await scoreWallet(["train", "--help"])
        #expect(help.status == 0)
        #expect(String(decoding: help.stdout, as: UTF8.self).contains("score-wallet train --labels <labels>"))
        let missing = try await scoreWallet(["train", "x.jsonl"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("Missing expected argument '--labels <labels>'"), "\(missing.stderr)")
        #expect(try await scoreWallet(["train", "--labels", "l", "--c", "0", "w"]).status == 2)
        // Scoring stays the default: its help does not change into a list of subcommands.
        let scoring = String(decoding: try await scoreWallet(["--help"]).stdout, as: UTF8.self)
        #expect(scoring.contains("USAGE: score-wallet [<options>] [<inputs> ...]") && scoring.contains("score-wallet train --help"), "\(scoring)")
    }
}
