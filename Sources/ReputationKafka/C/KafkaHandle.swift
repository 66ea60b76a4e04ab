import Logging
import Synchronization
internal import CRdKafka

/// What librdkafka's C callbacks reach: the logger and the handlers of one client. It lives as long as the
/// ``KafkaHandle`` that registered it, which outlives every callback (they stop in `rd_kafka_destroy`).
final class KafkaCallbacks: @unchecked Sendable {
    let logger: Logger
    /// Delivery reports; called on the thread that polls the producer.
    let delivery: ((DeliveryReport) -> Void)?
    /// Rebalances; called on the thread that polls the consumer (or closes it). Returns nothing: the
    /// handle applies the new assignment after it returns.
    let rebalance: ((RebalanceEvent) -> Void)?
    /// Client-wide errors (all brokers down, authentication failed, …); called on the polling thread.
    let error: ((KafkaError) -> Void)?
    /// Topic names by librdkafka topic handle, so a message's topic is turned into a String once. Used
    /// only on the polling thread.
    private var topicNames: [OpaquePointer: String] = [:]
    /// librdkafka's warnings and errors come from its own threads: repeats are collapsed under a lock.
    private let repeats = Mutex(RepeatCollapser())

    init(logger: Logger, delivery: ((DeliveryReport) -> Void)? = nil, rebalance: ((RebalanceEvent) -> Void)? = nil,
         error: ((KafkaError) -> Void)? = nil) {
        self.logger = logger
        self.delivery = delivery
        self.rebalance = rebalance
        self.error = error
    }

