import Logging
internal import CRdKafka

/// An idempotent Kafka producer over librdkafka.
///
/// ``send(topic:key:value:headers:id:)`` only queues (librdkafka copies the bytes); the outcome of each
/// message arrives as a ``DeliveryReport`` from ``poll(timeout:)`` on the polling thread. ``poll(timeout:)``
/// and ``flush(timeout:)`` block: call them from a thread of your own.
public final class KafkaProducer {
    private let client: KafkaHandle

    /// - Parameter delivery: called with each message's outcome, on the thread that calls ``poll(timeout:)``
    ///   or ``flush(timeout:)``.
    public init(configuration: KafkaConfiguration, producer: KafkaProducerConfiguration = KafkaProducerConfiguration(),
                logger: Logger, delivery: @escaping (DeliveryReport) -> Void, errors: ((KafkaError) -> Void)? = nil) throws(KafkaError) {
        let callbacks = KafkaCallbacks(logger: logger, delivery: delivery, error: errors)
        var properties = producer.properties
        properties.merge(configuration.librdkafkaProperties) { _, new in new }
        client = try KafkaHandle(.producer, properties: properties, callbacks: callbacks)
    }

    /// Queues one message for `topic` (partitioned by key). `id` comes back in its delivery report.
    /// - Throws: ``KafkaError`` `_QUEUE_FULL` (retriable) when librdkafka's queue is full: poll, then send again.
    public func send(topic: String, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer,
                     headers: [KafkaHeader] = [], id: UInt64) throws(KafkaError) {
        let list = rd_kafka_headers_new(headers.count)!
        for header in headers {
            header.value.withUnsafeBytes { _ = rd_kafka_header_add(list, header.name, -1, $0.baseAddress, $0.count) }
        }
        var fields = [rd_kafka_vu_t](repeating: rd_kafka_vu_t(), count: 6)
        let error: OpaquePointer? = topic.withCString { topicName in
            fields[0].vtype = RD_KAFKA_VTYPE_TOPIC
            fields[0].u.cstr = topicName
            fields[1].vtype = RD_KAFKA_VTYPE_VALUE
            fields[1].u.mem.ptr = UnsafeMutableRawPointer(mutating: value.baseAddress)
            fields[1].u.mem.size = value.count
            fields[2].vtype = RD_KAFKA_VTYPE_KEY
            fields[2].u.mem.ptr = key.flatMap { UnsafeMutableRawPointer(mutating: $0.baseAddress) }
            fields[2].u.mem.size = key?.count ?? 0
            fields[3].vtype = RD_KAFKA_VTYPE_MSGFLAGS
            fields[3].u.i = RD_KAFKA_MSG_F_COPY
            fields[4].vtype = RD_KAFKA_VTYPE_OPAQUE
            fields[4].u.ptr = UnsafeMutableRawPointer(bitPattern: UInt(id))
            fields[5].vtype = RD_KAFKA_VTYPE_HEADERS
            fields[5].u.headers = list
            return client.withHandle { rd_kafka_produceva($0, fields, fields.count) }
        }
        if let error {
            rd_kafka_headers_destroy(list)   // librdkafka owns the headers only when the message was queued
            throw KafkaError(taking: error)
        }
    }

    /// Serves delivery reports and client errors for up to `timeout`; returns how many events were served.
    @discardableResult
    public func poll(timeout: Duration) -> Int {
        Int(client.withHandle { rd_kafka_poll($0, Int32(clamping: timeout.milliseconds)) })
    }

    /// Waits up to `timeout` for every queued message to be delivered or to fail, serving their reports.
    /// - Throws: ``KafkaError`` `_TIMED_OUT` when messages are still outstanding at the deadline.
    public func flush(timeout: Duration) throws(KafkaError) {
        try client.withHandle { rd_kafka_flush($0, Int32(clamping: timeout.milliseconds)) }.throwIfError()
    }

    /// Messages queued or in flight, and not yet reported.
    public var outstanding: Int { Int(client.withHandle { rd_kafka_outq_len($0) }) }

    /// Fails when the brokers cannot be reached within `timeout`; returns how many brokers answered. Blocks.
    public func checkConnection(timeout: Duration) throws(KafkaError) -> Int { try client.checkConnection(timeout: timeout) }

    /// Partition counts of the existing topics, by name. Blocks up to `timeout`.
    public func partitionCounts(timeout: Duration) throws(KafkaError) -> [String: Int] { try client.partitionCounts(timeout: timeout) }

    /// The client's fatal error, if it raised one (the idempotent producer cannot keep its guarantees).
    public var fatalError: KafkaError? { client.fatalError }

    /// Creates topics that do not exist yet (an existing topic is not an error). Blocks up to `timeout`.
    public func createTopics(_ topics: [(name: String, partitions: Int)], timeout: Duration) throws(KafkaError) {
        try KafkaAdmin.createTopics(topics, timeout: timeout, on: client)
    }
}
