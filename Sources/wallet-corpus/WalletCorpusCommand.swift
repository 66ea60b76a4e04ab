import ArgumentParser
import Foundation
import ReputationCore
import WalletCorpus

/// Developer tool: writes realistic and malformed wallet corpora, measures JSONDecoder on a corpus, and
/// streams generated wallets to Kafka (`produce`).
@main
struct WalletCorpusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wallet-corpus",
        abstract: "Write wallet corpora for tests and benchmarks, or stream them to Kafka.",
        version: PackageVersion.current,
        subcommands: [Generate.self, Labelled.self, Malformed.self, DecodeBaseline.self, EmbedModel.self, Produce.self],
        defaultSubcommand: Generate.self)
}

/// Writes realistic wallet messages as JSON lines.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write realistic wallet messages (MODEL.md §1) as JSON lines, deterministically from a seed.")

    @Option(help: "How many wallets to write.")
    var wallets: Int?

    @Option(help: "Write wallets until the output holds at least this many megabytes (10^6 bytes).")
    var megabytes: Int?

    @Option(help: "Seed: the same seed writes the same wallets.")
    var seed: UInt64 = 1

    @Option(name: .shortAndLong, help: "Output file (default: standard output).")
    var output: String?

    func validate() throws {
        guard (wallets == nil) != (megabytes == nil) else { throw ValidationError("give exactly one of --wallets and --megabytes") }
    }

    func run() throws {
        let handle = try Output(output)
        let limit = megabytes.map { $0 * 1_000_000 } ?? Int.max
        var written = 0
        var buffer: [UInt8] = []
        for wallet in RealisticWallets(count: wallets ?? Int.max, seed: seed) {
            buffer.append(contentsOf: wallet.utf8)
            buffer.append(UInt8(ascii: "\n"))
            if written + buffer.count >= limit { break }
            if buffer.count >= 1 << 20 {
                try handle.write(buffer)
                written += buffer.count
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try handle.write(buffer)
    }
}

/// Writes labelled human-like and bot-like wallets and their labels, for `score-wallet train`.
struct Labelled: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write labelled wallets for training the bot model: the wallets as JSON lines, and their labels.",
        discussion: """
            Human-like wallets (the realistic ones, session traders, recurring buyers) and bot-like ones \
            (clockwork schedules, round-the-clock activity, single-pool ping-pong, bursts), deterministically \
            from the seed. About \(Int(LabelledWallets.botShare * 100))% are bots, \(Int(LabelledWallets.disguiseShare * 100))% \
            of those also trade like a person, and \(Int(LabelledWallets.labelNoise * 100))% of the labels are \
            wrong. Labels are JSON lines {"wallet_address": …, "label": 0|1} (1 for a bot).
            """)

    @Option(help: "How many wallets to write.")
    var wallets: Int

    @Option(help: "Seed: the same seed writes the same wallets and labels.")
    var seed: UInt64 = 1

    @Option(name: .shortAndLong, help: "Output file for the wallets (default: standard output).")
    var output: String?

    @Option(help: "Output file for the labels.")
    var labels: String

    func validate() throws {
        guard wallets >= 1 else { throw ValidationError("--wallets must be at least 1") }
    }

    func run() throws {
        let walletHandle = try Output(output), labelHandle = try Output(labels)
        var walletBuffer: [UInt8] = [], labelBuffer: [UInt8] = []
        for wallet in LabelledWallets(count: wallets, seed: seed) {
            walletBuffer.append(contentsOf: wallet.json.utf8)
            walletBuffer.append(UInt8(ascii: "\n"))
            labelBuffer.append(contentsOf: "{\"wallet_address\":\"\(wallet.address)\",\"label\":\(wallet.label ? 1 : 0)}\n".utf8)
            if walletBuffer.count >= 1 << 20 {
                try walletHandle.write(walletBuffer)
                walletBuffer.removeAll(keepingCapacity: true)
            }
        }
        try walletHandle.write(walletBuffer)
        try labelHandle.write(labelBuffer)
    }
}

