import Foundation
import TestSupport
import ReputationKafka
import Testing

/// Broker faults, injected with librdkafka's mock cluster (in-process brokers).
@Suite(.timeLimit(.minutes(2)))
struct MockClusterTests {
    @Test func roundTripWithKeysAndHeaders() async throws {
        // librdkafka's calls block: they run on a thread of their own, the expectations here.
        let (landed, messages, committed) = try await blocking {
            let cluster = try KafkaMockCluster(brokers: 1, logger: testLogger)
            try cluster.createTopic("in", partitions: 2)
            let writer = try TopicWriter(cluster.bootstrapServers)
            let landed = try writer.write("in", [("k1", Array("one".utf8)), (nil, Array("two".utf8)), ("k1", Array("three".utf8))],
                                          headers: [KafkaHeader(name: "source_offset", value: "7")])
            let consumer = try testConsumer(cluster.bootstrapServers)
            try consumer.subscribe(["in"])
            let messages = try consume(consumer, count: 3)
            try consumer.commit()
            let committed = try consumer.committed(try consumer.assignment(), timeout: .seconds(10))
            try consumer.close()
            return (landed, messages, committed.reduce(0) { $0 + max(0, $1.offset) })
        }
        #expect(landed.count == 3)
        #expect(landed[0].0 == landed[2].0 && landed[2].1 > landed[0].1)   // one key, one partition, in order
        #expect(messages.map(\.value).sorted() == ["one", "three", "two"])
        #expect(messages.first { $0.value == "two" }?.key == nil)
        #expect(messages.first { $0.value == "one" }?.key == "k1")
        #expect(messages.allSatisfy { $0.headers == ["source_offset": "7"] })
        #expect(committed == 3)
    }

    /// A broker that is down makes deliveries fail with a retriable error after `message.timeout.ms`;
    /// once it is back, the same message can be sent again and is delivered.
    @Test func deliveryFailsRetriablyWhileTheBrokerIsDown() async throws {
        // The producer belongs to the one thread that makes, uses and releases it; the expectations are here.
        let (failed, fatalWhileDown, again) = try await blocking {
            let cluster = try KafkaMockCluster(brokers: 1, logger: testLogger)
            try cluster.createTopic("out", partitions: 1)
            let deliveries = Deliveries()
            var producerConfiguration = KafkaProducerConfiguration()
            producerConfiguration.messageTimeout = .milliseconds(1500)
            let producer = try KafkaProducer(configuration: KafkaConfiguration(bootstrapServers: cluster.bootstrapServers),
                                             producer: producerConfiguration, logger: testLogger, delivery: deliveries.record)
            try send(producer, deliveries, "warm-up")
            try SpawnLock.withoutChildrenStarting { try cluster.setBroker(1, up: false) }
            try send(producer, deliveries, "not delivered")
            let failed = deliveries.reports.last
            let fatalWhileDown = producer.fatalError
            try cluster.setBroker(1, up: true)
            _ = try producer.checkConnection(timeout: .seconds(10))
            try send(producer, deliveries, "again")
            return (failed, fatalWhileDown, deliveries.reports.last)
        }
        let failure = try #require(failed?.error)
        #expect(failure.name == "_MSG_TIMED_OUT")
        #expect(failure.isRetriable)
        #expect(!failure.isFatal)
        #expect(fatalWhileDown == nil)
        #expect(again != nil && again?.error == nil)
    }

    /// Broker errors on Produce requests are retried inside librdkafka: the idempotent producer still
    /// delivers each message exactly once.
    @Test func transientProduceErrorsAreRetriedWithoutDuplicates() async throws {
        let (landed, messages) = try await blocking {
            let cluster = try KafkaMockCluster(brokers: 1, logger: testLogger)
            try cluster.createTopic("out", partitions: 1)
            let writer = try TopicWriter(cluster.bootstrapServers)
            cluster.failProduceRequests(count: 3, code: 7)   // REQUEST_TIMED_OUT
            let landed = try writer.write("out", texts: (0..<20).map { "m\($0)" })
            return (landed, try readTopicsToEnd(cluster.bootstrapServers, ["out": 1]))
        }
        #expect(landed.map(\.1) == (0..<20).map(Int64.init))
        #expect(messages.map(\.value) == (0..<20).map { "m\($0)" })
    }
}

/// Sends one message and waits for its report (which may be a failure).
private func send(_ producer: KafkaProducer, _ deliveries: Deliveries, _ text: String) throws {
    try Array(text.utf8).withUnsafeBytes { try producer.send(topic: "out", key: nil, value: $0, id: UInt64(deliveries.reports.count)) }
    try producer.flush(timeout: .seconds(30))
}
