import Foundation
import TestSupport
import Testing

/// SIGINT and SIGTERM end `score-wallet` on a complete output line, and it says how far it got.
@Suite(.serialized, .timeLimit(.minutes(3))) struct InterruptionTests {
    /// What an interrupted run gave.
    struct Interrupted: Sendable {
        var reason: Process.TerminationReason
        var status: Int32
        var stdout: Data
        var stderr: String
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func signalEndsOnACompleteLine(signal: Int32) async throws {
        let run = try await blocking { try Self.interrupt(with: signal) }

        #expect(run.reason == .exit, "ended by a signal, not by itself")
        #expect(run.status == 128 + signal)
        #expect(run.stdout.last == UInt8(ascii: "\n"))
        let lines = String(decoding: run.stdout, as: UTF8.self).split(separator: "\n")
        #expect(lines.count > 100)
        for line in lines {
            #expect(try JSONSerialization.jsonObject(with: Data(line.utf8)) is [String: Any], "not a whole result: \(line.prefix(80))…")
        }
        let name = signal == SIGINT ? "SIGINT" : "SIGTERM"
        #expect(run.stderr.hasPrefix("score-wallet: interrupted by \(name) while reading input 1 of 1 (-); \(lines.count) result lines written to standard output, the last for - line \(lines.count); the output ends with a complete line"), "\(run.stderr)")
    }

    /// Scores 100 MB of generated wallets from standard input and sends `signal` once a megabyte of results
    /// has come out. Blocks: run it on a thread of its own.
    static func interrupt(with signal: Int32) throws -> Interrupted {
        let directory = try temporaryDirectory()
        defer { removeOrWarn(directory) }
        let corpus = directory.appendingPathComponent("wallets.jsonl")
        let generated = try run(try executable("wallet-corpus"), ["generate", "--megabytes", "100", "--seed", "4", "-o", corpus.path])
        guard generated.status == 0 else { throw TestSetupError("wallet-corpus generate: \(generated.stderr)") }

        let scorer = Process()
        scorer.executableURL = try executable("score-wallet")
        scorer.arguments = ["--as-of", "1704067200", "-j", "2", "-"]
        scorer.standardInput = try FileHandle(forReadingFrom: corpus)
        let output = Pipe(), errors = Pipe()
        scorer.standardOutput = output
        scorer.standardError = errors
        try SpawnLock.start(scorer)
        let watchdog = DispatchWorkItem { kill(scorer.processIdentifier, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(120), execute: watchdog)
        defer { watchdog.cancel() }
        final class Box: @unchecked Sendable { var data = Data() }
        let stderr = Box()
        let stderrRead = DispatchSemaphore(value: 0)
        Thread { stderr.data = errors.fileHandleForReading.readDataToEndOfFile(); stderrRead.signal() }.start()

        // Mid-run: once a megabyte of results has come out (the whole run writes well over 50).
        var received = Data()
        while received.count < 1 << 20 {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            received.append(chunk)
        }
        kill(scorer.processIdentifier, signal)
        received.append(output.fileHandleForReading.readDataToEndOfFile())
        stderrRead.wait()
        scorer.waitUntilExit()
        return Interrupted(reason: scorer.terminationReason, status: scorer.terminationStatus, stdout: received,
                           stderr: String(decoding: stderr.data, as: UTF8.self))
    }
}
