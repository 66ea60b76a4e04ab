import Foundation
import TestSupport
import Testing

/// score-server re-reads a thresholds file as score-stream does: requests after a change score with the
/// new parameters (the pooled sessions of the old ones are retired), as score-wallet does with that file.
@Suite(.timeLimit(.minutes(2)))
struct ThresholdsRefreshTests {
    static let override = #"{"tokens": [], "thresholds": [{"protocolType": "dexes", "parameter": "lp.volume_full_usd", "value": 20000}]}"#

    @Test func aChangedFileAppliesToLaterRequests() async throws {
        let directory = try await temporaryDirectory()
        defer { removeOrWarn(directory) }
        let file = directory.appendingPathComponent("thresholds.json")
        try await blocking { try Data(#"{"tokens": [], "thresholds": []}"#.utf8).write(to: file, options: .atomic) }
        let server = try await ServerProcess.start(["--thresholds", file.path, "--thresholds-refresh", "1"])
        let wallet = try await ScoringAPITests.messages()[0]
        func score() async throws -> Reply {
            try await request(server.port, "POST", "/api/v1/score?as_of=1704067200", headers: ["Content-Type": "application/json"],
                              body: Data(wallet.utf8))
        }
        let before = try #require(try await score().json["parameters_id"] as? String)
        try await blocking { try Data(Self.override.utf8).write(to: file, options: .atomic) }
        var after = try await score()
        for _ in 0..<100 where after.json["parameters_id"] as? String == before {
            try await Task.sleep(for: .milliseconds(100))
            after = try await score()
        }
        #expect(after.json["parameters_id"] as? String != before)
        let offline = try await run(executable("score-wallet"), ["--thresholds", file.path, "--as-of", "1704067200", "--format", "lines"],
                                    stdin: Data(wallet.utf8))
        #expect(offline.lines.map(comparable) == [comparable(after.text)])
    }
}
