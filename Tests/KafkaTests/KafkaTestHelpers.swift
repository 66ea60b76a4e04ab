import Foundation
import TestSupport
import ReputationKafka

/// A consumer in a fresh group that joins quickly (Tansu waits about half the session timeout to join).
func testConsumer(_ bootstrap: String, group: String = unique("group")) throws -> KafkaConsumer {
    var consumer = KafkaConsumerConfiguration(groupID: group)
    consumer.sessionTimeout = .seconds(6)
    return try KafkaConsumer(configuration: KafkaConfiguration(bootstrapServers: bootstrap), consumer: consumer, logger: testLogger)
}

/// Polls until `count` messages came or `timeout` passed, storing each one's offset.
func consume(_ consumer: KafkaConsumer, count: Int, timeout: Duration = .seconds(30)) throws -> [ReadMessage] {
    var messages: [ReadMessage] = []
    let deadline = ContinuousClock.now + timeout
    while messages.count < count, ContinuousClock.now < deadline {
        _ = try consumer.poll(timeout: .milliseconds(200)) { m in
            messages.append(ReadMessage(m))
            try consumer.storeOffsets([TopicPartitionOffset(m.topicPartition, offset: m.offset + 1)])
        }
    }
    return messages
}
