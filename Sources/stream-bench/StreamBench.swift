import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import ReputationCore
import ReputationKafka
import ReputationMongo
import ScoreStream
import ScoringAPI
import WalletCorpus

/// `stream-bench` (part of `make bench`): wallets/s through score-stream on a broker, beside a
/// pass-through (consume and produce the same messages, no scoring) on the same input topic and
/// partitions, and the per-message latency (consumed → result delivered) at that load; with a MongoDB URL,
/// also scoring with the results store on (a new collection per run; counted when stored).
@main
struct StreamBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stream-bench",
        abstract: "End-to-end throughput of score-stream beside a Kafka pass-through.",
        version: PackageVersion.current)

    @Option(help: "Brokers (default KAFKA_TEST_BOOTSTRAP_SERVERS, which scripts/with-kafka.sh sets).")
    var bootstrapServers: String?

    @Option(help: "Generated wallets written to the input topic once and read by every run.")
    var wallets = 100_000

    @Option(help: "Partitions of the input and output topics.")
    var partitions = 3

    @Option(help: "Runs of each mode, interleaved; the median is reported.")
    var runs = 3

    @Option(help: "Seed of the generated wallets.")
    var seed: UInt64 = 1

    @Option(help: "MongoDB URL for the run with the results store (default MONGODB_TEST_URL, which scripts/with-mongo.sh sets; none: no such run).")
    var resultsMongoUrl: String?

    /// A measured configuration: pass-through, scoring, or scoring with the results store.
    enum Variant: Hashable { case passThrough, score, scoreAndStore }

    func run() async throws {
        guard let bootstrap = bootstrapServers ?? ProcessInfo.processInfo.environment["KAFKA_TEST_BOOTSTRAP_SERVERS"] else {
            throw ValidationError("give --bootstrap-servers or KAFKA_TEST_BOOTSTRAP_SERVERS")
        }
        let logger = {
            var logger = Logger(label: "stream-bench")
            logger.logLevel = .warning
            return logger
        }()
        let input = "bench-wallets-\(UUID().uuidString.prefix(8).lowercased())"
        let fed = try await onOwnThread { try feed(bootstrap: bootstrap, topic: input, logger: logger) }
        print(String(format: "stream:  %d wallets (%.0f MB) on %@, %d partitions, Tansu at %@, librdkafka %@",
                     fed.count, Double(fed.bytes) / 1e6, input, partitions, bootstrap, Librdkafka.version))

        let mongo = resultsMongoUrl ?? ProcessInfo.processInfo.environment["MONGODB_TEST_URL"]
        var measured: [Variant: [Run]] = [:]
        for _ in 0..<runs {
            for variant in [Variant.passThrough, .score] + (mongo == nil ? [] : [.scoreAndStore]) {
                measured[variant, default: []].append(try await measure(variant, bootstrap: bootstrap, input: input, count: fed.count,
                                                                        mongo: mongo, logger: logger))
            }
        }
        let pass = median(measured[.passThrough]!), score = median(measured[.score]!)
        func line(_ name: String, _ run: Run, _ all: [Run]) -> String {
            String(format: "%@ %8.0f wallets/s  latency p50 %6.1f ms  p99 %7.1f ms  (median of %@ wallets/s)", name, run.rate,
                   run.p50, run.p99, all.map { String(format: "%.0f", $0.rate) }.joined(separator: ", "))
        }
        print(line("score-stream pass-through:", pass, measured[.passThrough]!))
        print(line("score-stream scoring:     ", score, measured[.score]!))
        let ratio = score.rate / pass.rate
        print(String(format: "scoring / pass-through: %.0f%% (target ≥ 80%%: %@)", ratio * 100, ratio >= 0.8 ? "met" : "NOT met"))
        if let stored = measured[.scoreAndStore], let mongo {
            let run = median(stored)
            print(line("score-stream + store:     ", run, stored) + " (counted when stored)")
            print(String(format: "with the results store (NX-27017 at %@) / without: %.0f%%", mongo, run.rate / score.rate * 100))
        }
    }

    /// One run: a new group reads the whole input topic; the rate counts from the first delivered result to
    /// the last, so the group join is not measured.
    func measure(_ variant: Variant, bootstrap: String, input: String, count: Int, mongo: String?, logger: Logger) async throws -> Run {
        let id = UUID().uuidString.prefix(8).lowercased()
        var configuration = ScoreStreamConfiguration()
        configuration.kafka = KafkaConfiguration(bootstrapServers: bootstrap)
        configuration.kafka.properties = ["session.timeout.ms": "6000"]
        configuration.inputTopic = input
        configuration.successTopic = "bench-ok-\(id)"
        configuration.failureTopic = "bench-failed-\(id)"
        configuration.consumer.groupID = "bench-\(id)"
        configuration.createTopics = true
        configuration.topicPartitions = partitions
        configuration.port = 0
        configuration.asOf = 1_704_067_200
        configuration.mode = variant == .passThrough ? .passThrough : .score
        if variant == .scoreAndStore, let mongo {
            var results = MongoResultsConfiguration(url: mongo)
            results.collection = "bench_\(id)"
            let store = try MongoResultsStore(configuration: results)
            try await onOwnThread { try store.createIndexes() }
            configuration.results = store
        }
        let service = try await buildScoreStream(configuration, logger: logger)
        let group = service.serviceGroup(signals: [])
        return try await withThrowingTaskGroup(of: Run?.self) { tasks in
            tasks.addTask { try await group.run(); return nil }
            tasks.addTask {
                defer { Task { await group.triggerGracefulShutdown() } }
                while service.httpPort == nil { try await Task.sleep(for: .milliseconds(20)) }
                let port = service.httpPort!
                var first: (count: Int, at: ContinuousClock.Instant)?
                while true {
                    let stats = try await Self.stats(port: port)
                    let done = variant == .scoreAndStore
                        ? (stats["results_store"] as? [String: Int])?["inserted"] ?? 0 : stats["total_processed"] as? Int ?? 0
                    if first == nil, done > 0 { first = (done, .now) }
                    if done >= count {
                        let elapsed = (ContinuousClock.now - first!.at).seconds
                        let latency = stats["processing_latency_ms"] as? [String: Double] ?? [:]
                        return Run(rate: Double(count - first!.count) / elapsed, p50: latency["p50"] ?? .nan, p99: latency["p99"] ?? .nan)
                    }
                    try await Task.sleep(for: .milliseconds(10))
                }
            }
            var result: Run?
            for try await run in tasks where run != nil { result = run }
            return result!
        }
    }

    struct Run {
        var rate: Double
        var p50: Double
        var p99: Double
    }

    func median(_ runs: [Run]) -> Run { runs.sorted { $0.rate < $1.rate }[runs.count / 2] }

    /// Writes the wallets (those under 900 KB, which any broker takes) to a new topic, keyed by index.
    func feed(bootstrap: String, topic: String, logger: Logger) throws -> (count: Int, bytes: Int) {
        final class Failures: @unchecked Sendable { var count = 0 }
        let failures = Failures()
        let producer = try KafkaProducer(configuration: KafkaConfiguration(bootstrapServers: bootstrap), logger: logger,
                                         delivery: { if $0.error != nil { failures.count += 1 } })
        try producer.createTopics([(topic, partitions)], timeout: .seconds(30))
        var count = 0, bytes = 0
        for text in RealisticWallets(count: wallets, seed: seed) where text.utf8.count < 900_000 {
            let key = Array("w\(count)".utf8), value = Array(text.utf8)
            while true {
                do {
                    try key.withUnsafeBytes { k in try value.withUnsafeBytes { try producer.send(topic: topic, key: k, value: $0, id: UInt64(count)) } }
                    break
                } catch let error as KafkaError where error.isRetriable {
                    _ = producer.poll(timeout: .milliseconds(50))
                }
            }
            count += 1
            bytes += value.count
        }
        try producer.flush(timeout: .seconds(120))
        guard failures.count == 0 else { throw ValidationError("\(failures.count) wallets could not be written to \(topic)") }
        return (count, bytes)
    }

    static func stats(port: Int) async throws -> [String: Any] {
        let (data, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/api/v1/stats")!)
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }
}
