internal import CRdKafka

/// The one place where librdkafka's error values become ``KafkaError``.
extension KafkaError {
    /// From an `rd_kafka_resp_err_t`, with librdkafka's text unless a more precise one is given.
    init(_ code: rd_kafka_resp_err_t, message: String? = nil) {
        self.init(code: Code(code), rawCode: code.rawValue, name: String(cString: rd_kafka_err2name(code)),
                  message: message ?? String(cString: rd_kafka_err2str(code)),
                  isRetriable: Self.retriable.contains(code), isFatal: code == RD_KAFKA_RESP_ERR__FATAL)
    }

    /// From an `rd_kafka_error_t`, which carries its own flags; destroys it.
    init(taking error: OpaquePointer) {
        defer { rd_kafka_error_destroy(error) }
        let code = rd_kafka_error_code(error)
        self.init(code: Code(code), rawCode: code.rawValue, name: String(cString: rd_kafka_err2name(code)),
                  message: String(cString: rd_kafka_error_string(error)),
                  isRetriable: rd_kafka_error_is_retriable(error) != 0 || Self.retriable.contains(code),
                  isFatal: rd_kafka_error_is_fatal(error) != 0)
    }

    /// The handle's fatal error (for an idempotent producer), if one was raised.
    static func fatal(of handle: OpaquePointer) -> KafkaError? {
        var text = [CChar](repeating: 0, count: 512)
        let code = rd_kafka_fatal_error(handle, &text, text.count)
        guard code != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
        var error = KafkaError(code, message: cText(text))
        error.isFatal = true
        return error
    }

    /// Error of this adapter itself (bad argument, missing result).
    static func client(_ message: String) -> KafkaError { KafkaError(RD_KAFKA_RESP_ERR__INVALID_ARG, message: message) }

    /// Codes where waiting and trying again may succeed.
    private static let retriable: Set<rd_kafka_resp_err_t> = [
        RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR__MSG_TIMED_OUT,
        RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR__QUEUE_FULL, RD_KAFKA_RESP_ERR__RESOLVE,
        RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE, RD_KAFKA_RESP_ERR__WAIT_COORD, RD_KAFKA_RESP_ERR__NODE_UPDATE,
        RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
        RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
        RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND, RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION,
        RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_NOT_COORDINATOR,
        RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS, RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS,
        RD_KAFKA_RESP_ERR_KAFKA_STORAGE_ERROR, RD_KAFKA_RESP_ERR_BROKER_NOT_AVAILABLE,
        RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART,
    ]
}

extension KafkaError.Code {
    /// The case for a librdkafka error value.
    init(_ code: rd_kafka_resp_err_t) {
        self = switch code {
        case RD_KAFKA_RESP_ERR__QUEUE_FULL: .queueFull
        case RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN: .allBrokersDown
        case RD_KAFKA_RESP_ERR__MSG_TIMED_OUT: .messageTimedOut
        case RD_KAFKA_RESP_ERR__TIMED_OUT: .timedOut
        case RD_KAFKA_RESP_ERR__TRANSPORT: .transport
        case RD_KAFKA_RESP_ERR__FATAL: .fatal
        case RD_KAFKA_RESP_ERR__INVALID_ARG: .invalidArgument
        case RD_KAFKA_RESP_ERR__NO_OFFSET: .noOffset
        case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART: .unknownTopicOrPartition
        case RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED: .topicAuthorizationFailed
        default: .other(code.rawValue)
        }
    }
}

/// The text of a NUL-terminated C buffer librdkafka wrote into.
func cText(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
