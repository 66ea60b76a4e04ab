import Foundation
import Testing

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let fixtures = packageRoot.appendingPathComponent("Fixtures")

/// A built executable of this package: `$SCORE_WALLET_BIN_DIR/NAME`, else `.build/debug/NAME`.
func executable(_ name: String) throws -> URL {
    let directory = ProcessInfo.processInfo.environment["SCORE_WALLET_BIN_DIR"].map { URL(fileURLWithPath: $0) }
        ?? packageRoot.appendingPathComponent(".build/debug")
    let url = directory.appendingPathComponent(name)
    guard FileManager.default.isExecutableFile(atPath: url.path) else {
        throw CLIError.notBuilt("\(url.path) is not built: run `swift build` (or `make test`) first")
    }
    return url
}

enum CLIError: Error { case notBuilt(String) }

struct CLIResult {
    var status: Int32
    var stdout: Data
    var stderr: String
    var lines: [String] { String(decoding: stdout, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }
    var objects: [[String: Any]] { lines.map { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] ?? [:] } }
}

/// Runs `score-wallet` with arguments and optional standard input.
func scoreWallet(_ arguments: [String], stdin: Data? = nil) throws -> CLIResult {
    try run(executable("score-wallet"), arguments, stdin: stdin)
}

func run(_ url: URL, _ arguments: [String], stdin: Data? = nil) throws -> CLIResult {
    let process = Process()
    process.executableURL = url
    process.arguments = arguments
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    // Swift Testing's time limit cannot interrupt a blocked wait: a hung child is killed instead.
    let watchdog = DispatchWorkItem { kill(process.processIdentifier, SIGKILL) }
    DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(120), execute: watchdog)
    defer { watchdog.cancel() }
    let writer = Thread {
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try? input.fileHandleForWriting.close()
    }
    writer.start()
    final class Box: @unchecked Sendable { var data = Data() }
    let stderr = Box()
    let done = DispatchSemaphore(value: 0)
    Thread { stderr.data = err.fileHandleForReading.readDataToEndOfFile(); done.signal() }.start()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    done.wait()
    process.waitUntilExit()
    return CLIResult(status: process.terminationStatus, stdout: stdout, stderr: String(decoding: stderr.data, as: UTF8.self))
}

/// A fresh temporary directory for one test.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("score-wallet-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A result line without its run-dependent fields (`timestamp`, `processing_time_ms`).
func stable(_ line: String) -> String {
    line.replacingOccurrences(of: #""timestamp":\d+,"processing_time_ms":[0-9.e+-]+,"#, with: "", options: .regularExpression)
}
