import Foundation
import TestSupport
import Testing

/// The test's own environment (it carries `LD_LIBRARY_PATH`) with `extra` on top.
func testEnvironment(_ extra: [String: String]) -> [String: String] {
    ProcessInfo.processInfo.environment.merging(extra) { _, new in new }
}

/// What README.md promises of score-stream's configuration, run as users run it: every flag has a
/// variable and the flag wins, `--create-topics`, `--auto-offset-reset`, and secrets kept out of the log.
@Suite(.enabled(if: TestBroker.available), .serialized, .timeLimit(.minutes(3)))
struct ConfigurationTests {
    /// Every setting from its variable alone: brokers, topics, group, HTTP address, scoring time.
    @Test func variablesConfigureTheService() async throws {
        let bootstrap = try TestBroker.require()
        let writer = try TopicWriter(bootstrap)
        let topics = try await StreamTopics(writer, partitions: 2)
        let port = try freePort()
        let service = try await StreamProcess.launch(arguments: StreamProcess.fastGroup, environment: [
            "KAFKA_BOOTSTRAP_SERVERS": bootstrap, "KAFKA_INPUT_TOPIC": topics.input, "KAFKA_SUCCESS_TOPIC": topics.success,
            "KAFKA_FAILURE_TOPIC": topics.failure, "KAFKA_CONSUMER_GROUP": topics.group, "HOST": "127.0.0.2", "PORT": String(port),
            "SCORING_AS_OF": String(asOf),
        ], host: "127.0.0.2", port: port)
        try #require(await service.waitForHealth(200, "ok"), "HOST and PORT: \(service.log)")
        #expect(await httpGet(host: "127.0.0.1", port: port, "/") == nil, "HOST: nothing listens on 127.0.0.1")

        try await scoreTwoAndStop(service, writer, topics, bootstrap: bootstrap)
        #expect(try await topics.committed(bootstrap) == 2, "KAFKA_CONSUMER_GROUP committed both inputs")
    }

    /// Flags beside variables that name other brokers, topics, group, address and scoring time: the flags win.
    @Test func flagsWinOverVariables() async throws {
        let bootstrap = try TestBroker.require()
        let writer = try TopicWriter(bootstrap)
        let topics = try await StreamTopics(writer, partitions: 2)
        let decoyGroup = unique("decoy-group")
        let service = try await StreamProcess.launch(bootstrap, topics, extra: ["--host", "127.0.0.1"], environment: [
            "KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:\(try freePort())", "KAFKA_INPUT_TOPIC": unique("decoy-in"),
            "KAFKA_SUCCESS_TOPIC": unique("decoy-ok"), "KAFKA_FAILURE_TOPIC": unique("decoy-failed"), "KAFKA_CONSUMER_GROUP": decoyGroup,
            "HOST": "127.0.0.3", "PORT": String(try freePort()), "SCORING_AS_OF": "0",
        ])
        try #require(await service.waitForHealth(200, "ok"), "\(service.log)")

        try await scoreTwoAndStop(service, writer, topics, bootstrap: bootstrap)
        #expect(try await topics.committed(bootstrap) == 2, "--consumer-group committed both inputs")
        #expect(try await topics.committed(bootstrap, group: decoyGroup) == 0)
    }

    /// Through `service`: the sample wallet lands on the success topic scored as of `asOf` (as score-wallet
    /// scores it), a message that is not JSON on the failure topic; then a graceful stop.
    func scoreTwoAndStop(_ service: StreamProcess, _ writer: TopicWriter, _ topics: StreamTopics, bootstrap: String) async throws {
        let expected = try await scoreWalletLines([sampleWallet()])
        let scored = try await scoreOne(sampleWallet(), writer, topics, bootstrap: bootstrap)
        #expect(scored.topic == topics.success)
        #expect([stable(scored.value)] == expected, "scored as of \(asOf)")
        let failed = try await scoreOne("not json", writer, topics, bootstrap: bootstrap)
        #expect(failed.topic == topics.failure)
        service.signal(SIGTERM)
        #expect(await service.exitStatus(within: .seconds(10)) == 0, "\(service.log)")
    }

    /// `--create-topics` makes the three topics with `--topic-partitions` partitions, 3 by default.
    /// (Without it, missing topics fail start-up: StartupTests.missingTopicsAreNamed.)
    @Test func createTopicsMakesTheDocumentedPartitions() async throws {
        let bootstrap = try TestBroker.require()
        let writer = try TopicWriter(bootstrap)
        for (flags, partitions) in [(["--create-topics", "--topic-partitions", "5"], 5), (["--create-topics"], 3)] {
            let topics = StreamTopics(uncreated: partitions)
            let service = try await StreamProcess.launch(bootstrap, topics, extra: flags)
            try #require(await service.waitForHealth(200, "ok"), "\(flags): \(service.log)")
            let counts = try await writer.partitionCounts()
            #expect([topics.input, topics.success, topics.failure].map { counts[$0] } == [partitions, partitions, partitions], "\(flags)")
            let scored = try await scoreOne(sampleWallet(), writer, topics, bootstrap: bootstrap)
            #expect(scored.topic == topics.success)
            service.signal(SIGTERM)
            #expect(await service.exitStatus(within: .seconds(10)) == 0, "\(service.log)")
        }
    }

