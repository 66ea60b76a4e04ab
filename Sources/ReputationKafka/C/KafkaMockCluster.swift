import Logging
internal import CRdKafka

/// librdkafka's built-in mock cluster: in-process brokers for tests that inject faults (brokers going down,
/// request errors). Clients reach it through ``bootstrapServers``.
public final class KafkaMockCluster: @unchecked Sendable {
    private let client: KafkaHandle
    private let cluster: OpaquePointer

    /// Starts `brokers` mock brokers on loopback.
    public init(brokers: Int, logger: Logger) throws(KafkaError) {
        client = try KafkaHandle(.producer, properties: ["client.id": "mock-cluster"], callbacks: KafkaCallbacks(logger: logger))
        guard let cluster = client.withHandle({ rd_kafka_mock_cluster_new($0, Int32(clamping: brokers)) }) else {
            throw KafkaError.client("cannot start the mock cluster")
        }
        self.cluster = cluster
    }

    deinit {
        rd_kafka_mock_cluster_destroy(cluster)
    }

    /// `host:port,…` of the mock brokers.
    public var bootstrapServers: String { String(cString: rd_kafka_mock_cluster_bootstraps(cluster)) }

    /// Creates a topic (replication factor 1).
    public func createTopic(_ name: String, partitions: Int) throws(KafkaError) {
        try rd_kafka_mock_topic_create(cluster, name, Int32(clamping: partitions), 1).throwIfError()
    }

    /// Moves the leadership of a partition to a broker.
    public func setLeader(topic: String, partition: Int32, broker: Int32) throws(KafkaError) {
        try rd_kafka_mock_partition_set_leader(cluster, topic, partition, broker).throwIfError()
    }

    /// Makes a broker the coordinator of a consumer group.
    public func setGroupCoordinator(_ group: String, broker: Int32) throws(KafkaError) {
        try rd_kafka_mock_coordinator_set(cluster, "group", group, broker).throwIfError()
    }

    /// Takes a broker down (its connections close and it refuses new ones) or brings it back up.
    public func setBroker(_ id: Int32, up: Bool) throws(KafkaError) {
        try (up ? rd_kafka_mock_broker_set_up(cluster, id) : rd_kafka_mock_broker_set_down(cluster, id)).throwIfError()
    }

    /// The next `count` Produce requests fail with the broker error `code` (e.g. 7, REQUEST_TIMED_OUT).
    public func failProduceRequests(count: Int, code: Int32) {
        failRequests(apiKey: 0 /* Produce */, count: count, code: code)
    }

    /// The next `count` requests with this Kafka API key (12: Heartbeat, …) fail with the broker error `code`.
    public func failRequests(apiKey: Int16, count: Int, code: Int32) {
        let errors = [rd_kafka_resp_err_t](repeating: rd_kafka_resp_err_t(code), count: count)
        errors.withUnsafeBufferPointer {
            rd_kafka_mock_push_request_errors_array(cluster, apiKey, $0.count, $0.baseAddress)
        }
    }

    /// Delays every answer of a broker by `delay` (slow deliveries, for back-pressure tests).
    public func setRoundTripTime(broker: Int32, _ delay: Duration) throws(KafkaError) {
        try rd_kafka_mock_broker_set_rtt(cluster, broker, Int32(clamping: delay.milliseconds)).throwIfError()
    }
}
