import Foundation
import Logging
import ReputationKafka
import Testing

/// The Tansu broker `make test` starts (`KAFKA_TEST_BOOTSTRAP_SERVERS`). Under CI its absence fails the
/// tests; elsewhere (a bare `swift test`) they are skipped.
enum TestBroker {
    static let bootstrapServers = ProcessInfo.processInfo.environment["KAFKA_TEST_BOOTSTRAP_SERVERS"]
    static let available = bootstrapServers != nil || ProcessInfo.processInfo.environment["CI"] != nil

    static func require() throws -> String {
        try #require(bootstrapServers, "KAFKA_TEST_BOOTSTRAP_SERVERS is not set: run the tests with `make test`, which starts Tansu")
    }
}

/// A name no other test uses.
func unique(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())" }

let testLogger: Logger = {
    var logger = Logger(label: "kafka-tests")
    logger.logLevel = .critical
    return logger
}()

/// Collects delivery reports; the producer calls it on the polling (test) thread.
final class Deliveries: @unchecked Sendable {
    var reports: [DeliveryReport] = []
    func record(_ report: DeliveryReport) { reports.append(report) }
}

/// A consumer in a fresh group that joins quickly (Tansu waits about half the session timeout to join).
func testConsumer(_ bootstrap: String, group: String = unique("group"),
                  rebalance: ((RebalanceEvent) -> Void)? = nil) throws -> KafkaConsumer {
    var consumer = KafkaConsumerConfiguration(groupID: group)
    consumer.sessionTimeout = .seconds(6)
    return try KafkaConsumer(configuration: KafkaConfiguration(bootstrapServers: bootstrap), consumer: consumer,
                             logger: testLogger, rebalance: rebalance)
}

/// Polls until `count` messages came or `timeout` passed; returns (partition, offset, key, value, headers).
func consume(_ consumer: KafkaConsumer, count: Int, timeout: Duration = .seconds(30))
    throws -> [(TopicPartition, Int64, String?, String, [KafkaHeader])] {
    var messages: [(TopicPartition, Int64, String?, String, [KafkaHeader])] = []
    let deadline = ContinuousClock.now + timeout
    while messages.count < count, ContinuousClock.now < deadline {
        _ = try consumer.poll(timeout: .milliseconds(200)) { m in
            messages.append((m.topicPartition, m.offset, m.key.map { String(decoding: $0, as: UTF8.self) },
                             String(decoding: m.value, as: UTF8.self), m.headers()))
            try? consumer.storeOffsets([TopicPartitionOffset(m.topicPartition, offset: m.offset + 1)])
        }
    }
    return messages
}

/// Sends text messages and waits for all their reports.
func produce(_ producer: KafkaProducer, _ deliveries: Deliveries, topic: String, values: [(key: String?, value: String)],
             headers: [KafkaHeader] = []) throws {
    for (index, message) in values.enumerated() {
        var key = message.key.map { Array($0.utf8) }
        let value = Array(message.value.utf8)
        try value.withUnsafeBytes { v in
            if key != nil {
                try key!.withUnsafeBytes { k in try producer.send(topic: topic, key: k, value: v, headers: headers, id: UInt64(index)) }
            } else {
                try producer.send(topic: topic, key: nil, value: v, headers: headers, id: UInt64(index))
            }
        }
        key = nil
    }
    try producer.flush(timeout: .seconds(30))
}
