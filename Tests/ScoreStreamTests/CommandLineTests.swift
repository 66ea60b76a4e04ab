import Foundation
#if canImport(Glibc)
import Glibc
#endif
import ReputationCommandLine
import ReputationCore
import ReputationKafka
import ScoreStream
import TestSupport
import Testing

/// score-stream's command line: usage errors (exit 2) and fatal errors (exit 1) said once, log levels,
/// `--version`. No broker needed.
@Suite(.timeLimit(.minutes(2)))
struct CommandLineTests {
    /// What a finished process gave.
    struct Finished: Sendable {
        var status: Int32
        var stdout: Data
        var stderr: String
    }

    /// Lines of `text` containing `part`, ignoring case.
    func lines(_ text: String, containing part: String) -> Int {
        text.split(separator: "\n").filter { $0.lowercased().contains(part.lowercased()) }.count
    }

    @Test(arguments: ["TRACE", "Debug", "info", "notice", "warn", "WARNING", "error", "critical"])
    func logLevelsInAnyCase(_ name: String) {
        #expect(LogLevels.level(named: name) != nil)
    }

    @Test func warnIsWarning() {
        #expect(LogLevels.level(named: "warn") == .warning)
        #expect(LogLevels.level(named: "verbose") == nil)
    }

    /// A bad level is a usage error: exit 2, one error line naming the accepted values, the usage once.
    @Test(arguments: [(["--log-level", "verbose"], [String: String]()), ([], ["LOG_LEVEL": "loud"])])
    func aBadLogLevelIsAUsageError(_ arguments: [String], _ variables: [String: String]) async throws {
        let environment = ProcessInfo.processInfo.environment.merging(variables) { $1 }
        let result = try await runBlocking(arguments, environment: environment)
        #expect(result.status == 2)
        let name = variables.isEmpty ? "verbose" : "loud"
        #expect(lines(result.stderr, containing: "trace, debug, info, notice, warning (or warn), error, critical; not \(name)") == 1,
                "\(result.stderr)")
        #expect(lines(result.stderr, containing: "score-stream <options>") == 1, "\(result.stderr)")
    }

    @Test func aUsageErrorIsPrintedOnce() async throws {
        let result = try await runBlocking(["--port", "70000"])
        #expect(result.status == 2)
        #expect(lines(result.stderr, containing: "the HTTP port must be 0…65535") == 1, "\(result.stderr)")
        #expect(lines(result.stderr, containing: "score-stream <options>") == 1, "\(result.stderr)")
    }

    /// A fatal start-up error: exit 1 and one line saying it; `warn` is accepted on the way.
    @Test func aFatalErrorIsPrintedOnce() async throws {
        let port = try freePort()
        let result = try await runBlocking(["--bootstrap-servers", "127.0.0.1:\(port)", "--startup-timeout", "1",
                                                          "--port", "0", "--log-level", "warn"])
        #expect(result.status == 1)
        #expect(lines(result.stderr, containing: "cannot reach the Kafka brokers at 127.0.0.1:\(port)") == 1, "\(result.stderr)")
    }

    /// Unreachable brokers: librdkafka's reconnect failures (dozens a second) are collapsed, and the one
    /// final error stays.
    @Test func unreachableBrokersDoNotFloodTheLog() async throws {
        let port = try freePort()
        let result = try await runBlocking(["--bootstrap-servers", "127.0.0.1:\(port)", "--startup-timeout", "4", "--port", "0"])
        #expect(result.status == 1)
        #expect(lines(result.stderr, containing: "Connection refused") <= 4, "\(result.stderr)")
        #expect(lines(result.stderr, containing: "") <= 12, "\(result.stderr.prefix(3000))")
        #expect(lines(result.stderr, containing: "score-stream: cannot reach the Kafka brokers at 127.0.0.1:\(port)") == 1)
    }

    @Test func versionNamesThePackageAndLibrdkafka() async throws {
        let result = try await runBlocking(["--version"])
        #expect(result.status == 0)
        let text = String(decoding: result.stdout, as: UTF8.self)
        #expect(text.hasPrefix(PackageVersion.current + " (librdkafka "), "\(text)")
    }

    /// The HTTP port is taken: start-up fails with one clear line and exit 1, before joining the group.
    @Test func aPortInUseFailsBeforeJoining() async throws {
        let group = unique("port-taken")
        let cluster = try mockStreamCluster(group: group)
        let (socket, port) = try loopbackSocket(listening: true)
        defer { close(socket) }
        let result = try await runBlocking([
            "--bootstrap-servers", cluster.bootstrapServers, "--input-topic", "in", "--success-topic", "ok", "--failure-topic", "failed",
            "--consumer-group", group, "--port", String(port), "--startup-timeout", "10"])
        #expect(result.status == 1)
        #expect(lines(result.stderr, containing: "cannot listen on 127.0.0.1:\(port): address already in use") == 1, "\(result.stderr)")
        #expect(lines(result.stderr, containing: "joining consumer group") == 0, "\(result.stderr)")
        #expect(lines(result.stderr, containing: "partitions assigned") == 0, "\(result.stderr)")
    }

    /// Runs the score-stream binary on a thread of its own (waiting for a process blocks).
    func runBlocking(_ arguments: [String], environment: [String: String]? = nil) async throws -> Finished {
        let binary = try executable("score-stream")
        return try await blocking {
            let result = try run(binary, arguments, environment: environment)
            return Finished(status: result.status, stdout: result.stdout, stderr: result.stderr)
        }
    }
}
