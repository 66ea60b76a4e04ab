/// An error of librdkafka or of a broker, translated from C in one place (`C/KafkaErrorTranslation.swift`).
public struct KafkaError: Error, CustomStringConvertible, Sendable, Equatable {
    /// librdkafka's `rd_kafka_resp_err_t` value: negative for client errors, positive for broker errors.
    public var code: Int32
    /// librdkafka's name for the code, e.g. `_MSG_TIMED_OUT` or `UNKNOWN_TOPIC_OR_PART`.
    public var name: String
    /// What happened, in words.
    public var message: String
    /// Trying the same operation again later may succeed (timeouts, unreachable or changing brokers).
    public var isRetriable: Bool
    /// The client cannot continue (e.g. the idempotent producer lost its guarantees): stop and restart.
    public var isFatal: Bool

    public init(code: Int32, name: String, message: String, isRetriable: Bool, isFatal: Bool) {
        self.code = code
        self.name = name
        self.message = message
        self.isRetriable = isRetriable
        self.isFatal = isFatal
    }

    public var description: String { "\(message) (\(name))" }
}