/// Writes the Swift source that embeds a bot model document as `BotModel.embedded`.
struct EmbedModel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed-model",
        abstract: "Write a bot model document (score-wallet train's output) as the Swift source of BotModel.embedded.")

    @Argument(help: "The model document (JSON).")
    var model: String

    @Option(name: .shortAndLong, help: "Output file (default: standard output).")
    var output: String?

    func run() throws {
        let document = try Data(contentsOf: URL(fileURLWithPath: model))
        let botModel: BotModel
        do {
            botModel = try JSONDecoder().decode(BotModel.self, from: document)
        } catch {
            throw ValidationError("\(model): not a bot model document: \(error)")
        }
        try Output(output).write(Array(EmbeddedModelSource.swift(botModel).utf8))
    }
}

/// Writes the malformed corpus, one file per case, with the outcome each must get.
struct Malformed: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the malformed corpus: one file per case, and expected.tsv (file, error_code or 'scored').")

    @Option(name: .shortAndLong, help: "Directory to write into.")
    var output: String

    func run() throws {
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        var manifest = "# file\texpected error_code ('scored' when valid)\tpart of the message\n"
        for (i, corpusCase) in MalformedCorpus.cases.enumerated() {
            let name = String(format: "%02d-", i + 1) + corpusCase.name.lowercased()
                .map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined() + ".json"
            try Data(corpusCase.bytes).write(to: URL(fileURLWithPath: output).appendingPathComponent(name))
            manifest += "\(name)\t\(corpusCase.expectedCode ?? "scored")\t\(corpusCase.messageContains ?? "")\n"
        }
        try Data(manifest.utf8).write(to: URL(fileURLWithPath: output).appendingPathComponent("expected.tsv"))
    }
}

/// Decodes every line of a corpus with Foundation's JSONDecoder, for the benchmark's baseline.
struct DecodeBaseline: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode-baseline",
        abstract: "Decode each JSON line of a file into WalletMessage with JSONDecoder; print MB/s and wallets/s.")

    @Argument(help: "A JSON lines file.")
    var file: String

    func run() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: file), options: .alwaysMapped)
        measure("JSONDecoder, plain Codable structs", data, MinimalMessage.self)
        measure("JSONDecoder, validating WalletMessage", data, WalletMessage.self)
    }

    private func measure<T: Decodable>(_ label: String, _ data: Data, _ type: T.Type) {
        let decoder = JSONDecoder()
        let start = Date()
        var wallets = 0, failed = 0
        var lineStart = data.startIndex
        while lineStart < data.endIndex {
            let lineEnd = data[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? data.endIndex
            if lineEnd > lineStart {
                wallets += 1
                if (try? decoder.decode(T.self, from: data[lineStart..<lineEnd])) == nil { failed += 1 }
            }
            lineStart = lineEnd + 1
        }
        let seconds = Date().timeIntervalSince(start)
        print(String(format: "%@: %.1f MB/s, %.0f wallets/s (%d wallets, %d undecodable, %.2f s)", label,
                     Double(data.count) / 1e6 / seconds, Double(wallets) / seconds, wallets, failed, seconds))
    }
}

/// The fields the model reads, with synthesized Codable and no validation: JSONDecoder at its fastest.
private struct MinimalMessage: Decodable {
    struct Section: Decodable {
        var protocolType: String?
        var transactions: [Transaction]?
        enum CodingKeys: String, CodingKey { case protocolType, transactions }
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            protocolType = try c.decodeIfPresent(String.self, forKey: .protocolType)
            transactions = protocolType == "dexes" ? try c.decode([Transaction].self, forKey: .transactions) : nil
        }
    }
    struct Transaction: Decodable {
        var document_id: String
        var action: String
        var timestamp: Int64
        var poolId: String?
        var tokenIn, tokenOut, token0, token1: Token?
    }
    struct Token: Decodable {
        var amountUSD: Double?
        var symbol: String?
    }
    var wallet_address: String
    var data: [Section]
}

