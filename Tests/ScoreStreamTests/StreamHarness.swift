import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import ReputationCore
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

    init(_ writer: TopicWriter, partitions: Int = 4) throws {
        self.partitions = partitions
        try writer.createTopics([input, success, failure], partitions: partitions)
    }

    var outputs: [String: Int] { [success: partitions, failure: partitions] }
}

/// A `score-stream` process, its log in a file; killed when released.
final class StreamProcess: @unchecked Sendable {
    let process = Process()
    let port: Int
    private let logURL: URL

    /// Starts the release binary on `topics` with a fast-joining consumer (6 s session timeout).
    init(_ bootstrap: String, _ topics: StreamTopics, extra: [String] = [], environment: [String: String]? = nil) throws {
        port = try freePort()
        logURL = FileManager.default.temporaryDirectory.appendingPathComponent("score-stream-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: logURL.path, contents: nil)
        process.executableURL = try executable("score-stream")
        process.arguments = ["--bootstrap-servers", bootstrap, "--input-topic", topics.input, "--success-topic", topics.success,
                             "--failure-topic", topics.failure, "--consumer-group", topics.group, "--port", String(port),
                             "--as-of", String(asOf), "--kafka-property", "session.timeout.ms=6000",
                             "--kafka-property", "auto.commit.interval.ms=1000"] + extra
        if let environment { process.environment = environment }
        let log = try FileHandle(forWritingTo: logURL)
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: logURL)
    }

    var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// The exit status once the process ended within `timeout`, else nil.
    func exitStatus(within timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// The JSON document of a GET, with its status; nil while the server does not answer.
    func get(_ path: String) async -> (status: Int, body: [String: Any])? { await httpGet(port: port, path) }

    /// Waits until `/api/v1/stats` shows at least `count` processed messages.
    func waitForProcessed(_ count: Int, timeout: Duration = .seconds(60)) async -> Bool {
        await eventually(timeout: timeout) { (await self.get("/api/v1/stats")?.body["total_processed"] as? Int ?? 0) >= count }
    }

    /// The partitions this instance owns, from `/api/v1/stats`.
    func assignedPartitions() async -> Int { (await get("/api/v1/stats")?.body["partitions"] as? [Any])?.count ?? 0 }
}

/// A GET to 127.0.0.1:port; the body parsed as a JSON object, or `["text": …]` when it is not JSON.
func httpGet(port: Int, _ path: String) async -> (status: Int, body: [String: Any])? {
    var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
    request.timeoutInterval = 5
    guard let (data, response) = try? await URLSession.shared.data(for: request), let http = response as? HTTPURLResponse else { return nil }
    let body = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? ["text": String(decoding: data, as: UTF8.self)]
    return (http.statusCode, body)
}

/// Polls `condition` until it holds or `timeout` passes.
func eventually(timeout: Duration, _ condition: () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(200))
    }
    return await condition()
}

/// Generated wallets (JSON lines), written to `topic` with their wallet index as key.
struct FedWallets {
    let texts: [String]
    /// (partition, offset) of each wallet, in order.
    let positions: [(Int32, Int64)]

    init(_ writer: TopicWriter, topic: String, count: Int, seed: UInt64) throws {
        texts = Array(RealisticWallets(count: count, seed: seed))
        positions = try writer.write(topic, texts.enumerated().map { ("w\($0.offset)", Array($0.element.utf8)) })
    }
}

/// The results of `score-wallet` for these messages (JSON lines), without run-dependent fields.
func scoreWalletLines(_ texts: [String]) throws -> [String] {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("in.jsonl")
    try Data(texts.joined(separator: "\n").utf8).write(to: file)
    let result = try run(executable("score-wallet"), ["--as-of", String(asOf), "--format", "lines", file.path])
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
    let position = try #require(try writer.write(topics.input, texts: [text]).first)
    let results = try await readTopics(bootstrap, topics.outputs, until: { !ResultIndex($0)[position].isEmpty }, timeout: .seconds(60))
    return try #require(ResultIndex(results)[position].first, "no result for the message at \(position)")
}

/// A field of a result's JSON.
func field(_ result: ReadMessage, _ name: String) -> Any? {
    ((try? JSONSerialization.jsonObject(with: Data(result.value.utf8))) as? [String: Any])?[name]
}

/// The first worked example of MODEL.md §6.
let sampleWallet = (try? String(contentsOf: fixtures.appendingPathComponent("examples/sample.json"), encoding: .utf8)) ?? ""
