import Foundation
import ReputationCore
import TestSupport
import Testing

/// score-server's command line: its version, and usage errors (exit 2, said once on standard error).
@Suite(.timeLimit(.minutes(1)))
struct ScoreServerCommandLineTests {
    @Test func versionIsThePackages() async throws {
        let result = try await run(executable("score-server"), ["--version"])
        #expect(result.status == 0)
        #expect(String(decoding: result.stdout, as: UTF8.self) == PackageVersion.current + "\n")
    }

    @Test(arguments: [
        (["--log-level", "loud"], [String: String](), "--log-level must be one of"),
        (["--port", "70000"], [:], "the HTTP port must be 0…65535"),
        ([], ["RESULTS_STORE": "redis"], "RESULTS_STORE must be mongo or none, not redis"),
        (["--store-results"], ["MONGODB_URL": ""], "--store-results needs a MongoDB URL"),
        (["--max-request-bytes", "0"], [:], "--max-request-bytes"),
        (["--thresholds-refresh", "0"], [:], "--thresholds-refresh must be at least 1 second, not 0"),
        ([], ["THRESHOLDS_REFRESH_SECONDS": "soon"], "THRESHOLDS_REFRESH_SECONDS must be a whole number of seconds ≥ 1, not soon"),
        ([], ["PORT": "http"], "PORT must be a number, not http"),
    ])
    func usageErrorsExit2(arguments: [String], environment: [String: String], message: String) async throws {
        var env = ProcessInfo.processInfo.environment
        for key in ["RESULTS_STORE", "MONGODB_URL", "PORT", "LOG_LEVEL", "THRESHOLDS_REFRESH_SECONDS"] { env[key] = nil }
        env.merge(environment) { $1 }
        let result = try await run(executable("score-server"), arguments, environment: env)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}
