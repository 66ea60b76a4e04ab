import Foundation
import ReputationKafka
import Testing

/// The Kafka layer against a real broker (Tansu, started by `make test`).
@Suite(.enabled(if: TestBroker.available), .serialized, .timeLimit(.minutes(2)))
struct TansuTests {
    @Test func librdkafkaReadsTaggedFields() {
        // The broker tests need librdkafka ≥ 2.2.0 (make test puts 2.16 on LD_LIBRARY_PATH).
        #expect(Librdkafka.readsTaggedFields, "librdkafka \(Librdkafka.version) is loaded")
    }

    @Test func createProduceConsumeCommit() throws {
        let bootstrap = try TestBroker.require()
        let topic = unique("roundtrip")
        let deliveries = Deliveries()
        let producer = try KafkaProducer(configuration: KafkaConfiguration(bootstrapServers: bootstrap), logger: testLogger,
                                         delivery: deliveries.record)
        try producer.createTopics([(topic, 3)], timeout: .seconds(10))
        try producer.createTopics([(topic, 3)], timeout: .seconds(10))   // existing: not an error
        #expect(try producer.partitionCounts(timeout: .seconds(10))[topic] == 3)
        try produce(producer, deliveries, topic: topic, values: (0..<50).map { ("k\($0 % 7)", "v\($0)") })
        #expect(deliveries.reports.filter { $0.error == nil }.count == 50)

        let group = unique("group")
        let consumer = try testConsumer(bootstrap, group: group)
        try consumer.subscribe([topic])
        let messages = try consume(consumer, count: 50)
        #expect(Set(messages.map(\.3)) == Set((0..<50).map { "v\($0)" }))
        try consumer.commit()
        let committed = try consumer.committed((0..<3).map { TopicPartition(topic: topic, partition: $0) }, timeout: .seconds(10))
        #expect(committed.reduce(0) { $0 + $1.offset } == 50)
        try consumer.close()
    }
}
