import Foundation
import Logging
import ReputationKafka

/// The Tansu broker `make test` starts (`KAFKA_TEST_BOOTSTRAP_SERVERS`). Under CI its absence fails the
/// tests; elsewhere (a bare `swift test`) they are skipped.
public enum TestBroker {
    public static let bootstrapServers = ProcessInfo.processInfo.environment["KAFKA_TEST_BOOTSTRAP_SERVERS"]
    public static let available = bootstrapServers != nil || ProcessInfo.processInfo.environment["CI"] != nil

    public static func require() throws -> String {
        guard let bootstrapServers else {
            throw TestSetupError("KAFKA_TEST_BOOTSTRAP_SERVERS is not set: run the tests with `make test`, which starts Tansu")
        }
        return bootstrapServers
    }
}

/// A name no other test uses (topics, groups).
public func unique(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())" }

/// A logger that stays quiet unless `TEST_LOG_LEVEL` asks otherwise.
public let testLogger: Logger = {
    var logger = Logger(label: "tests")
    logger.logLevel = ProcessInfo.processInfo.environment["TEST_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .critical
    return logger
}()

/// Runs blocking work (librdkafka polls, process waits) on a thread of its own, so that tests never hold
/// one of Swift's few concurrency threads (an in-process service needs them).
public func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

/// Collects delivery reports; the producer calls it on the polling thread.
public final class Deliveries: @unchecked Sendable {
    public private(set) var reports: [DeliveryReport] = []
    public init() {}
    public func record(_ report: DeliveryReport) { reports.append(report) }
}

/// A message read back from a topic, copied out of librdkafka.
public struct ReadMessage: Sendable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public var key: String?
    public var value: String
    public var headers: [String: String]

    /// Copies a consumed message.
    public init(_ m: ConsumedMessage) {
        topic = m.topicPartition.topic
        partition = m.topicPartition.partition
        offset = m.offset
        key = m.key.map { String(decoding: $0, as: UTF8.self) }
        value = String(decoding: m.value, as: UTF8.self)
        headers = m.headers.reduce(into: [String: String]()) { $0[$1.name] = String(decoding: $1.value, as: UTF8.self) }
    }
}

/// Writes test messages to a topic; remembers where each landed.
public final class TopicWriter: @unchecked Sendable {
    public let producer: KafkaProducer
    private let deliveries = Deliveries()

    /// Messages up to 4 MB (generated wallets with thousands of transactions pass 1 MB).
    public init(_ bootstrap: String) throws {
        var configuration = KafkaConfiguration(bootstrapServers: bootstrap)
        configuration.properties = ["message.max.bytes": "4000000"]
        producer = try KafkaProducer(configuration: configuration, logger: testLogger, delivery: deliveries.record)
    }

    /// Creates topics (no error when they exist).
    public func createTopics(_ names: [String], partitions: Int) throws {
        try producer.createTopics(names.map { ($0, partitions) }, timeout: .seconds(20))
    }

    /// Sends the messages and waits for every delivery; returns (partition, offset) per message, in order.
    @discardableResult
    public func write(_ topic: String, _ messages: [(key: String?, value: [UInt8])], headers: [KafkaHeader] = []) throws -> [(Int32, Int64)] {
        let first = deliveries.reports.count
        let base = UInt64(first)
        for (index, message) in messages.enumerated() {
            let key = message.key.map { Array($0.utf8) }
            while true {
                do {
                    try message.value.withUnsafeBytes { value in
                        if let key {
                            try key.withUnsafeBytes { try producer.send(topic: topic, key: $0, value: value, headers: headers, id: base + UInt64(index)) }
                        } else {
                            try producer.send(topic: topic, key: nil, value: value, headers: headers, id: base + UInt64(index))
                        }
                    }
                    break
                } catch let error as KafkaError where error.name == "_QUEUE_FULL" {
                    producer.poll(timeout: .milliseconds(100))
                }
            }
        }
        try producer.flush(timeout: .seconds(60))
        let reports = deliveries.reports[first...].sorted { $0.id < $1.id }
        guard reports.count == messages.count, reports.allSatisfy({ $0.error == nil }) else {
            throw TestSetupError("test messages were not all delivered: \(reports.compactMap(\.error).first.map { "\($0)" } ?? "reports missing")")
        }
        return reports.map { ($0.topicPartition.partition, $0.offset!) }
    }

