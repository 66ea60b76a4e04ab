/// Settings every Kafka client of this package shares: where the brokers are, how to reach them securely,
/// and any further librdkafka property.
///
/// Typed fields cover what most deployments need; ``properties`` is the escape hatch for every other
/// librdkafka property (https://github.com/confluentinc/librdkafka/blob/master/CONFIGURATION.md) and wins
/// over the typed fields when both set the same property.
public struct KafkaConfiguration: Sendable, Equatable {
    /// `bootstrap.servers`: comma-separated `host:port` list. Default `localhost:9092`.
    public var bootstrapServers: String
    /// `client.id`, shown in broker logs. Default `wallet-reputation`.
    public var clientID: String = "wallet-reputation"
    /// How the connection is secured (SASL and/or TLS). Default: plaintext.
    public var security: KafkaSecurity = KafkaSecurity()
    /// Raw librdkafka properties, applied last.
    public var properties: [String: String] = [:]

    public init(bootstrapServers: String = "localhost:9092") {
        self.bootstrapServers = bootstrapServers
    }

    /// Every property this configuration sets, typed fields first, then ``properties``.
    public var librdkafkaProperties: [String: String] {
        var result = ["bootstrap.servers": bootstrapServers, "client.id": clientID]
        result.merge(security.properties) { _, new in new }
        result.merge(properties) { _, new in new }
        return result
    }

    /// ``librdkafkaProperties`` with secret values replaced by `***`, for logs.
    public var redactedProperties: [String: String] {
        librdkafkaProperties.reduce(into: [:]) { result, entry in
            result[entry.key] = Self.isSecret(entry.key) ? "***" : entry.value
        }
    }

    /// True for properties whose value must never be logged: passwords, keys, tokens, JAAS configs.
    public static func isSecret(_ property: String) -> Bool {
        let name = property.lowercased()
        return ["password", "secret", "jaas", "token", "key.pem", "ssl.key", "keystore", "credentials"]
            .contains { name.contains($0) }
    }

    /// Parses a Java-style properties file, as Kafka tools write them: `key=value` or `key: value` per
    /// line, `#` and `!` start comments, blank lines are ignored, surrounding spaces are trimmed.
    /// - Throws: ``KafkaConfigurationError`` naming the line that has no `=` or `:`.
    public static func parseProperties(_ text: String, source: String) throws(KafkaConfigurationError) -> [String: String] {
        var result: [String: String] = [:]
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = rawLine.trimmingSpaces
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("!") { continue }
            guard let separator = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                throw KafkaConfigurationError(message: "\(source) line \(index + 1): expected key=value")
            }
            let key = line[..<separator].trimmingSpaces
            guard !key.isEmpty else {
                throw KafkaConfigurationError(message: "\(source) line \(index + 1): expected a property name before '='")
            }
            result[String(key)] = String(line[line.index(after: separator)...].trimmingSpaces)
        }
        return result
    }

    /// Parses one `key=value` of `--kafka-property`.
    public static func parseProperty(_ text: String) throws(KafkaConfigurationError) -> (key: String, value: String) {
        guard let separator = text.firstIndex(of: "="), separator != text.startIndex else {
            throw KafkaConfigurationError(message: "expected a librdkafka property as key=value, got \"\(text.prefix(40))\"")
        }
        return (String(text[..<separator]), String(text[text.index(after: separator)...]))
    }
}

/// How clients authenticate and encrypt: `security.protocol` and the common SASL and TLS properties.
public struct KafkaSecurity: Sendable, Equatable {
    /// `security.protocol`.
    public enum SecurityProtocol: String, Sendable, CaseIterable {
        case plaintext, ssl
        case saslPlaintext = "sasl_plaintext"
        case saslSSL = "sasl_ssl"
    }

