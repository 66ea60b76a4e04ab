import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import ReputationCore
import ReputationKafka
import TestSupport
import Testing
import WalletCorpus

let asOf: Int64 = 1_704_067_200

/// Topics and a group of one test, created with `partitions` partitions.
struct StreamTopics {
    let input = unique("wallets")
    let success = unique("scores-ok")
    let failure = unique("scores-failed")
    let group = unique("scorers")
    let partitions: Int

    init(_ writer: TopicWriter, partitions: Int = 4) async throws {
        self.init(uncreated: partitions)
        try await writer.createTopics([input, success, failure], partitions: partitions)
    }

    /// Fresh names only: the topics do not exist.
    init(uncreated partitions: Int) { self.partitions = partitions }

    var outputs: [String: Int] { [success: partitions, failure: partitions] }

    /// The input offsets `group` has committed, summed over the input's partitions.
    func committed(_ bootstrap: String, group: String? = nil) async throws -> Int64 {
        let (input, partitions, group) = (input, partitions, group ?? self.group)
        return try await blocking {
            let consumer = try KafkaConsumer(configuration: KafkaConfiguration(bootstrapServers: bootstrap),
                                             consumer: KafkaConsumerConfiguration(groupID: group), logger: testLogger)
            let offsets = try consumer.committed((0..<partitions).map { TopicPartition(topic: input, partition: Int32($0)) }, timeout: .seconds(10))
            try consumer.close()
            return offsets.reduce(0) { $0 + max(0, $1.offset) }
        }
    }
}

/// A `score-stream` process, its log in a file; killed when released.
final class StreamProcess: @unchecked Sendable {
    let process = Process()
    let host: String
    let port: Int
    private let logURL: URL

    /// Starts the binary on `topics`, every setting given as a flag; `environment` is added to the test's own.
    /// On a thread of its own: the log file and the spawn are blocking I/O.
    static func launch(_ bootstrap: String, _ topics: StreamTopics, extra: [String] = [],
                       environment: [String: String] = [:]) async throws -> StreamProcess {
        try await blocking { try StreamProcess(bootstrap, topics, extra: extra, environment: environment) }
    }

    /// Starts the binary with exactly `arguments`, and `environment` added to the test's own (which carries
    /// `LD_LIBRARY_PATH`); its HTTP server is expected on `host:port`. On a thread of its own.
    static func launch(arguments: [String], environment: [String: String] = [:], host: String = "127.0.0.1",
                       port: Int) async throws -> StreamProcess {
        try await blocking { try StreamProcess(arguments: arguments, environment: environment, host: host, port: port) }
    }

    /// A consumer that joins fast (6 s session timeout) and commits every second.
    static let fastGroup = ["--kafka-property", "session.timeout.ms=6000", "--kafka-property", "auto.commit.interval.ms=1000"]

    private convenience init(_ bootstrap: String, _ topics: StreamTopics, extra: [String], environment: [String: String]) throws {
        let port = try freePort()
        try self.init(arguments: ["--bootstrap-servers", bootstrap, "--input-topic", topics.input, "--success-topic", topics.success,
                                  "--failure-topic", topics.failure, "--consumer-group", topics.group, "--port", String(port),
                                  "--as-of", String(asOf)] + Self.fastGroup + extra,
                      environment: environment, host: "127.0.0.1", port: port)
    }

    private init(arguments: [String], environment: [String: String], host: String, port: Int) throws {
        self.host = host
        self.port = port
        logURL = FileManager.default.temporaryDirectory.appendingPathComponent("score-stream-\(UUID().uuidString).log")
        guard FileManager.default.createFile(atPath: logURL.path, contents: nil) else { throw TestSetupError("cannot create \(logURL.path)") }
        process.executableURL = try executable("score-stream")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let log = try FileHandle(forWritingTo: logURL)
        process.standardOutput = log
        process.standardError = log
        try SpawnLock.start(process)
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        removeOrWarn(logURL)
    }

    /// The log so far, for failure messages (an unreadable log says why).
    var log: String {
        do { return try String(contentsOf: logURL, encoding: .utf8) } catch { return "(cannot read the log: \(error))" }
    }

    /// The log so far, read on a thread of its own.
    func readLog() async throws -> String {
        let url = logURL
        return try await blocking { try String(contentsOf: url, encoding: .utf8) }
    }

    func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// The exit status once the process ended within `timeout`, else nil.
    func exitStatus(within timeout: Duration) async -> Int32? {
        await eventually(timeout: timeout, every: .milliseconds(50)) { !self.process.isRunning } ? process.terminationStatus : nil
    }

    /// The JSON document of a GET, with its status; nil while the server does not answer.
    func get(_ path: String) async -> (status: Int, body: [String: Any])? { await httpGet(host: host, port: port, path) }

    /// `total_processed` from `/api/v1/stats`; 0 while it does not answer.
    func processed() async -> Int { await get("/api/v1/stats")?.body["total_processed"] as? Int ?? 0 }

    /// Waits until `/api/v1/stats` shows at least `count` processed messages.
    func waitForProcessed(_ count: Int, timeout: Duration = .seconds(60)) async -> Bool {
        await eventually(timeout: timeout) { await self.processed() >= count }
    }

    /// The partitions this instance owns, from `/api/v1/stats`.
    func assignedPartitions() async -> Int { (await get("/api/v1/stats")?.body["partitions"] as? [Any])?.count ?? 0 }
}