    @discardableResult
    public func write(_ topic: String, texts: [String]) throws -> [(Int32, Int64)] {
        try write(topic, texts.map { (nil, Array($0.utf8)) })
    }

    // The same, for async tests: the flushes and polls run on a thread of their own.

    public func createTopics(_ names: [String], partitions: Int) async throws {
        try await blocking { try self.createTopics(names, partitions: partitions) }
    }

    @discardableResult
    public func write(_ topic: String, _ messages: [(key: String?, value: [UInt8])], headers: [KafkaHeader] = []) async throws -> [(Int32, Int64)] {
        try await blocking { try self.write(topic, messages, headers: headers) }
    }

    @discardableResult
    public func write(_ topic: String, texts: [String]) async throws -> [(Int32, Int64)] {
        try await blocking { try self.write(topic, texts: texts) }
    }

    /// Partition counts of the existing topics, by name.
    public func partitionCounts() async throws -> [String: Int] {
        try await blocking { try self.producer.partitionCounts(timeout: .seconds(10)) }
    }
}

/// Reads whole topics from their beginning, without a consumer group (no rebalance wait).
public func readTopics(_ bootstrap: String, _ topics: [String: Int], until done: @escaping @Sendable ([ReadMessage]) -> Bool,
                       timeout: Duration = .seconds(60)) async throws -> [ReadMessage] {
    try await blocking {
        let (consumer, _) = try beginningReader(bootstrap, topics)
        var messages: [ReadMessage] = []
        let deadline = ContinuousClock.now + timeout
        var checked = -1
        while ContinuousClock.now < deadline {
            let read = try consumer.poll(timeout: .milliseconds(100)) { messages.append(ReadMessage($0)) }
            // `done` may look at every message: ask it when reading pauses or every 1000 messages, not per message.
            if messages.count != checked, !read || messages.count - checked >= 1000 {
                checked = messages.count
                if done(messages) { break }
            }
        }
        try consumer.close()
        return messages
    }
}

/// Reads whole topics from their beginning to their end (every partition up to its high watermark), once
/// nothing writes to them any more: the results of stopped services, duplicates included. Blocks.
public func readTopicsToEnd(_ bootstrap: String, _ topics: [String: Int], timeout: Duration = .seconds(60)) throws -> [ReadMessage] {
    let (consumer, partitions) = try beginningReader(bootstrap, topics)
    var next = Dictionary(uniqueKeysWithValues: partitions.map { ($0, Int64(0)) })
    var messages: [ReadMessage] = []
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        let read = try consumer.poll(timeout: .milliseconds(100)) { message in
            messages.append(ReadMessage(message))
            next[message.topicPartition] = message.offset + 1
        }
        let atEnd = partitions.allSatisfy { partition in consumer.cachedHighWatermark(partition).map { next[partition]! >= $0 } ?? false }
        if !read && atEnd {
            try consumer.close()
            return messages
        }
    }
    throw TestSetupError("read \(messages.count) messages of \(topics.keys.sorted()) but not to their end within \(timeout)")
}

/// ``readTopicsToEnd(_:_:timeout:)`` for async tests, on a thread of its own.
public func readTopicsToEnd(_ bootstrap: String, _ topics: [String: Int], timeout: Duration = .seconds(60)) async throws -> [ReadMessage] {
    try await blocking { try readTopicsToEnd(bootstrap, topics, timeout: timeout) }
}

/// A consumer outside any group (no rebalance wait), assigned every partition of `topics` from its beginning.
private func beginningReader(_ bootstrap: String, _ topics: [String: Int]) throws -> (KafkaConsumer, [TopicPartition]) {
    let consumer = try KafkaConsumer(configuration: KafkaConfiguration(bootstrapServers: bootstrap),
                                     consumer: KafkaConsumerConfiguration(groupID: unique("reader")), logger: testLogger)
    let partitions = topics.flatMap { topic, count in (0..<count).map { TopicPartition(topic: topic, partition: Int32($0)) } }
    try consumer.assign(partitions.map { TopicPartitionOffset($0, offset: -2) })
    return (consumer, partitions)
}

/// The test environment is not what the test needs (a missing broker, a message not delivered).
public struct TestSetupError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