    /// Default `.plaintext`.
    public var `protocol`: SecurityProtocol = .plaintext
    /// `sasl.mechanism`: `PLAIN`, `SCRAM-SHA-256`, `SCRAM-SHA-512`, … (nil: librdkafka's default, GSSAPI).
    public var saslMechanism: String?
    /// `sasl.username`.
    public var saslUsername: String?
    /// `sasl.password`; never logged.
    public var saslPassword: String?
    /// `ssl.ca.location`: CA certificates to verify the brokers with (nil: the system's).
    public var sslCALocation: String?

    public init() {}

    var properties: [String: String] {
        var result = ["security.protocol": self.protocol.rawValue]
        result["sasl.mechanism"] = saslMechanism
        result["sasl.username"] = saslUsername
        result["sasl.password"] = saslPassword
        result["ssl.ca.location"] = sslCALocation
        return result
    }
}

/// Consumer settings; the group reads with at-least-once semantics: offsets are stored by the caller and
/// committed in the background every ``autoCommitInterval`` and on ``KafkaConsumer/commit()``.
public struct KafkaConsumerConfiguration: Sendable, Equatable {
    /// Where a group with no committed offset starts reading.
    public enum OffsetReset: String, Sendable, CaseIterable {
        /// From the oldest message still in the topic (as Kafka Streams does). The default.
        case earliest
        /// Only messages written after the consumer joined.
        case latest
        /// Fail instead of guessing.
        case error
    }

    /// `group.id`.
    public var groupID: String
    /// `auto.offset.reset`. Default `.earliest`.
    public var autoOffsetReset: OffsetReset = .earliest
    /// `session.timeout.ms`: how long the group waits for a silent member before giving its partitions
    /// to others. Default 45 s (Kafka's). Lower it to fail over faster.
    public var sessionTimeout: Duration = .seconds(45)
    /// `max.poll.interval.ms`: the longest allowed gap between polls. Default 300 s.
    public var maxPollInterval: Duration = .seconds(300)
    /// `auto.commit.interval.ms`: how often stored offsets are committed in the background. Default 5 s.
    public var autoCommitInterval: Duration = .seconds(5)

    public init(groupID: String) { self.groupID = groupID }

    var properties: [String: String] {
        [
            "group.id": groupID,
            "auto.offset.reset": autoOffsetReset.rawValue,
            "session.timeout.ms": String(sessionTimeout.milliseconds),
            "max.poll.interval.ms": String(max(maxPollInterval.milliseconds, sessionTimeout.milliseconds)),
            "auto.commit.interval.ms": String(autoCommitInterval.milliseconds),
            "enable.auto.commit": "true",
            "enable.auto.offset.store": "false",
            "enable.partition.eof": "false",
        ]
    }
}

/// Producer settings. The producer is always idempotent (`enable.idempotence=true`, so `acks=all`):
/// retries never duplicate or reorder a result within a partition.
public struct KafkaProducerConfiguration: Sendable, Equatable {
    /// `linger.ms`: how long messages wait to be batched. Default 5 ms.
    public var linger: Duration = .milliseconds(5)
    /// `message.timeout.ms`: how long librdkafka retries a message before reporting its delivery as
    /// failed. Default 300 s (librdkafka's).
    public var messageTimeout: Duration = .seconds(300)

    public init() {}

    var properties: [String: String] {
        [
            "enable.idempotence": "true",
            "linger.ms": String(linger.milliseconds),
            "message.timeout.ms": String(messageTimeout.milliseconds),
        ]
    }
}

/// A configuration that cannot be used; the message names the property or line, never a secret value.
public struct KafkaConfigurationError: Error, Equatable, CustomStringConvertible, Sendable {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}

extension Duration {
    /// Whole milliseconds, rounded down, at least 0.
    var milliseconds: Int64 {
        max(0, components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000)
    }
}

extension StringProtocol {
    var trimmingSpaces: SubSequence {
        var text = self[...]
        while let first = text.first, first == " " || first == "\t" || first == "\r" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" || last == "\r" { text.removeLast() }
        return text
    }
}
