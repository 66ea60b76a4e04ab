import Foundation
import ReputationCore
import ReputationMongo
import TestSupport
import Testing

/// score-stream with `--store-results`, against Tansu and NX-27017: the store holds exactly the results the
/// topics got, one document per input offset, through a store outage and through `kill -9`.
@Suite(.enabled(if: TestBroker.available && MongoTestServer.available), .serialized, .timeLimit(.minutes(5)))
struct ResultsStoreStreamTests {
    /// A results collection of the test's own (NX-27017 rejects `-` in names).
    struct Collection {
        let url: String
        let name = "stream_\(UUID().uuidString.prefix(8))"
        var flags: [String] { ["--store-results", "--results-mongo-url", url, "--results-collection", name, "--results-timeout", "1"] }

        var store: MongoResultsStore {
            get throws {
                var configuration = MongoResultsConfiguration(url: url)
                configuration.collection = name
                return try MongoResultsStore(configuration: configuration)
            }
        }

        /// The stored result of each input position (nil where none).
        func results(_ topic: String, _ positions: [(Int32, Int64)]) async throws -> [StoredResult?] {
            let store = try store
            return try await blocking {
                try positions.map { try store.result(key: ResultKey.stream(topic: topic, partition: $0.0, offset: $0.1)) }
            }
        }

        func count() async throws -> Int {
            let (url, name) = (url, name)
            return try await blocking { try MongoTestDatabase(url: url).count(name) }
        }
    }