    /// `KAFKA_AUTO_OFFSET_RESET=latest`: a new group skips what was written before it joined.
    @Test func autoOffsetResetLatestSkipsEarlierMessages() async throws {
        let bootstrap = try TestBroker.require()
        let writer = try TopicWriter(bootstrap)
        let topics = try await StreamTopics(writer, partitions: 1)
        // One write per message: Tansu answers a "latest" offset lookup with the last record batch's first
        // offset + 1, so a batch of several messages would leave all but its first one to be read.
        var early: [(Int32, Int64)] = []
        for text in ["early 1", "early 2", "early 3"] { early += try await writer.write(topics.input, texts: [text]) }
        let service = try await StreamProcess.launch(bootstrap, topics, environment: ["KAFKA_AUTO_OFFSET_RESET": "latest"])
        try #require(await service.waitForHealth(200, "ok"), "\(service.log)")
        // The group's start offset is looked up once it has the partition: a message written just before
        // that may be skipped too, so write one until one is scored.
        var probes: [(Int32, Int64)] = []
        for _ in 0..<10 {
            probes += try await writer.write(topics.input, texts: ["probe"])
            if await service.waitForProcessed(1, timeout: .seconds(3)) { break }
        }
        service.signal(SIGTERM)
        #expect(await service.exitStatus(within: .seconds(10)) == 0, "\(service.log)")

        let index = ResultIndex(try await readTopicsToEnd(bootstrap, topics.outputs))
        #expect(early.allSatisfy { index[$0].isEmpty }, "messages written before the group joined were read")
        #expect(probes.contains { !index[$0].isEmpty }, "no message written after the group joined was read")
    }

    /// `--auto-offset-reset earliest` beside `KAFKA_AUTO_OFFSET_RESET=latest`: the flag wins, and a new
    /// group reads the topic from its start.
    @Test func autoOffsetResetFlagWinsOverTheVariable() async throws {
        let bootstrap = try TestBroker.require()
        let writer = try TopicWriter(bootstrap)
        let topics = try await StreamTopics(writer, partitions: 1)
        let early = try await writer.write(topics.input, texts: ["early 1", "early 2", "early 3"])
        let service = try await StreamProcess.launch(bootstrap, topics, extra: ["--auto-offset-reset", "earliest"],
                                                     environment: ["KAFKA_AUTO_OFFSET_RESET": "latest"])
        #expect(await service.waitForProcessed(early.count, timeout: .seconds(30)), "\(service.log)")
        service.signal(SIGTERM)
        #expect(await service.exitStatus(within: .seconds(10)) == 0, "\(service.log)")
        let index = ResultIndex(try await readTopicsToEnd(bootstrap, topics.outputs))
        #expect(early.allSatisfy { index[$0].count == 1 })
    }

    /// At debug level, neither `KAFKA_SASL_PASSWORD` nor a `sasl.password` from the properties file nor a
    /// MongoDB URL's password appears in anything the service prints; the configuration shows `***`.
    @Test func secretsStayOutOfTheLog() async throws {
        let bootstrap = try TestBroker.require()
        let writer = try TopicWriter(bootstrap)
        let topics = try await StreamTopics(writer, partitions: 1)
        let directory = try await temporaryDirectory()
        defer { removeOrWarn(directory) }
        let (variableSecret, fileSecret, mongoSecret) = (unique("variable-secret"), unique("file-secret"), unique("mongo-secret"))

        // A running service, through a message and a graceful stop.
        let running = try await StreamProcess.launch(bootstrap, topics, extra: ["--sasl-username", "scorer"],
                                                     environment: ["KAFKA_SASL_PASSWORD": variableSecret, "LOG_LEVEL": "debug"])
        try #require(await running.waitForHealth(200, "ok"), "\(running.log)")
        _ = try await scoreOne(sampleWallet(), writer, topics, bootstrap: bootstrap)
        running.signal(SIGTERM)
        #expect(await running.exitStatus(within: .seconds(10)) == 0)
        let runningLog = try await running.readLog()
        #expect(runningLog.contains(" debug "), "debug logging is on")
        #expect(runningLog.contains("sasl.password=***"))
        #expect(!runningLog.contains(variableSecret))

        // SASL from a properties file (Tansu refuses the handshake: start-up fails), and a MongoDB URL with
        // a password (nothing listens there: start-up fails).
        let properties = directory.appendingPathComponent("client.properties")
        try await write("security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\nsasl.username=scorer\nsasl.password=\(fileSecret)\n", to: properties)
        let cases: [([String], [String: String])] = [
            (["--startup-timeout", "3"], ["KAFKA_PROPERTIES_FILE": properties.path]),
            (["--mongo-timeout", "1"], ["MONGODB_URL": "mongodb://ops:\(mongoSecret)@127.0.0.1:\(try freePort())/"]),
        ]
        for (extra, environment) in cases {
            let failing = try await StreamProcess.launch(bootstrap, topics, extra: extra,
                                                         environment: environment.merging(["LOG_LEVEL": "debug"]) { $1 })
            let status = await failing.exitStatus(within: .seconds(30))
            if status == nil { failing.signal(SIGTERM) }
            #expect(await failing.exitStatus(within: .seconds(10)) != nil)
            let log = try await failing.readLog()
            for secret in [fileSecret, mongoSecret] { #expect(!log.contains(secret), "\(environment.keys.sorted())") }
            #expect(log.contains("***"))
        }
    }
}

/// Usage errors and start-up failures that need no broker.
@Suite(.timeLimit(.minutes(2)))
struct ConfigurationUsageTests {
    func start(_ arguments: [String], _ environment: [String: String] = [:]) async throws -> CLIResult {
        try await run(executable("score-stream"), ["--port", "0", "--startup-timeout", "1"] + arguments, environment: testEnvironment(environment))
    }

