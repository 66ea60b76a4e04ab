import Foundation
import TestSupport
import Testing

/// SIGINT and SIGTERM end `score-wallet` on a complete output line, and it says how far it got.
@Suite(.serialized, .timeLimit(.minutes(3))) struct InterruptionTests {
    @Test(arguments: [SIGINT, SIGTERM])
    func signalEndsOnACompleteLine(signal: Int32) throws {
        let generator = Process()
        generator.executableURL = try executable("wallet-corpus")
        generator.arguments = ["generate", "--megabytes", "200", "--seed", "4"]
        let input = Pipe()
        generator.standardOutput = input
        let scorer = Process()
        scorer.executableURL = try executable("score-wallet")
        scorer.arguments = ["--as-of", "1704067200", "-j", "2", "-"]
        scorer.standardInput = input
        let output = Pipe(), errors = Pipe()
        scorer.standardOutput = output
        scorer.standardError = errors
        try generator.run()
        try scorer.run()
        let watchdog = DispatchWorkItem { kill(scorer.processIdentifier, SIGKILL); kill(generator.processIdentifier, SIGKILL) }
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
        kill(generator.processIdentifier, SIGKILL)
        generator.waitUntilExit()

        #expect(scorer.terminationReason == .exit, "ended by a signal, not by itself")
        #expect(scorer.terminationStatus == 128 + signal)
        #expect(received.last == UInt8(ascii: "\n"))
        let lines = String(decoding: received, as: UTF8.self).split(separator: "\n")
        #expect(lines.count > 100)
        for line in lines {
            #expect(try JSONSerialization.jsonObject(with: Data(line.utf8)) is [String: Any], "not a whole result: \(line.prefix(80))…")
        }
        let message = String(decoding: stderr.data, as: UTF8.self)
        let name = signal == SIGINT ? "SIGINT" : "SIGTERM"
        #expect(message.hasPrefix("score-wallet: interrupted by \(name) while reading input 1 of 1 (-); \(lines.count) result lines written to standard output, the last for - line \(lines.count); the output ends with a complete line"), "\(message)")
    }
}
