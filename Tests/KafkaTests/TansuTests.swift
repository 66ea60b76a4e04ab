import Foundation
import TestSupport
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
        let writer = try TopicWriter(bootstrap)
        try writer.createTopics([topic], partitions: 3)
        try writer.createTopics([topic], partitions: 3)   // existing: not an error
        #expect(try writer.producer.partitionCounts(timeout: .seconds(10))[topic] == 3)
        try writer.write(topic, (0..<50).map { ("k\($0 % 7)", Array("v\($0)".utf8)) })

        let group = unique("group")
        let consumer = try testConsumer(bootstrap, group: group)
        try consumer.subscribe([topic])
        let messages = try consume(consumer, count: 50)
        #expect(Set(messages.map(\.value)) == Set((0..<50).map { "v\($0)" }))
        try consumer.commit()
        let committed = try consumer.committed((0..<3).map { TopicPartition(topic: topic, partition: $0) }, timeout: .seconds(10))
        #expect(committed.reduce(0) { $0 + $1.offset } == 50)
        try consumer.close()
    }
}
