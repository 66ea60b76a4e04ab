import Logging
internal import CRdKafka

/// A Kafka consumer in a consumer group, over librdkafka.
///
/// Offsets are stored by the caller (``storeOffsets(_:)``) once its work for a message is durably done and
/// committed in the background and by ``commit()``: at-least-once delivery. Every method that talks to the
/// brokers blocks; call them from a thread of your own, never from Swift's concurrency threads.
/// Not thread-safe: use one consumer from one thread.
public final class KafkaConsumer {
    private let client: KafkaHandle

    /// - Parameters:
    ///   - rebalance: told of every assignment change, on the polling thread, before it takes effect for
    ///     revocations: finish and commit the revoked partitions' work there.
    ///   - errors: client-wide errors (all brokers down, authentication failed, …), on the polling thread.
    public init(configuration: KafkaConfiguration, consumer: KafkaConsumerConfiguration, logger: Logger,
                rebalance: ((RebalanceEvent) -> Void)? = nil, errors: ((KafkaError) -> Void)? = nil) throws(KafkaError) {
        let callbacks = KafkaCallbacks(logger: logger, rebalance: rebalance, error: errors)
        var properties = consumer.properties
        properties.merge(configuration.librdkafkaProperties) { _, new in new }
        client = try KafkaHandle(.consumer, properties: properties, callbacks: callbacks)
    }

    /// Joins the group for these topics; partitions arrive through the rebalance handler while polling.
    public func subscribe(_ topics: [String]) throws(KafkaError) {
        try KafkaHandle.withPartitionList(topics.map { TopicPartitionOffset(TopicPartition(topic: $0, partition: -1), offset: -1001) }) { list in
            client.withHandle { rd_kafka_subscribe($0, list) }
        }.throwIfError()
    }

    /// Reads exactly these partitions from these offsets, outside any group rebalancing (no `subscribe`):
    /// for tools and tests that read a topic whole. Offsets may be logical (-2: beginning, -1: end).
    public func assign(_ offsets: [TopicPartitionOffset]) throws(KafkaError) {
        try KafkaHandle.withPartitionList(offsets) { list in client.withHandle { rd_kafka_assign($0, list) } }.throwIfError()
    }

    /// Waits up to `timeout` for the next message and lends it to `body`. Returns false when none came.
    /// Rebalances and client errors are handled inside this call, on this thread.
    /// - Throws: ``KafkaError`` for a consumer error (for instance a partition that cannot be read);
    ///   reading can go on unless the error ``KafkaError/isFatal``.
    public func poll<E: Error>(timeout: Duration, _ body: (ConsumedMessage) throws(E) -> Void) throws -> Bool {
        guard let message = client.withHandle({ rd_kafka_consumer_poll($0, Int32(clamping: timeout.milliseconds)) }) else {
            return false
        }
        defer { rd_kafka_message_destroy(message) }
        let m = message.pointee
        guard m.err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            let text = m.payload.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: m.len), as: UTF8.self) }
            throw KafkaError(m.err, message: text.map { "\(String(cString: rd_kafka_err2str(m.err))): \($0)" })
        }
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(message, &timestampType)
        let consumed = ConsumedMessage(
            topicPartition: TopicPartition(topic: m.rkt.map(client.callbacks.topicName) ?? "", partition: m.partition),
            offset: m.offset,
            value: UnsafeRawBufferPointer(start: m.payload, count: m.payload == nil ? 0 : m.len),
            key: m.key.map { UnsafeRawBufferPointer(start: $0, count: m.key_len) },
            timestampMilliseconds: timestampType == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? nil : timestamp,
            headers: Self.headers(of: message))
        try body(consumed)
        return true
    }

    /// Marks offsets as done (each the next offset to read); they are committed in the background within
    /// `auto.commit.interval.ms` and by ``commit()``.
    public func storeOffsets(_ offsets: [TopicPartitionOffset]) throws(KafkaError) {
        guard !offsets.isEmpty else { return }
        try KafkaHandle.withPartitionList(offsets) { list in client.withHandle { rd_kafka_offsets_store($0, list) } }.throwIfError()
    }

    /// Commits the stored offsets now and waits for the broker's answer. Blocks.
    public func commit() throws(KafkaError) {
        let code = client.withHandle { rd_kafka_commit($0, nil, 0) }
        // Nothing stored since the last commit is not an error.
        guard code != RD_KAFKA_RESP_ERR__NO_OFFSET else { return }
        try code.throwIfError()
    }

    /// The group's committed offsets for `partitions` (-1001 where none). Blocks up to `timeout`.
    public func committed(_ partitions: [TopicPartition], timeout: Duration) throws(KafkaError) -> [TopicPartitionOffset] {
        try KafkaHandle.withPartitionList(partitions.map { TopicPartitionOffset($0, offset: -1001) }) { list throws(KafkaError) in
            try client.withHandle { rd_kafka_committed($0, list, Int32(clamping: timeout.milliseconds)) }.throwIfError()
            return UnsafeBufferPointer(start: list.pointee.elems, count: Int(list.pointee.cnt)).map {
                TopicPartitionOffset(TopicPartition(topic: String(cString: $0.topic), partition: $0.partition), offset: $0.offset)
            }
        }
    }

    /// The partitions this consumer owns now.
    public func assignment() throws(KafkaError) -> [TopicPartition] {
        var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
        try client.withHandle { rd_kafka_assignment($0, &list) }.throwIfError()
        guard let list else { return [] }
        defer { rd_kafka_topic_partition_list_destroy(list) }
        return KafkaHandle.partitions(list)
    }

    /// The partition's high watermark (the offset after its last message) as last seen by this consumer's
    /// fetches, without asking the broker; nil when not known yet.
    public func cachedHighWatermark(_ partition: TopicPartition) -> Int64? {
        var low: Int64 = -1, high: Int64 = -1
        let code = client.withHandle { rd_kafka_get_watermark_offsets($0, partition.topic, partition.partition, &low, &high) }
        return code == RD_KAFKA_RESP_ERR_NO_ERROR && high >= 0 ? high : nil
    }

    /// Fails when the brokers cannot be reached within `timeout`; returns how many brokers answered. Blocks.
    public func checkConnection(timeout: Duration) throws(KafkaError) -> Int { try client.checkConnection(timeout: timeout) }

    /// Partition counts of the existing topics, by name. Blocks up to `timeout`.
    public func partitionCounts(timeout: Duration) throws(KafkaError) -> [String: Int] { try client.partitionCounts(timeout: timeout) }

    /// The client's fatal error, if it raised one.
    public var fatalError: KafkaError? { client.fatalError }

    /// Leaves the group: the rebalance handler sees the revocation first, then the final offsets are
    /// committed. Blocks; call it once, before the consumer is released.
    public func close() throws(KafkaError) {
        try client.withHandle { rd_kafka_consumer_close($0) }.throwIfError()
    }

    private static func headers(of message: UnsafeMutablePointer<rd_kafka_message_t>) -> [KafkaHeader] {
        var headers: OpaquePointer?
        guard rd_kafka_message_headers(message, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR, let headers else { return [] }
        var result: [KafkaHeader] = []
        var index = 0
        var name: UnsafePointer<CChar>?
        var value: UnsafeRawPointer?
        var size = 0
        while rd_kafka_header_get_all(headers, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
            result.append(KafkaHeader(name: name.map { String(cString: $0) } ?? "",
                                      value: value.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) } ?? []))
            index += 1
        }
        return result
    }
}

extension rd_kafka_resp_err_t {
    func throwIfError() throws(KafkaError) {
        guard self == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(self) }
    }
}
