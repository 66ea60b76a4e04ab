import ArgumentParser
import Foundation
import ReputationCommandLine
import ReputationCore

/// `score-wallet`: scores wallet messages offline, one JSON result line per wallet, in input order.
struct ScoreWallet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score-wallet",
        abstract: "Score DeFi wallets from their DEX history with the dex-v1 model.",
        discussion: """
            Each input may hold one JSON object, a JSON array of wallets, or JSON lines. One result line \
            is written per wallet, in input order; a malformed wallet becomes a failure line and never \
            stops the run; a failure line names its input and line. Exit status: 0 when every input was \
            read (failures included), 1 when an input cannot be opened or read, 2 for a usage error, \
            130/143 when interrupted by SIGINT/SIGTERM (the output then ends with a complete line). \
            'score-wallet train --help' tells how to train the bot model on labelled wallets.
            """,
        version: PackageVersion.current)

    @Argument(help: "Input files; '-' is standard input.")
    var inputs: [String] = ["-"]

    @Option(name: .shortAndLong, help: "Write results to this file instead of standard output.")
    var output: String?

    @Option(help: "Scoring time as unix seconds, for reproducible results (default: now).")
    var asOf: Int64?

    @Option(name: .shortAndLong, help: "Scoring threads (default: all cores). Output order is kept.")
    var jobs: Int?

    @Option(help: "Input layout: auto, lines or json.")
    var format: MessageFramer.Format = .auto

    @Flag(help: "Indent each result over several lines.")
    var pretty = false

    @Flag(help: "Write a summary to standard error: wallets, failures by error_code, scores, tags, risk decisions, flags, bot probabilities.")
    var summary = false

    @Flag(help: ArgumentHelp("Skip the risk layer: results without risk (make bench measures its cost).", visibility: .hidden))
    var noRisk = false

    @OptionGroup var store: ThresholdStoreOptions

    @OptionGroup var results: ResultsStoreOptions

    @Flag(help: "Write the effective configuration as a JSON thresholds file and exit.")
    var printThresholds = false

    @Option(help: "Largest message in bytes; larger ones fail with too_large.")
    var maxMessageBytes: Int = MessageLimits().maxMessageBytes

    @Option(help: "Deepest nesting of arrays and objects; deeper messages fail with too_large.")
    var maxDepth: Int = MessageLimits().maxDepth

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        guard maxMessageBytes >= 1 else { throw ValidationError("--max-message-bytes must be at least 1") }
        guard maxDepth >= 1 else { throw ValidationError("--max-depth must be at least 1") }
        if let asOf, asOf < 0 { throw ValidationError("--as-of must be unix seconds ≥ 0") }
    }

    /// Runs and returns the exit status; `interruption` ends the run early on SIGINT or SIGTERM.
    func execute(_ interruption: Interruption) -> Int32 {
        let configuration: ThresholdConfiguration
        do {
            configuration = try loadConfiguration()
        } catch {
            printError("score-wallet: \(error)")
            return 1
        }
        if printThresholds { return Self.print(configuration) }
        let stored: StoredResults?
        do {
            stored = try results.makeStore().map(StoredResults.init)
        } catch {
            printError("score-wallet: \(error)")
            return 1
        }
        let sink: OutputSink
        do {
            sink = try OutputSink(path: output)
        } catch {
            printError("score-wallet: \(error)")
            return 1
        }
        interruption.watch(sink)
        let pipeline = ScoringPipeline(
            configuration: configuration, limits: MessageLimits(maxMessageBytes: maxMessageBytes, maxDepth: maxDepth),
            asOf: asOf ?? Int64(Date().timeIntervalSince1970), jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount,
            pretty: pretty, assessingRisk: !noRisk, sink: sink, stored: stored)
        var status: Int32 = 0
        let started = Date(), startedCPU = RunSummary.cpuSeconds()
        for (index, input) in inputs.enumerated() {
            interruption.reading(input: index + 1, of: inputs.count, path: input)
            do throws(FileError) {
                try pipeline.run(input: try InputSource(path: input), format: format)
            } catch {
                if error.action == .open { pipeline.noteUnread(input, error) }
                printError("score-wallet: \(error)")
                status = 1
            }
        }
        if summary {
            printError(pipeline.summary.report(seconds: Date().timeIntervalSince(started),
                                               cpuSeconds: RunSummary.cpuSeconds() - startedCPU))
            if let stored { printError(stored.summaryLine) }
        }
        if let stored, let failure = stored.failure {
            printError("score-wallet: results not stored in \(stored.store.name): \(failure); \(stored.notStored) results not stored")
            status = 1
        }
        if let failure = sink.writeFailure {
            printError("score-wallet: \(failure)")
            return 1
        }
        return status
    }

    /// The configured store's parameters: a thresholds file, MongoDB, or the embedded defaults.
    /// Never falls back to other parameters than the configured ones.
    private func loadConfiguration() throws -> ThresholdConfiguration {
        let store = try self.store.makeStore()
        final class Outcome: @unchecked Sendable { var result: Result<ThresholdConfiguration, any Error>? }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        Task {
            do { outcome.result = .success(try await store.load()) } catch { outcome.result = .failure(error) }
            done.signal()
        }
        done.wait()   // the main thread, not one of Swift's concurrency threads
        do {
            return try outcome.result!.get()
        } catch {
            throw StoreFailure(store: store.name, error: error)
        }
    }

    private static func print(_ configuration: ThresholdConfiguration) -> Int32 {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            try FileHandle.standardOutput.write(contentsOf: try encoder.encode(configuration.thresholdsFile) + Data("\n".utf8))
            return 0
        } catch {
            printError("score-wallet: cannot print the thresholds: \(error.localizedDescription)")
            return 1
        }
    }
}

extension MessageFramer.Format: ExpressibleByArgument {}

@main
enum Main {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if TrainCommandLine.isChosen(arguments) { exit(TrainCommandLine.run(arguments)) }
        let interruption = Interruption.install()   // first: every later thread inherits the signal mask
        let command: ScoreWallet
        do {
            command = try ScoreWallet.parse()
        } catch {
            // --help and --version print to standard output; a usage error (its message already holds
            // the usage) once to standard error.
            if ScoreWallet.exitCode(for: error) == .success {
                print(ScoreWallet.fullMessage(for: error))
                exit(0)
            }
            printError(ScoreWallet.fullMessage(for: error))
            exit(2)
        }
        exit(command.execute(interruption))
    }
}