    static let badInputs = ["not json", #"{"wallet_address": 5, "data": []}"#, #"{"wallet_address": "0xabc"}"#]

    /// Every result the topics got is stored under its input's `topic:partition:offset`, byte for byte; the
    /// counts reach stats and metrics; every offset is committed.
    @Test func storedResultsEqualTheTopics() async throws {
        let bootstrap = try TestBroker.require()
        let collection = Collection(url: try MongoTestServer.requireURL())
        let writer = try TopicWriter(bootstrap)
        let topics = try await StreamTopics(writer)
        let wallets = try await FedWallets(writer, topic: topics.input, count: 400, seed: 11)
        let bad = try await writer.write(topics.input, texts: Self.badInputs)
        let positions = wallets.positions + bad
        let service = try await StreamProcess.launch(bootstrap, topics, extra: collection.flags)
        let stored = await eventually(timeout: .seconds(120)) {
            (await service.get("/api/v1/stats")?.body["results_store"] as? [String: Int])?["inserted"] == positions.count
        }
        #expect(stored, "\(service.log)")
        let storeStats = await service.get("/api/v1/stats")?.body["results_store"] as? [String: Int]
        #expect(storeStats == ["inserted": positions.count, "already_present": 0, "write_errors": 0])
        let metrics = await service.metrics()
        #expect(metrics.contains(#"results_store_writes_total{outcome="inserted"} \#(positions.count)"#), "\(metrics)")
        #expect(metrics.contains("results_store_write_seconds_count"))
        #expect(metrics.contains("results_store_write_errors_total 0"))
        service.signal(SIGTERM)
        #expect(await service.exitStatus(within: .seconds(15)) == 0, "\(service.log)")

        let index = ResultIndex(try await readTopicsToEnd(bootstrap, topics.outputs))
        let documents = try await collection.results(topics.input, positions)
        for (position, document) in zip(positions, documents) {
            let found = index[position]
            try #require(found.count == 1, "\(position) has \(found.count) results")
            let document = try #require(document, "no document for \(position)")
            #expect(document.result == found[0].value)
            #expect(document.source == "kafka:" + ResultKey.stream(topic: topics.input, partition: position.0, offset: position.1))
            #expect((document.errorCode != nil) == (found[0].topic == topics.failure))
        }
        #expect(try await collection.count() == positions.count)
        #expect(try await topics.committed(bootstrap) == Int64(positions.count))
    }

    /// NX-27017 stopped while results flow: reading pauses within the in-flight bound, readiness is 503 and
    /// health names the store, nothing past the stored results is committed; restarted on the same port
    /// (same data file): ready again, every input stored, every offset committed.
    @Test func storeOutagePausesThenResumes() async throws {
        let bootstrap = try TestBroker.require()
        let mongo = try await MongoTestProcess.launch(port: try freePort())
        let collection = Collection(url: mongo.url)
        let writer = try TopicWriter(bootstrap)
        let topics = try await StreamTopics(writer, partitions: 2)
        let maxInFlight = 30_000
        let service = try await StreamProcess.launch(bootstrap, topics, extra: collection.flags + ["--max-in-flight-bytes", String(maxInFlight)])
        let first = try await FedWallets(writer, topic: topics.input, count: 100, seed: 21)
        let firstStored = await eventually(timeout: .seconds(90)) {
            (await service.get("/api/v1/stats")?.body["results_store"] as? [String: Int])?["inserted"] == 100
        }
        try #require(firstStored, "\(service.log)")
        #expect(await service.get("/api/v1/ready")?.status == 200)

        try await mongo.stop()
        let second = try await FedWallets(writer, topic: topics.input, count: 300, seed: 22)
        let notReady = await eventually(timeout: .seconds(60)) {
            guard let ready = await service.get("/api/v1/ready"), ready.status == 503 else { return false }
            return (ready.body["reasons"] as? [String])?.contains { $0.contains("results store failing: MongoDB") } == true
        }
        #expect(notReady, "\(service.log)")
        let health = await service.get("/api/v1/health")
        #expect(health?.status == 200 && health?.body["status"] as? String == "degraded")
        #expect((health?.body["reasons"] as? [String])?.first?.contains("results store failing: MongoDB \(mongo.url)") == true, "\(String(describing: health))")
        // Paused: results wait for the store up to the in-flight bound (and not beyond), reading stops short
        // of the second batch, nothing beyond the stored results is committed.
        var inFlight = 0
        let paused = await eventually(timeout: .seconds(30)) {
            inFlight = await service.get("/api/v1/stats")?.body["in_flight_bytes"] as? Int ?? 0
            return inFlight >= maxInFlight
        }
        #expect(paused, "in flight \(inFlight)")
        #expect(inFlight < maxInFlight + 5_000, "in flight \(inFlight)")
        #expect(await service.processed() < 400)
        #expect(try await topics.committed(bootstrap) <= 100)
        let errors = await eventually(timeout: .seconds(30)) {
            ((await service.get("/api/v1/stats")?.body["results_store"] as? [String: Int])?["write_errors"] ?? 0) > 0
        }
        #expect(errors)

        try await mongo.start()
        let ready = await eventually(timeout: .seconds(90)) { await service.get("/api/v1/ready")?.status == 200 }
        #expect(ready, "\(service.log)")
        let all = first.positions + second.positions
        let committed = await eventually(timeout: .seconds(120)) { (try? await topics.committed(bootstrap)) == Int64(all.count) }
        #expect(committed, "\(service.log)")
        #expect(await service.get("/api/v1/health")?.body["status"] as? String == "ok")
        service.signal(SIGTERM)
        #expect(await service.exitStatus(within: .seconds(15)) == 0, "\(service.log)")
        let missing = try await collection.results(topics.input, all).enumerated().filter { $0.element == nil }.map { all[$0.offset] }
        #expect(missing.isEmpty, "\(missing.count) inputs not stored, first \(missing.prefix(5))")
        #expect(try await collection.count() == all.count)
    }

    /// `kill -9` while results flow, then a restart: exactly one document per input offset.
    @Test func killNineThenRestartStoresOnePerOffset() async throws {
        let bootstrap = try TestBroker.require()
        let collection = Collection(url: try MongoTestServer.requireURL())
        let writer = try TopicWriter(bootstrap)
        let topics = try await StreamTopics(writer)
        let wallets = try await FedWallets(writer, topic: topics.input, count: 3000, seed: 31)
        let first = try await StreamProcess.launch(bootstrap, topics, extra: collection.flags)
        #expect(await first.waitForProcessed(800, timeout: .seconds(120)), "\(first.log)")
        first.signal(SIGKILL)
        #expect(await first.exitStatus(within: .seconds(10)) == SIGKILL)
        let second = try await StreamProcess.launch(bootstrap, topics, extra: collection.flags)
        let committed = await eventually(timeout: .seconds(180)) { (try? await topics.committed(bootstrap)) == Int64(wallets.positions.count) }
        #expect(committed, "\(second.log)")
        let replayed = (await second.get("/api/v1/stats")?.body["results_store"] as? [String: Int])?["already_present"] ?? -1
        second.signal(SIGTERM)
        #expect(await second.exitStatus(within: .seconds(15)) == 0, "\(second.log)")
        let missing = try await collection.results(topics.input, wallets.positions).filter { $0 == nil }.count
        #expect(missing == 0)
        #expect(try await collection.count() == wallets.positions.count)
        print("results store after kill -9: \(wallets.positions.count) inputs, \(replayed) writes found already present after the restart")
    }
}
