import ReputationKafka
import TestSupport
import Testing

/// librdkafka's error values arrive as typed codes, so callers never match names.
@Suite(.timeLimit(.minutes(1)))
struct KafkaErrorCodeTests {
    /// A full producer queue is `.queueFull` and retriable (no broker needed: nothing is delivered).
    @Test func aFullQueueIsTyped() throws {
        var configuration = KafkaConfiguration(bootstrapServers: "127.0.0.1:1")
        configuration.properties = ["queue.buffering.max.messages": "1"]
        let producer = try KafkaProducer(configuration: configuration, logger: testLogger, delivery: { _ in })
        let value: [UInt8] = Array("x".utf8)
        try value.withUnsafeBytes { try producer.send(topic: "t", key: nil, value: $0, id: 1) }
        let error = #expect(throws: KafkaError.self) {
            try value.withUnsafeBytes { try producer.send(topic: "t", key: nil, value: $0, id: 2) }
        }
        #expect(error?.code == .queueFull)
        #expect(error?.isRetriable == true)
    }

    /// A property librdkafka does not know is the adapter's `.invalidArgument`.
    @Test func anUnknownPropertyIsAnInvalidArgument() {
        var configuration = KafkaConfiguration()
        configuration.properties = ["no.such.property": "1"]
        let error = #expect(throws: KafkaError.self) {
            _ = try KafkaProducer(configuration: configuration, logger: testLogger, delivery: { _ in })
        }
        #expect(error?.code == .invalidArgument)
    }
}
