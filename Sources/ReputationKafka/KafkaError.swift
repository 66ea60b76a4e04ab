/// An error of librdkafka or of a broker, translated from C in one place (`C/KafkaErrorTranslation.swift`).
public struct KafkaError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The errors this package tells apart; every other librdkafka or broker error is ``other(_:)``.
    public enum Code: Hashable, Sendable {
        /// librdkafka's producer queue is full (`_QUEUE_FULL`): poll, then send again.
        case queueFull
        /// No broker can be reached (`_ALL_BROKERS_DOWN`).
        case allBrokersDown
        /// A message was not delivered within `message.timeout.ms` (`_MSG_TIMED_OUT`).
        case messageTimedOut
        /// An operation timed out (`_TIMED_OUT`).
        case timedOut
        /// A broker connection failed (`_TRANSPORT`).
        case transport
        /// The client raised a fatal error and cannot go on (`_FATAL`).
        case fatal
        /// A bad argument, property or missing result (`_INVALID_ARG`), also this adapter's own errors.
        case invalidArgument
        /// Nothing to commit (`_NO_OFFSET`).
        case noOffset
        /// The topic or partition does not exist (`UNKNOWN_TOPIC_OR_PART`).
        case unknownTopicOrPartition
        /// The client may not write or read the topic (`TOPIC_AUTHORIZATION_FAILED`).
        case topicAuthorizationFailed
        /// Any other `rd_kafka_resp_err_t` value.
        case other(Int32)
    }

    /// Which error this is.
    public var code: Code
    /// librdkafka's `rd_kafka_resp_err_t` value: negative for client errors, positive for broker errors.
    public var rawCode: Int32
    /// librdkafka's name for the code, e.g. `_MSG_TIMED_OUT` or `UNKNOWN_TOPIC_OR_PART`.
    public var name: String
    /// What happened, in words.
    public var message: String
    /// Trying the same operation again later may succeed (timeouts, unreachable or changing brokers).
    public var isRetriable: Bool
    /// The client cannot continue (e.g. the idempotent producer lost its guarantees): stop and restart.
    public var isFatal: Bool

    public init(code: Code, rawCode: Int32, name: String, message: String, isRetriable: Bool, isFatal: Bool) {
        self.code = code
        self.rawCode = rawCode
        self.name = name
        self.message = message
        self.isRetriable = isRetriable
        self.isFatal = isFatal
    }

    public var description: String { "\(message) (\(name))" }
}
