import ArgumentParser
import Foundation
import Logging
import ReputationCommandLine
import ReputationCore
import ReputationKafka
import ReputationMongo
import ScoreStream

/// `score-stream`: the Kafka service. Every option also reads the environment variable named in its help;
/// a flag wins over its variable.
struct ScoreStreamCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score-stream",
        abstract: "Score wallet messages from Kafka with the dex-v1 model, one result per message.",
        discussion: """
            Reads wallet messages from the input topic and writes each one's result to the success or the \
            failure topic (at least once: an input offset is committed only after its result is delivered, \
            and with --store-results also written to MongoDB under topic:partition:offset). \
            SIGTERM or SIGINT finishes what is in flight, commits and exits 0. HTTP: GET /, /api/v1/health \
            (liveness), /api/v1/ready (readiness), /api/v1/stats, /metrics.
            """,
        version: "\(PackageVersion.current) (librdkafka \(Librdkafka.version))")

    @Option(help: "Kafka brokers, host:port,… (KAFKA_BOOTSTRAP_SERVERS; default localhost:9092).")
    var bootstrapServers: String?

    @Option(help: "Input topic (KAFKA_INPUT_TOPIC; default wallet-transactions).")
    var inputTopic: String?

    @Option(help: "Success topic (KAFKA_SUCCESS_TOPIC; default wallet-scores-success).")
    var successTopic: String?

    @Option(help: "Failure topic (KAFKA_FAILURE_TOPIC; default wallet-scores-failure).")
    var failureTopic: String?

    @Option(help: "Consumer group (KAFKA_CONSUMER_GROUP; default ai-scoring-service).")
    var consumerGroup: String?

    @Option(help: "Where a new consumer group starts: earliest, latest or error (KAFKA_AUTO_OFFSET_RESET; default earliest).")
    var autoOffsetReset: String?

    @Option(help: "plaintext, ssl, sasl_plaintext or sasl_ssl (KAFKA_SECURITY_PROTOCOL; default plaintext).")
    var securityProtocol: String?

    @Option(help: "SASL mechanism: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, … (KAFKA_SASL_MECHANISM). The password is read from KAFKA_SASL_PASSWORD or a properties file only.")
    var saslMechanism: String?

    @Option(help: "SASL user name (KAFKA_SASL_USERNAME).")
    var saslUsername: String?

    @Option(help: "CA certificates to verify the brokers (KAFKA_SSL_CA_LOCATION).")
    var sslCaLocation: String?

    @Option(help: "A librdkafka properties file, key=value per line (KAFKA_PROPERTIES_FILE).")
    var kafkaProperties: String?

    @Option(name: .customLong("kafka-property"), help: "A librdkafka property as key=value; repeatable; wins over the file.")
    var kafkaProperty: [String] = []

    @Flag(help: "Create missing topics at start (with --topic-partitions partitions).")
    var createTopics = false

    @Option(help: "Partitions of topics made by --create-topics.")
    var topicPartitions = 3

    @Option(help: "HTTP address (HOST; default 127.0.0.1).")
    var host: String?

    @Option(help: "HTTP port, 0 for any free one (PORT; default 8000).")
    var port: Int?

    @Option(help: "Scoring time as unix seconds for reproducible replays (SCORING_AS_OF; default: the scoring time).")
    var asOf: Int64?

    @OptionGroup var store: ThresholdStoreOptions

    @OptionGroup var results: ResultsStoreOptions

    @Option(help: "Seconds between reads of the threshold store (THRESHOLDS_REFRESH_SECONDS; default 60).")
    var thresholdsRefresh: Int?

    @Option(help: "Largest input message in bytes; larger ones fail with too_large.")
    var maxMessageBytes: Int = MessageLimits().maxMessageBytes

    @Option(help: "Deepest nesting of arrays and objects; deeper messages fail with too_large.")
    var maxDepth: Int = MessageLimits().maxDepth

    @Option(help: "Most bytes of results waiting for delivery before reading pauses (default 268435456, 256 MiB).")
    var maxInFlightBytes: Int = ScoreStreamConfiguration().maxInFlightBytes

    @Option(help: "Seconds to wait for the brokers at start before failing.")
    var startupTimeout: Int = 30

    @Option(help: "\(LogLevels.accepted), in any case (LOG_LEVEL; default info).")
    var logLevel: String?

    private static let environment = ProcessInfo.processInfo.environment

    func validate() throws {
        if let asOf = asOf ?? Self.environment["SCORING_AS_OF"].flatMap(Int64.init), asOf < 0 {
            throw ValidationError("--as-of must be unix seconds ≥ 0")
        }
        if Self.environment["SCORING_AS_OF"].map({ Int64($0) == nil }) == true {
            throw ValidationError("SCORING_AS_OF must be unix seconds")
        }
        _ = try LogLevels.level(flag: logLevel, environment: Self.environment)
        guard maxMessageBytes >= 1, maxDepth >= 1, topicPartitions >= 1, startupTimeout >= 1, maxInFlightBytes >= 1 else {
            throw ValidationError("--max-message-bytes, --max-depth, --topic-partitions, --startup-timeout and --max-in-flight-bytes must be at least 1")
        }
        _ = try serviceConfiguration()
    }

    func run() async throws {
        let level = try LogLevels.level(flag: logLevel, environment: Self.environment)
        LogLevels.bootstrapStandardError(level)
        let logger = Logger(label: "score-stream")
        do {
            let configuration = try serviceConfiguration()
            if let results = configuration.results as? MongoResultsStore { try await results.createIndexesOffThread() }
            let service = try await buildScoreStream(configuration, logger: logger)
            try await service.run()
        } catch {
            // Said once, on standard error; not logged as well.
            printError("score-stream: \(error)")
            throw ExitCode.failure
        }
    }

    /// The service's configuration: flags, else environment variables, else the defaults.
    func serviceConfiguration() throws -> ScoreStreamConfiguration {
        let env = Self.environment
        var c = ScoreStreamConfiguration()
        c.kafka.bootstrapServers = bootstrapServers ?? env["KAFKA_BOOTSTRAP_SERVERS"] ?? c.kafka.bootstrapServers
        c.inputTopic = inputTopic ?? env["KAFKA_INPUT_TOPIC"] ?? c.inputTopic
        c.successTopic = successTopic ?? env["KAFKA_SUCCESS_TOPIC"] ?? c.successTopic
        c.failureTopic = failureTopic ?? env["KAFKA_FAILURE_TOPIC"] ?? c.failureTopic
        c.consumer.groupID = consumerGroup ?? env["KAFKA_CONSUMER_GROUP"] ?? c.consumer.groupID
        if let reset = autoOffsetReset ?? env["KAFKA_AUTO_OFFSET_RESET"] {
            guard let value = KafkaConsumerConfiguration.OffsetReset(rawValue: reset) else {
                throw ValidationError("--auto-offset-reset must be earliest, latest or error, not \(reset)")
            }
            c.consumer.autoOffsetReset = value
        }
        if let name = securityProtocol ?? env["KAFKA_SECURITY_PROTOCOL"] {
            guard let value = KafkaSecurity.SecurityProtocol(rawValue: name.lowercased()) else {
                throw ValidationError("--security-protocol must be plaintext, ssl, sasl_plaintext or sasl_ssl, not \(name)")
            }
            c.kafka.security.protocol = value
        }
        c.kafka.security.saslMechanism = saslMechanism ?? env["KAFKA_SASL_MECHANISM"]
        c.kafka.security.saslUsername = saslUsername ?? env["KAFKA_SASL_USERNAME"]
        c.kafka.security.saslPassword = env["KAFKA_SASL_PASSWORD"]
        c.kafka.security.sslCALocation = sslCaLocation ?? env["KAFKA_SSL_CA_LOCATION"]
        if let file = kafkaProperties ?? env["KAFKA_PROPERTIES_FILE"] {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw ValidationError("cannot read the Kafka properties file \(file): \(error.localizedDescription)")
            }
            c.kafka.properties = try KafkaConfiguration.parseProperties(text, source: file)
        }
        for property in kafkaProperty {
            let (key, value) = try KafkaConfiguration.parseProperty(property)
            c.kafka.properties[key] = value
        }
        c.createTopics = createTopics
        c.topicPartitions = topicPartitions
        (c.host, c.port) = try ListenAddress.resolve(host: host, port: port, environment: env, defaultHost: c.host, defaultPort: c.port)
        c.asOf = asOf ?? env["SCORING_AS_OF"].flatMap(Int64.init)
        c.thresholds = try store.makeStore()
        c.thresholdsRefreshInterval = .seconds(try ThresholdsRefreshSetting.seconds(flag: thresholdsRefresh, environment: env))
        c.limits = MessageLimits(maxMessageBytes: maxMessageBytes, maxDepth: maxDepth)
        c.startupTimeout = .seconds(startupTimeout)
        c.maxInFlightBytes = maxInFlightBytes
        c.results = try results.makeStore(creatingIndexes: false)
        return c
    }

}

/// Exit status: 0 after a graceful shutdown, 1 when start-up fails or a fatal error stops the service,
/// 2 for a usage error (as score-wallet).
@main
enum Main {
    static func main() async {
        let command: ScoreStreamCommand
        do {
            command = try ScoreStreamCommand.parse()
        } catch {
            if ScoreStreamCommand.exitCode(for: error) == .success {
                print(ScoreStreamCommand.fullMessage(for: error))
                exit(0)
            }
            // The message already holds the usage line.
            printError(ScoreStreamCommand.fullMessage(for: error))
            exit(2)
        }
        do {
            try await command.run()
        } catch {
            exit(ScoreStreamCommand.exitCode(for: error).rawValue)
        }
    }
}
