import Foundation
import ReputationKafka
import Testing

/// Broker faults, injected with librdkafka's mock cluster (in-process brokers).
@Suite(.timeLimit(.minutes(2)))
struct MockClusterTests {
    @Test func roundTripWithKeysAndHeaders() throws {
        let cluster = try KafkaMockCluster(brokers: 1, logger: testLogger)
        try cluster.createTopic("in", partitions: 2)
        let deliveries = Deliveries()
        let producer = try KafkaProducer(configuration: KafkaConfiguration(bootstrapServers: cluster.bootstrapServers),
                                         logger: testLogger, delivery: deliveries.record)
        try produce(producer, deliveries, topic: "in", values: [("k1", "one"), (nil, "two"), ("k1", "three")],
                    headers: [KafkaHeader(name: "source_offset", value: "7")])
        #expect(deliveries.reports.count == 3)
        #expect(deliveries.reports.allSatisfy { $0.error == nil && $0.offset != nil })
        #expect(Set(deliveries.reports.map(\.id)) == [0, 1, 2])

        let consumer = try testConsumer(cluster.bootstrapServers)
        try consumer.subscribe(["in"])
        let messages = try consume(consumer, count: 3)
        #expect(messages.map(\.3).sorted() == ["one", "three", "two"])
        #expect(messages.first { $0.3 == "two" }?.2 == nil)
        #expect(messages.first { $0.3 == "one" }?.2 == "k1")
        #expect(messages.allSatisfy { $0.4 == [KafkaHeader(name: "source_offset", value: "7")] })
        // Messages with one key stay in order in one partition.
        let keyed = messages.filter { $0.2 == "k1" }
        #expect(keyed.map(\.3) == ["one", "three"] && keyed[0].0 == keyed[1].0)
        try consumer.commit()
        let committed = try consumer.committed(try consumer.assignment(), timeout: .seconds(10))
        #expect(committed.reduce(0) { $0 + max(0, $1.offset) } == 3)
        try consumer.close()
    }

    /// A broker that is down makes deliveries fail with a retriable error after `message.timeout.ms`;
    /// once it is back, the same message can be sent again and is delivered.
    @Test func deliveryFailsRetriablyWhileTheBrokerIsDown() throws {
        let cluster = try KafkaMockCluster(brokers: 1, logger: testLogger)
        try cluster.createTopic("out", partitions: 1)
        let deliveries = Deliveries()
        var producerConfiguration = KafkaProducerConfiguration()
        producerConfiguration.messageTimeout = .milliseconds(1500)
        let producer = try KafkaProducer(configuration: KafkaConfiguration(bootstrapServers: cluster.bootstrapServers),
                                         producer: producerConfiguration, logger: testLogger, delivery: deliveries.record)
        try produce(producer, deliveries, topic: "out", values: [(nil, "warm-up")])
        try cluster.setBroker(1, up: false)
        try produce(producer, deliveries, topic: "out", values: [(nil, "not delivered")])
        let failed = try #require(deliveries.reports.last)
        #expect(failed.error?.name == "_MSG_TIMED_OUT")
        #expect(failed.error?.isRetriable == true)
        #expect(failed.error?.isFatal == false)
        #expect(producer.fatalError == nil)
        try cluster.setBroker(1, up: true)
        _ = try producer.checkConnection(timeout: .seconds(10))
        try produce(producer, deliveries, topic: "out", values: [(nil, "again")])
        #expect(deliveries.reports.last?.error == nil)
    }

    /// Broker errors on Produce requests are retried inside librdkafka: the idempotent producer still
    /// delivers each message exactly once.
    @Test func transientProduceErrorsAreRetriedWithoutDuplicates() throws {
        let cluster = try KafkaMockCluster(brokers: 1, logger: testLogger)
        try cluster.createTopic("out", partitions: 1)
        let deliveries = Deliveries()
        let producer = try KafkaProducer(configuration: KafkaConfiguration(bootstrapServers: cluster.bootstrapServers),
                                         logger: testLogger, delivery: deliveries.record)
        cluster.failProduceRequests(count: 3, code: 7)   // REQUEST_TIMED_OUT
        try produce(producer, deliveries, topic: "out", values: (0..<20).map { (nil, "m\($0)") })
        #expect(deliveries.reports.count == 20)
        #expect(deliveries.reports.allSatisfy { $0.error == nil })
        let consumer = try testConsumer(cluster.bootstrapServers)
        try consumer.subscribe(["out"])
        let messages = try consume(consumer, count: 21, timeout: .seconds(8))
        #expect(messages.map(\.3) == (0..<20).map { "m\($0)" })
        try consumer.close()
    }
}
