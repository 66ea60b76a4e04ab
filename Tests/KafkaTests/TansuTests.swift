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

    @Test func createProduceConsumeCommit() async throws {
        let bootstrap = try TestBroker.require()
        let topic = unique("roundtrip"), group = unique("group")
        // librdkafka's calls block: they run on a thread of their own, the expectations here.
        let (partitions, messages, committed) = try await blocking {
            let writer = try TopicWriter(bootstrap)
            try writer.createTopics([topic], partitions: 3)
            try writer.createTopics([topic], partitions: 3)   // existing: not an error
            let partitions = try writer.producer.partitionCounts(timeout: .seconds(10))[topic]
            try writer.write(topic, (0..<50).map { ("k\($0 % 7)", Array("v\($0)".utf8)) })
            let consumer = try testConsumer(bootstrap, group: group)
            try consumer.subscribe([topic])
            let messages = try consume(consumer, count: 50)
            try consumer.commit()
            let committed = try consumer.committed((0..<3).map { TopicPartition(topic: topic, partition: $0) }, timeout: .seconds(10))
            try consumer.close()
            return (partitions, messages, committed.reduce(0) { $0 + $1.offset })
        }
        #expect(partitions == 3)
        #expect(Set(messages.map(\.value)) == Set((0..<50).map { "v\($0)" }))
        #expect(committed == 50)
    }
}
