import Foundation
import TestSupport
import Testing

/// score-stream refuses to start, with a clear message and exit status 1, rather than run half-configured.
@Suite(.enabled(if: TestBroker.available && MongoTestServer.available), .timeLimit(.minutes(2)))
struct StartupTests {
    func start(_ arguments: [String], environment: [String: String]? = nil) async throws -> CLIResult {
        try await run(executable("score-stream"), ["--port", "0", "--startup-timeout", "3"] + arguments, environment: environment)
    }

    @Test func unreachableBrokersFailAfterTheTimeout() async throws {
        let port = try freePort()
        let started = ContinuousClock.now
        let result = try await start(["--bootstrap-servers", "127.0.0.1:\(port)"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot reach the Kafka brokers at 127.0.0.1:\(port)"), "\(result.stderr)")
        #expect(ContinuousClock.now - started < .seconds(20))
    }

    @Test func missingTopicsAreNamed() async throws {
        let bootstrap = try TestBroker.require()
        let input = unique("absent")
        let result = try await start(["--bootstrap-servers", bootstrap, "--input-topic", input, "--success-topic", unique("absent-ok"),
                                "--failure-topic", unique("absent-failed")])
        #expect(result.status == 1)
        #expect(result.stderr.contains(input) && result.stderr.contains("--create-topics"), "\(result.stderr)")
    }

    /// Debian's librdkafka 2.0.2 (put first by LD_LIBRARY_PATH, which wins over the binary's RUNPATH) cannot
    /// talk to Tansu: it says why, and the exact fix, instead of reconnecting forever.
    @Test func olderLibrdkafkaExplainsKIP482() async throws {
        let bootstrap = try TestBroker.require()
        let debian = URL(fileURLWithPath: "/usr/lib/x86_64-linux-gnu/librdkafka.so.1")
        try #require(FileManager.default.fileExists(atPath: debian.path), "Debian's librdkafka1 is not installed")
        let directory = try await temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createSymbolicLink(at: directory.appendingPathComponent("librdkafka.so.1"), withDestinationURL: debian)
        var environment = ProcessInfo.processInfo.environment
        environment["LD_LIBRARY_PATH"] = directory.path
        let result = try await start(["--bootstrap-servers", bootstrap], environment: environment)
        #expect(result.status == 1)
        #expect(result.stderr.contains("KIP-482"), "\(result.stderr)")
        #expect(result.stderr.contains("2.2.0"))
        #expect(result.stderr.contains("LD_LIBRARY_PATH=\(packageRoot.appendingPathComponent(".tools/lib").path)"), "\(result.stderr)")
        #expect(result.stderr.contains("make release"))
    }

    @Test func unreachableMongoStopsBeforeConsuming() async throws {
        let bootstrap = try TestBroker.require()
        let result = try await start(["--bootstrap-servers", bootstrap, "--mongo-url", "mongodb://ops:hunter2@127.0.0.1:\(try freePort())/",
                                "--mongo-timeout", "1"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot use MongoDB mongodb://ops:***@127.0.0.1"), "\(result.stderr)")
        #expect(!result.stderr.contains("hunter2"))
    }

    @Test func helpNamesTheVariables() async throws {
        let result = try await run(executable("score-stream"), ["--help"])
        #expect(result.status == 0)
        let help = String(decoding: result.stdout, as: UTF8.self)
        for variable in ["KAFKA_BOOTSTRAP_SERVERS", "KAFKA_INPUT_TOPIC", "KAFKA_SUCCESS_TOPIC", "KAFKA_FAILURE_TOPIC", "KAFKA_CONSUMER_GROUP",
                         "MONGODB_URL", "HOST", "PORT", "LOG_LEVEL", "SCORING_AS_OF", "THRESHOLDS_REFRESH_SECONDS"] {
            #expect(help.contains(variable), "\(variable)")
        }
    }

    @Test func badFlagsAreUsageErrors() async throws {
        let result = try await run(executable("score-stream"), ["--port", "70000"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("port"))
    }
}