    /// A thresholds file and a MongoDB URL (flag or variable) together: exit 2, and the error names both.
    @Test func thresholdsFileAndMongoURLAreAUsageError() async throws {
        let file = fixtures.appendingPathComponent("examples/sample.json").path
        let cases: [([String], [String: String])] = [(["--thresholds", file, "--mongo-url", "mongodb://127.0.0.1:1/"], [:]),
                                                     (["--thresholds", file], ["MONGODB_URL": "mongodb://127.0.0.1:1/"])]
        for (arguments, environment) in cases {
            let result = try await start(arguments, environment)
            #expect(result.status == 2, "\(arguments) \(environment)")
            let error = result.stderr.split(separator: "\n").first ?? ""
            #expect(error.contains("--thresholds") && error.contains("--mongo-url") && error.contains("MONGODB_URL"), "\(result.stderr)")
        }
    }

    /// A refresh interval that is not a whole number of seconds ≥ 1, from the flag or the variable, is a usage
    /// error naming where it came from (a bad variable used to be ignored silently).
    @Test(arguments: [(["--thresholds-refresh", "0"], [String: String](), "--thresholds-refresh must be at least 1 second, not 0"),
                      ([], ["THRESHOLDS_REFRESH_SECONDS": "soon"], "THRESHOLDS_REFRESH_SECONDS must be a whole number of seconds ≥ 1, not soon")])
    func aBadRefreshIntervalIsAUsageError(_ arguments: [String], _ environment: [String: String], _ message: String) async throws {
        let result = try await start(arguments, environment)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    /// A property from `KAFKA_PROPERTIES_FILE` reaches librdkafka (a bad value fails start-up and is named);
    /// `--kafka-property` wins over the file and `--kafka-properties` over the variable.
    @Test func thePropertiesFileTakesEffect() async throws {
        let directory = try await temporaryDirectory()
        defer { removeOrWarn(directory) }
        let bad = directory.appendingPathComponent("bad.properties"), good = directory.appendingPathComponent("good.properties")
        try Data("# a bad value\nlinger.ms=whenever\n".utf8).write(to: bad)
        try Data("linger.ms=5\n".utf8).write(to: good)
        let brokers = ["--bootstrap-servers", "127.0.0.1:\(try freePort())"]

        let fromFile = try await start(brokers, ["KAFKA_PROPERTIES_FILE": bad.path])
        #expect(fromFile.status == 1)
        #expect(fromFile.stderr.contains("linger.ms") && !fromFile.stderr.contains("cannot reach the Kafka brokers"), "\(fromFile.stderr)")

        let cases: [([String], [String: String])] = [(["--kafka-property", "linger.ms=5"], ["KAFKA_PROPERTIES_FILE": bad.path]),
                                                     (["--kafka-properties", good.path], ["KAFKA_PROPERTIES_FILE": bad.path])]
        for (arguments, environment) in cases {
            let result = try await start(brokers + arguments, environment)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr.contains("cannot reach the Kafka brokers") && !result.stderr.contains("whenever"), "\(arguments): \(result.stderr)")
        }
    }

    /// A properties file that cannot be read or parsed is a usage error naming the file (and the line).
    @Test func aBadPropertiesFileIsAUsageError() async throws {
        let directory = try await temporaryDirectory()
        defer { removeOrWarn(directory) }
        let file = directory.appendingPathComponent("client.properties")
        try Data("linger.ms=5\nno separator here\n".utf8).write(to: file)
        let unparsable = try await start([], ["KAFKA_PROPERTIES_FILE": file.path])
        #expect(unparsable.status == 2)
        #expect(unparsable.stderr.contains("\(file.path) line 2"), "\(unparsable.stderr)")
        let missing = try await start(["--kafka-properties", directory.appendingPathComponent("absent.properties").path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("absent.properties"), "\(missing.stderr)")
    }

    @Test func anUnknownOffsetResetIsAUsageError() async throws {
        let result = try await start([], ["KAFKA_AUTO_OFFSET_RESET": "newest"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("newest"), "\(result.stderr)")
    }
}