/// A GET to host:port; the body parsed as a JSON object, or `["text": …]` when it is not JSON (`/metrics`);
/// nil while nothing answers there (a refused connection or a timeout is that answer, not an error).
func httpGet(host: String = "127.0.0.1", port: Int, _ path: String) async -> (status: Int, body: [String: Any])? {
    var request = URLRequest(url: URL(string: "http://\(host):\(port)\(path)")!)
    request.timeoutInterval = 15   // a loaded machine answers slowly; a refused connection still returns at once
    let data: Data, response: URLResponse
    do {
        (data, response) = try await URLSession.shared.data(for: request)
    } catch {
        return nil
    }
    guard let http = response as? HTTPURLResponse else { return nil }
    let json = try? JSONSerialization.jsonObject(with: data)   // not JSON: the text
    return (http.statusCode, json as? [String: Any] ?? ["text": String(decoding: data, as: UTF8.self)])
}

/// Checks `condition` every `interval` until it holds or `timeout` passes; false as well when the test is
/// cancelled (its time limit), which Swift Testing reports.
func eventually(timeout: Duration, every interval: Duration = .milliseconds(200), _ condition: () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        do { try await Task.sleep(for: interval) } catch { return false }
    }
    return await condition()
}

/// Generated wallets (JSON lines), written to `topic` with their wallet index as key.
struct FedWallets {
    let texts: [String]
    /// (partition, offset) of each wallet, in order.
    let positions: [(Int32, Int64)]

    init(_ writer: TopicWriter, topic: String, count: Int, seed: UInt64) async throws {
        texts = Array(RealisticWallets(count: count, seed: seed))
        positions = try await writer.write(topic, texts.enumerated().map { ("w\($0.offset)", Array($0.element.utf8)) })
    }
}

/// The results of `score-wallet` for these messages (JSON lines), without run-dependent fields.
func scoreWalletLines(_ texts: [String]) async throws -> [String] {
    let result = try await run(executable("score-wallet"), ["--as-of", String(asOf), "--format", "lines", "-"],
                               stdin: Data(texts.joined(separator: "\n").utf8))
    try #require(result.status == 0 && result.lines.count == texts.count, "score-wallet failed: \(result.stderr)")
    // score-wallet's failure lines also say where the message was ("input", "line"); score-stream's do not.
    return result.lines.map { stable($0).replacingOccurrences(of: #","input":"(?:[^"\\]|\\.)*","line":\d+"#, with: "", options: .regularExpression) }
}

/// Results by their input (partition, offset), from the `source_*` headers.
struct ResultIndex {
    var byInput: [String: [ReadMessage]] = [:]

    init(_ results: [ReadMessage]) {
        for result in results { byInput[Self.key(result.headers["source_partition"], result.headers["source_offset"]), default: []].append(result) }
    }

    static func key(_ partition: String?, _ offset: String?) -> String { "\(partition ?? "?")/\(offset ?? "?")" }
    static func key(_ position: (Int32, Int64)) -> String { "\(position.0)/\(position.1)" }

    subscript(position: (Int32, Int64)) -> [ReadMessage] { byInput[Self.key(position)] ?? [] }

    /// Inputs with more than one result.
    var duplicates: Int { byInput.values.reduce(0) { $0 + max(0, $1.count - 1) } }
}

extension StreamProcess {
    /// Waits until `/api/v1/health` answers with this status and `status` field ("ok", "degraded", …).
    func waitForHealth(_ code: Int, _ status: String, timeout: Duration = .seconds(30)) async -> Bool {
        await eventually(timeout: timeout) {
            guard let health = await self.get("/api/v1/health") else { return false }
            return health.status == code && health.body["status"] as? String == status
        }
    }

    /// The `/api/v1/stats` field `parameters_id`.
    func parametersID() async -> String? { await get("/api/v1/stats")?.body["parameters_id"] as? String }

    /// The `/metrics` text.
    func metrics() async -> String { await get("/metrics")?.body["text"] as? String ?? "" }
}

/// Writes one message and returns its result, read from the output topics.
func scoreOne(_ text: String, _ writer: TopicWriter, _ topics: StreamTopics, bootstrap: String) async throws -> ReadMessage {
    let position = try #require(try await writer.write(topics.input, texts: [text]).first)
    let results = try await readTopics(bootstrap, topics.outputs, until: { !ResultIndex($0)[position].isEmpty }, timeout: .seconds(60))
    return try #require(ResultIndex(results)[position].first, "no result for the message at \(position)")
}

/// A field of a result's JSON.
func field(_ result: ReadMessage, _ name: String) throws -> Any? {
    try #require(try JSONSerialization.jsonObject(with: Data(result.value.utf8)) as? [String: Any], "not a JSON object: \(result.value)")[name]
}

/// Writes a test file on a thread of its own, atomically (a temporary file renamed over it), so that a
/// service re-reading the file never sees half of it.
func write(_ text: String, to url: URL) async throws {
    try await blocking { try Data(text.utf8).write(to: url, options: .atomic) }
}

/// The first worked example of MODEL.md §6.
func sampleWallet() async throws -> String {
    try await blocking { try String(contentsOf: fixtures.appendingPathComponent("examples/sample.json"), encoding: .utf8) }
}
