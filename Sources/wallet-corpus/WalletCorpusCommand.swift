import ArgumentParser
import Foundation
import WalletCorpus

/// Writes realistic wallet messages as JSON lines, for tests and benchmarks.
@main
struct WalletCorpusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wallet-corpus",
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
        let handle: FileHandle
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: nil) else {
                throw ValidationError("cannot create \(output)")
            }
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        } else {
            handle = .standardOutput
        }
        let limit = megabytes.map { $0 * 1_000_000 } ?? Int.max
        var written = 0
        var buffer: [UInt8] = []
        for wallet in RealisticWallets(count: wallets ?? Int.max, seed: seed) {
            buffer.append(contentsOf: wallet.utf8)
            buffer.append(UInt8(ascii: "\n"))
            if buffer.count >= 1 << 20 {
                handle.write(Data(buffer))
                written += buffer.count
                buffer.removeAll(keepingCapacity: true)
                if written >= limit { break }
            }
        }
        handle.write(Data(buffer))
    }
}