    var opaque: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    static func from(_ opaque: UnsafeMutableRawPointer?) -> KafkaCallbacks? {
        opaque.map { Unmanaged<KafkaCallbacks>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Logs a librdkafka log line; a warning or error repeated within 10 s (a broker refusing connections
    /// dozens of times a second) is held back and counted in the next one logged.
    func log(level: Logger.Level, facility: String, text: String) {
        var line = "librdkafka \(facility): \(text)"
        if level >= .warning {
            let decision = repeats.withLock { $0.decide(facility + " " + RepeatCollapser.key(text)) }
            guard case .log(let held) = decision else { return }
            line = RepeatCollapser.annotate(line, repeats: held, window: repeats.withLock { $0.window })
        }
        logger.log(level: level, "\(line)")
    }

    func topicName(_ topic: OpaquePointer) -> String {
        if let name = topicNames[topic] { return name }
        let name = String(cString: rd_kafka_topic_name(topic))
        topicNames[topic] = name
        return name
    }
}

/// Owns one `rd_kafka_t` (producer or consumer) and destroys it in `deinit`; lends the pointer only inside
/// closures. Its blocking operations must run on a thread of the caller's own, never on Swift's
/// concurrency threads.
final class KafkaHandle: @unchecked Sendable {
    private let handle: OpaquePointer
    let callbacks: KafkaCallbacks

    enum Kind { case producer, consumer }

    /// Creates the client with `properties` (applied in order: later ones win).
    init(_ kind: Kind, properties: [String: String], callbacks: KafkaCallbacks) throws(KafkaError) {
        let conf = try Self.makeConf(properties)
        rd_kafka_conf_set_opaque(conf, callbacks.opaque)
        rd_kafka_conf_set_log_cb(conf) { rk, level, facility, text in
            guard let rk, let callbacks = KafkaCallbacks.from(rd_kafka_opaque(rk)) else { return }
            let facility = facility.map { String(cString: $0) } ?? "", text = text.map { String(cString: $0) } ?? ""
            callbacks.log(level: KafkaHandle.logLevel(syslog: level, text: text), facility: facility, text: text)
        }
        rd_kafka_conf_set_error_cb(conf) { _, code, reason, opaque in
            guard let callbacks = KafkaCallbacks.from(opaque) else { return }
            let error = KafkaError(rd_kafka_resp_err_t(code), message: reason.map { String(cString: $0) })
            callbacks.logger.debug("kafka client error", metadata: ["error": "\(error)"])
            callbacks.error?(error)
        }
        if kind == .producer {
            rd_kafka_conf_set_dr_msg_cb(conf) { _, message, opaque in
                guard let message, let callbacks = KafkaCallbacks.from(opaque) else { return }
                let m = message.pointee
                let report = DeliveryReport(
                    id: UInt64(UInt(bitPattern: m._private)),
                    topicPartition: TopicPartition(topic: m.rkt.map(callbacks.topicName) ?? "", partition: m.partition),
                    offset: m.err == RD_KAFKA_RESP_ERR_NO_ERROR ? m.offset : nil,
                    error: m.err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaError(m.err))
                callbacks.delivery?(report)
            }
        } else {
            rd_kafka_conf_set_rebalance_cb(conf) { rk, code, partitions, opaque in
                guard let rk, let callbacks = KafkaCallbacks.from(opaque) else { return }
                KafkaHandle.rebalance(rk, code, partitions, callbacks)
            }
        }
        var errorText = [CChar](repeating: 0, count: 512)
        guard let handle = rd_kafka_new(kind == .producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER, conf, &errorText, errorText.count) else {
            rd_kafka_conf_destroy(conf)
            throw KafkaError.client("cannot create the Kafka client: \(cText(errorText))")
        }
        self.handle = handle
        self.callbacks = callbacks
        if kind == .consumer { rd_kafka_poll_set_consumer(handle) }
    }

    deinit {
        rd_kafka_destroy(handle)
    }

    /// Lends the raw handle to `body`.
    func withHandle<R, E: Error>(_ body: (OpaquePointer) throws(E) -> R) throws(E) -> R { try body(handle) }

    /// Fails when the brokers cannot be reached within `timeout`: asks for cluster metadata. Blocks.
    func checkConnection(timeout: Duration) throws(KafkaError) -> Int {
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let code = rd_kafka_metadata(handle, 0, nil, &metadata, Int32(clamping: timeout.milliseconds))
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else { throw KafkaError(code) }
        defer { rd_kafka_metadata_destroy(metadata) }
        return Int(metadata.pointee.broker_cnt)
    }

    /// The number of partitions of each topic that exists, by name. Blocks up to `timeout`.
    func partitionCounts(timeout: Duration) throws(KafkaError) -> [String: Int] {
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let code = rd_kafka_metadata(handle, 1, nil, &metadata, Int32(clamping: timeout.milliseconds))
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else { throw KafkaError(code) }
        defer { rd_kafka_metadata_destroy(metadata) }
        var result: [String: Int] = [:]
        for topic in UnsafeBufferPointer(start: metadata.pointee.topics, count: Int(metadata.pointee.topic_cnt))
        where topic.err == RD_KAFKA_RESP_ERR_NO_ERROR {
            result[String(cString: topic.topic)] = Int(topic.partition_cnt)
        }
        return result
    }

    /// The client's fatal error, if it raised one.
    var fatalError: KafkaError? { KafkaError.fatal(of: handle) }

    // MARK: - Configuration

    private static func makeConf(_ properties: [String: String]) throws(KafkaError) -> OpaquePointer {
        let conf = rd_kafka_conf_new()!
        var errorText = [CChar](repeating: 0, count: 512)
        for (key, value) in properties.sorted(by: { $0.key < $1.key }) {
            let result = rd_kafka_conf_set(conf, key, value, &errorText, errorText.count)
            guard result != RD_KAFKA_CONF_OK else { continue }
            rd_kafka_conf_destroy(conf)
            let problem = result == RD_KAFKA_CONF_UNKNOWN ? "unknown property"
                : KafkaConfiguration.isSecret(key) ? "invalid value (not shown: secret)" : cText(errorText)
            throw KafkaError.client("Kafka property \(key): \(problem)")
        }
        return conf
    }

    /// swift-log's level for a librdkafka log line. The shared properties reach both the consumer and the
    /// producer, so "… is a consumer property and will be ignored by this producer" is only debug.
    private static func logLevel(syslog level: Int32, text: String) -> Logger.Level {
        if text.contains("property and will be ignored by this") { return .debug }
        return switch level {
        case ...3: .error
        case 4: .warning
        case 5, 6: .info
        default: .debug
        }
    }

    // MARK: - Rebalance

    /// Tells the handler, then applies the change (eager or cooperative, whichever the group uses). An
    /// assignment librdkafka refuses is reported to the error handler.
    private static func rebalance(_ rk: OpaquePointer, _ code: rd_kafka_resp_err_t,
                                  _ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?, _ callbacks: KafkaCallbacks) {
        let partitions = list.map(Self.partitions) ?? []
        let cooperative = String(cString: rd_kafka_rebalance_protocol(rk)) == "COOPERATIVE"
        switch code {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            callbacks.logger.debug("partitions assigned", metadata: ["partitions": "\(partitions)"])
            if cooperative {
                if let error = rd_kafka_incremental_assign(rk, list) { callbacks.error?(KafkaError(taking: error)) }
            } else {
                report(rd_kafka_assign(rk, list), callbacks)
            }
            callbacks.rebalance?(.assigned(partitions))
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            callbacks.logger.debug("partitions revoked", metadata: ["partitions": "\(partitions)"])
            callbacks.rebalance?(.revoked(partitions))
            if cooperative {
                if let error = rd_kafka_incremental_unassign(rk, list) { callbacks.error?(KafkaError(taking: error)) }
            } else {
                report(rd_kafka_assign(rk, nil), callbacks)
            }
        default:
            callbacks.error?(KafkaError(code))
            report(rd_kafka_assign(rk, nil), callbacks)
        }
    }

    private static func report(_ code: rd_kafka_resp_err_t, _ callbacks: KafkaCallbacks) {
        guard code != RD_KAFKA_RESP_ERR_NO_ERROR else { return }
        callbacks.error?(KafkaError(code, message: "cannot apply the group's assignment: \(String(cString: rd_kafka_err2str(code)))"))
    }

    static func partitions(_ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> [TopicPartition] {
        UnsafeBufferPointer(start: list.pointee.elems, count: Int(list.pointee.cnt)).map {
            TopicPartition(topic: String(cString: $0.topic), partition: $0.partition)
        }
    }

    /// Runs `body` with a C partition list holding `offsets`, destroyed afterwards.
    static func withPartitionList<R, E: Error>(_ offsets: [TopicPartitionOffset],
                                               _ body: (UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) throws(E) -> R) throws(E) -> R {
        let list = rd_kafka_topic_partition_list_new(Int32(clamping: offsets.count))!
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for entry in offsets {
            rd_kafka_topic_partition_list_add(list, entry.topicPartition.topic, entry.topicPartition.partition)!.pointee.offset = entry.offset
        }
        return try body(list)
    }
}
