import Foundation
import ReputationCore
import TestSupport
import Testing

/// Runs `score-wallet` with arguments and optional standard input.
func scoreWallet(_ arguments: [String], stdin: Data? = nil) async throws -> CLIResult {
    try await run(executable("score-wallet"), arguments, stdin: stdin)
}

/// A result line that is not a JSON object.
struct NotAnObject: Error, CustomStringConvertible {
    let line: String
    var description: String { "not a JSON object: \(line)" }
}

/// The result lines as JSON objects; a line that is not one fails the test, naming the line.
func objects(_ result: CLIResult) throws -> [[String: Any]] {
    try result.lines.map { line in
        guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { throw NotAnObject(line: line) }
        return object
    }
}

/// A result line without the fields that depend on the run (`timestamp`, `processing_time_ms`) or on
/// where the message was read (a failure's `input` and `line`).
func comparable(_ line: String) -> String {
    stable(line).replacingOccurrences(of: #","input":"(?:[^"\\]|\\.)*","line":\d+"#, with: "", options: .regularExpression)
}

/// The library's result lines for these messages, one at a time, as `comparable` shows them.
func libraryLines(_ messages: [String], asOf: Int64) -> [String] {
    var session = ScoringSession()
    return messages.map { comparable(session.score(json: $0, asOf: asOf).jsonLine(timestamp: 0, processingTimeMs: 0)) }
}
