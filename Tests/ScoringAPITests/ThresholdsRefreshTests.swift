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

    /// score-server's dashboard tells the threshold store's state: the file and its refresh interval, a
    /// failing refresh (the last good parameters stay in force) until a read succeeds again.
    @Test func theDashboardShowsAFailingRefreshUntilItRecovers() async throws {
        let directory = try await temporaryDirectory()
        defer { removeOrWarn(directory) }
        let file = directory.appendingPathComponent("thresholds.json")
        try await blocking { try Data(#"{"tokens": [], "thresholds": []}"#.utf8).write(to: file, options: .atomic) }
        let server = try await ServerProcess.start(["--thresholds", file.path, "--thresholds-refresh", "1"])
        func thresholds() async throws -> [String: Any] {
            try #require(try await request(server.port, "GET", "/api/v1/dashboard").json["thresholds"] as? [String: Any])
        }
        /// The dashboard's thresholds once `condition` holds (polled every 100 ms, at most 10 s).
        func thresholds(until condition: ([String: Any]) -> Bool) async throws -> [String: Any] {
            var current = try await thresholds()
            for _ in 0..<100 where !condition(current) {
                try await Task.sleep(for: .milliseconds(100))
                current = try await thresholds()
            }
            return current
        }
        let start = try await thresholds()
        #expect((start["store"] as? String)?.contains(file.lastPathComponent) == true, "\(start)")
        #expect(start["refresh_seconds"] as? Double == 1)
        #expect(start["refresh_problem"] is NSNull)
        let parameters = try #require(start["parameters_id"] as? String)

        try await blocking { try Data("{not json".utf8).write(to: file, options: .atomic) }
        let failing = try await thresholds { !($0["refresh_problem"] is NSNull) }
        #expect((failing["refresh_problem"] as? String)?.contains(file.lastPathComponent) == true, "\(failing)")
        #expect(failing["parameters_id"] as? String == parameters, "the last good parameters stay in force")

        try await blocking { try Data(Self.override.utf8).write(to: file, options: .atomic) }
        let recovered = try await thresholds { $0["refresh_problem"] is NSNull }
        #expect(recovered["refresh_problem"] is NSNull)
        let changed = try await thresholds { $0["parameters_id"] as? String != parameters }
        #expect(changed["parameters_id"] as? String != parameters)
    }
}
