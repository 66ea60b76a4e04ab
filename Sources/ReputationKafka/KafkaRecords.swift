/// One partition of one topic.
public struct TopicPartition: Hashable, Sendable, CustomStringConvertible {
    public var topic: String
    public var partition: Int32

    public init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    public var description: String { "\(topic)[\(partition)]" }
}

/// A partition with an offset: the next offset to read, as Kafka commits it.
public struct TopicPartitionOffset: Hashable, Sendable {
    public var topicPartition: TopicPartition
    /// The next offset to read; negative for librdkafka's logical offsets (none committed: -1001).
    public var offset: Int64

    public init(_ topicPartition: TopicPartition, offset: Int64) {
        self.topicPartition = topicPartition
        self.offset = offset
    }
}

/// A message header: a name and a value.
public struct KafkaHeader: Sendable, Equatable {
    public var name: String
    public var value: [UInt8]

    public init(name: String, value: [UInt8]) {
        self.name = name
        self.value = value
    }

    public init(name: String, value: String) {
        self.init(name: name, value: Array(value.utf8))
    }
}

/// A message read by ``KafkaConsumer``, lent to the caller's closure: ``value`` and ``key`` point into
/// librdkafka's buffer and are valid only until the closure returns. Copy what must outlive it;
/// ``headers`` is already a copy.
public struct ConsumedMessage {
    public let topicPartition: TopicPartition
    public let offset: Int64
    /// The payload; empty for a null value.
    public let value: UnsafeRawBufferPointer
    /// The key, or nil when the message has none.
    public let key: UnsafeRawBufferPointer?
    /// The message's timestamp in milliseconds since the epoch, when the broker gave one.
    public let timestampMilliseconds: Int64?
    /// The message's headers, copied out of librdkafka (empty when it has none).
    public let headers: [KafkaHeader]
}

/// The outcome of producing one message, reported by ``KafkaProducer/poll(timeout:)``.
public struct DeliveryReport: Sendable {
    /// The identifier given to ``KafkaProducer/send(topic:key:value:headers:id:)``.
    public var id: UInt64
    /// Where it was written; the offset is nil when delivery failed.
    public var topicPartition: TopicPartition
    public var offset: Int64?
    /// Why delivery failed, or nil when the message is stored on the broker.
    public var error: KafkaError?
}

/// A change of the partitions this consumer owns in its group.
public enum RebalanceEvent: Sendable {
    /// The group gave these partitions to this consumer; reading them starts after the handler returns.
    case assigned([TopicPartition])
    /// These partitions go to another consumer once the handler returns: finish their work and commit now.
    case revoked([TopicPartition])
}
