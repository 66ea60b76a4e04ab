import Foundation
import ReputationKafka

/// Reads whole topics from their beginning up to their end as the broker reports it now, without a consumer
/// group: every message written before the call is returned, with no settle time to guess. Call it once the
/// writers have stopped; a partition's end is its high watermark from this reader's own fetches.
public func readTopicsToEnd(_ bootstrap: String, _ topics: [String: Int], timeout: Duration = .seconds(120)) async throws -> [ReadMessage] {
    try await blocking {
        let consumer = try KafkaConsumer(configuration: KafkaConfiguration(bootstrapServers: bootstrap),
                                         consumer: KafkaConsumerConfiguration(groupID: unique("reader")), logger: testLogger)
        let partitions = topics.flatMap { topic, count in (0..<count).map { TopicPartition(topic: topic, partition: Int32($0)) } }
        try consumer.assign(partitions.map { TopicPartitionOffset($0, offset: -2) })
        var messages: [ReadMessage] = []
        var next: [TopicPartition: Int64] = [:]
        let deadline = ContinuousClock.now + timeout
        while true {
            // A fresh consumer knows a partition's high watermark only from a fetch it made, so after this call.
            let atEnd = partitions.allSatisfy { partition in
                consumer.cachedHighWatermark(partition).map { next[partition, default: 0] >= $0 } ?? false
            }
            if atEnd { return messages }
            guard ContinuousClock.now < deadline else {
                let behind = partitions.filter { next[$0, default: 0] < consumer.cachedHighWatermark($0) ?? Int64.max }
                throw TestSetupError("reading to the end timed out after \(messages.count) messages; behind: \(behind)")
            }
            _ = try consumer.poll(timeout: .milliseconds(100)) { message in
                messages.append(ReadMessage(message))
                next[message.topicPartition] = message.offset + 1
            }
        }
    }
}
