import Foundation
import ReputationCore
import ReputationKafka
import ScoreStream
import ServiceLifecycle
import TestSupport
import Testing

/// The service under broker faults injected with librdkafka's mock cluster, built in-process with
/// `buildScoreStream` as the executable builds it.
@Suite(.timeLimit(.minutes(3)))
struct BrokerFaultTests {
    /// ``mockStreamCluster(group:partitions:)`` (input on broker 1, results on broker 2), made off the
    /// concurrency threads.
    static func cluster(group: String) async throws -> KafkaMockCluster {
        try await blocking { try mockStreamCluster(group: group) }
    }

    /// ``mockStreamConfiguration(_:group:)`` with deliveries that time out fast and are retried soon.
    static func configuration(_ cluster: KafkaMockCluster, group: String) -> ScoreStreamConfiguration {
        var configuration = mockStreamConfiguration(cluster, group: group)
        configuration.producer.messageTimeout = .milliseconds(1500)
        configuration.deliveryRetryBackoff = .milliseconds(200)
        return configuration
    }

    /// The results' broker goes down while wallets arrive: deliveries time out and are sent again, health
    /// says 503 meanwhile, and once the broker is back every input has its result.
    @Test func resultsBrokerDownThenUpLosesNothing() async throws {
        let cluster = try await Self.cluster(group: "scorers")
        let writer = try TopicWriter(cluster.bootstrapServers)
        let early = try await FedWallets(writer, topic: "in", count: 100, seed: 31)
        let service = try await buildScoreStream(Self.configuration(cluster, group: "scorers"), logger: testLogger)
        let group = service.serviceGroup(signals: [])
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let port = try await httpPort(service)
            #expect(await processed(port, atLeast: 100), "the first wallets are scored")

            try await cluster.setBroker(2, up: false)
            let late = try await FedWallets(writer, topic: "in", count: 300, seed: 37)
            let unhealthy = await eventually(timeout: .seconds(20)) { await httpGet(port: port, "/api/v1/health")?.status == 503 }
            #expect(unhealthy)
            let reasons = await healthReasons(port)
            #expect(reasons.contains { $0.contains("cannot be delivered") || $0.contains("cannot be reached") }, "\(reasons)")
            #expect(await httpGet(port: port, "/api/v1/stats")?.body["total_processed"] as? Int == 100)

            try await cluster.setBroker(2, up: true)
            #expect(await processed(port, atLeast: 400, timeout: .seconds(60)))
            let stats = await httpGet(port: port, "/api/v1/stats")?.body ?? [:]
            #expect(stats["delivery_retries"] as? Int ?? 0 > 0)
            // Health sees the broker back at its next check, which may come after the last delivery.
            #expect(await eventually(timeout: .seconds(30)) { await httpGet(port: port, "/api/v1/health")?.status == 200 })
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()

            let all = early.positions + late.positions
            let results = try await readTopics(cluster.bootstrapServers, ["ok": 2, "failed": 2],
                                               until: { ResultIndex($0).byInput.count >= all.count }, timeout: .seconds(30))
            let index = ResultIndex(results)
            let missing = all.filter { index[$0].isEmpty }
            #expect(missing.isEmpty, "\(missing.count) inputs without a result, first \(missing.prefix(10))")
        }
    }

    /// Every broker down while no message flows: health says the brokers cannot be reached, and recovers
    /// by itself once they are back, before any message shows it.
    @Test func healthRecoversWhenTheBrokersReturnWithoutTraffic() async throws {
        let cluster = try await Self.cluster(group: "idle")
        let service = try await buildScoreStream(Self.configuration(cluster, group: "idle"), logger: testLogger)
        let group = service.serviceGroup(signals: [])
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let port = try await httpPort(service)
            #expect(await eventually(timeout: .seconds(30)) { await httpGet(port: port, "/api/v1/health")?.status == 200 })
            try await cluster.setBroker(1, up: false)
            try await cluster.setBroker(2, up: false)
            let down = await eventually(timeout: .seconds(30)) { await saysBrokersUnreachable(port) }
            let reasons = await healthReasons(port)
            #expect(down, "\(reasons)")
            try await cluster.setBroker(1, up: true)
            try await cluster.setBroker(2, up: true)
            #expect(await eventually(timeout: .seconds(30)) { await httpGet(port: port, "/api/v1/health")?.status == 200 })
            #expect(await httpGet(port: port, "/api/v1/stats")?.body["total_processed"] as? Int == 0)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// A delivery refused for good (not authorised on the results topic) stops the service with an error
    /// and leaves the offset where it was: the next instance scores the same messages.
    @Test func aRefusedDeliveryStopsWithoutAdvancingTheOffset() async throws {
        let cluster = try await Self.cluster(group: "scorers")
        let writer = try TopicWriter(cluster.bootstrapServers)
        let wallets = try await FedWallets(writer, topic: "in", count: 50, seed: 41)
        try await blocking { cluster.failProduceRequests(count: 1, code: 29) }   // TOPIC_AUTHORIZATION_FAILED

        let first = try await buildScoreStream(Self.configuration(cluster, group: "scorers"), logger: testLogger)
        await #expect(throws: ScoreStreamError.self) { try await first.serviceGroup(signals: []).run() }

        let second = try await buildScoreStream(Self.configuration(cluster, group: "scorers"), logger: testLogger)
        let group = second.serviceGroup(signals: [])
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let results = try await readTopics(cluster.bootstrapServers, ["ok": 2, "failed": 2],
                                               until: { ResultIndex($0).byInput.count >= wallets.positions.count }, timeout: .seconds(60))
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            let index = ResultIndex(results)
            let missing = wallets.positions.filter { index[$0].isEmpty }
            #expect(missing.isEmpty, "\(missing.count) inputs without a result, first \(missing.prefix(10))")
        }
    }

    /// A consumer that stops polling (here: stuck handing results to a full producer queue while the
    /// results' broker is down, before any delivery times out) turns health 503 once the stall limit
    /// passes; polling again, it recovers, and every input gets its result.
    @Test func healthSaysWhenTheConsumerStopsPolling() async throws {
        let cluster = try await Self.cluster(group: "stall")
        var configuration = Self.configuration(cluster, group: "stall")
        configuration.pollStallLimit = .seconds(1)
        configuration.producer.messageTimeout = .seconds(60)
        configuration.kafka.properties["queue.buffering.max.messages"] = "5"
        let writer = try TopicWriter(cluster.bootstrapServers)
        let service = try await buildScoreStream(configuration, logger: testLogger)
        let group = service.serviceGroup(signals: [])
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let port = try await httpPort(service)
            #expect(await eventually(timeout: .seconds(30)) { await httpGet(port: port, "/api/v1/health")?.status == 200 })

            try await cluster.setBroker(2, up: false)
            let wallets = try await FedWallets(writer, topic: "in", count: 20, seed: 43)
            let stalled = await eventually(timeout: .seconds(20)) { await httpGet(port: port, "/api/v1/health")?.status == 503 }
            let reasons = await healthReasons(port)
            #expect(stalled)
            #expect(reasons.count == 1 && reasons.first?.contains("has not polled Kafka") == true, "\(reasons)")

            try await cluster.setBroker(2, up: true)
            #expect(await processed(port, atLeast: wallets.positions.count, timeout: .seconds(60)))
            let recovered = await eventually(timeout: .seconds(30)) { await httpGet(port: port, "/api/v1/health")?.status == 200 }
            let reasonsAfter = await healthReasons(port)
            #expect(recovered, "\(reasonsAfter)")
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    func httpPort(_ service: ScoreStream) async throws -> Int {
        _ = await eventually(timeout: .seconds(10)) { service.httpPort != nil }
        return try #require(service.httpPort)
    }

    func healthReasons(_ port: Int) async -> [String] {
        await httpGet(port: port, "/api/v1/health")?.body["reasons"] as? [String] ?? []
    }

    func saysBrokersUnreachable(_ port: Int) async -> Bool {
        await healthReasons(port).contains { $0.contains("cannot be reached") }
    }

    func processed(_ port: Int, atLeast count: Int, timeout: Duration = .seconds(30)) async -> Bool {
        await eventually(timeout: timeout) { (await httpGet(port: port, "/api/v1/stats")?.body["total_processed"] as? Int ?? 0) >= count }
    }
}
