import Foundation
import ReputationCore

/// The project's Fixtures folder.
let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures")

/// MODEL.md §6's as-of time.
let exampleAsOf: Int64 = 1_704_067_200

/// A result line with the run-dependent envelope fixed, for byte comparisons.
func line(_ outcome: ScoringOutcome) -> String {
    outcome.jsonLine(timestamp: 0, processingTimeMs: 0)
}

/// The JSON object a line holds; anything else throws, naming the line.
func json(_ text: String) throws -> [String: Any] {
    struct NotAnObject: Error, CustomStringConvertible {
        let text: String
        var description: String { "not a JSON object: \(text)" }
    }
    guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { throw NotAnObject(text: text) }
    return object
}

/// Scores bytes on the fast path and on the Codable (JSONDecoder) path.
func bothPaths(_ bytes: [UInt8], asOf: Int64 = exampleAsOf, limits: MessageLimits = MessageLimits())
    -> (fast: ScoringOutcome, codable: ScoringOutcome)
{
    var session = ScoringSession(limits: limits)
    return (session.score(bytes, asOf: asOf), session.score(decoding: Data(bytes), asOf: asOf))
}
