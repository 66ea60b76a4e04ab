import TestSupport
import ReputationKafka
import Testing

struct KafkaConfigurationTests {
    @Test func propertiesFilesReadLikeJavaProperties() throws {
        let text = """
            # SASL over TLS
            security.protocol=SASL_SSL
            sasl.mechanism : SCRAM-SHA-512
            ! another comment
              sasl.username = scorer\r

            sasl.password=p=ss:word
            """
        let properties = try KafkaConfiguration.parseProperties(text, source: "client.properties")
        #expect(properties == ["security.protocol": "SASL_SSL", "sasl.mechanism": "SCRAM-SHA-512",
                               "sasl.username": "scorer", "sasl.password": "p=ss:word"])
    }

    @Test func aLineWithoutSeparatorIsNamed() {
        #expect(throws: KafkaConfigurationError(message: "client.properties line 2: expected key=value")) {
            try KafkaConfiguration.parseProperties("a=1\nnot a property\n", source: "client.properties")
        }
    }

    @Test func singlePropertiesSplitAtTheFirstEquals() throws {
        let (key, value) = try KafkaConfiguration.parseProperty("sasl.jaas.config=a=b")
        #expect(key == "sasl.jaas.config" && value == "a=b")
        #expect(throws: KafkaConfigurationError.self) { try KafkaConfiguration.parseProperty("=x") }
        #expect(throws: KafkaConfigurationError.self) { try KafkaConfiguration.parseProperty("novalue") }
    }

    @Test func rawPropertiesWinAndSecretsAreRedacted() {
        var configuration = KafkaConfiguration(bootstrapServers: "b:9092")
        configuration.security.protocol = .saslSSL
        configuration.security.saslPassword = "hunter2"
        configuration.properties = ["security.protocol": "SSL", "ssl.key.password": "k", "linger.ms": "1"]
        #expect(configuration.librdkafkaProperties["security.protocol"] == "SSL")
        let redacted = configuration.redactedProperties
        #expect(redacted["sasl.password"] == "***")
        #expect(redacted["ssl.key.password"] == "***")
        #expect(redacted["linger.ms"] == "1")
        #expect(!redacted.values.contains("hunter2"))
    }

    @Test func anUnknownPropertyIsNamed() {
        var configuration = KafkaConfiguration()
        configuration.properties = ["no.such.property": "1"]
        let error = #expect(throws: KafkaError.self) {
            _ = try KafkaProducer(configuration: configuration, logger: testLogger, delivery: { _ in })
        }
        #expect(error?.message == "Kafka property no.such.property: unknown property")
    }

    /// A secret property librdkafka refuses is named, with neither its value nor librdkafka's text about it.
    /// librdkafka refuses Java's `sasl.jaas.config` whatever its value, so the secret path runs (a second,
    /// invalid property would fail first: properties are applied in sorted order).
    @Test func anInvalidSecretValueIsNotShown() {
        var configuration = KafkaConfiguration()
        configuration.properties = ["sasl.jaas.config": "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"s3cr3t\";"]
        let error = #expect(throws: KafkaError.self) {
            _ = try KafkaProducer(configuration: configuration, logger: testLogger, delivery: { _ in })
        }
        #expect(error?.message == "Kafka property sasl.jaas.config: invalid value (not shown: secret)")
        #expect(error?.message.contains("s3cr3t") == false)
    }
}
