import ReputationCore
import ReputationKafka

/// Everything `score-stream` needs, with the defaults of the Python service it replaces.
public struct ScoreStreamConfiguration: Sendable {
    /// Brokers, security and raw librdkafka properties (`KAFKA_BOOTSTRAP_SERVERS`, …).
    public var kafka = KafkaConfiguration()
    /// `KAFKA_INPUT_TOPIC`: wallet messages. Default `wallet-transactions`.
    public var inputTopic = "wallet-transactions"
    /// `KAFKA_SUCCESS_TOPIC`: success results. Default `wallet-scores-success`.
    public var successTopic = "wallet-scores-success"
    /// `KAFKA_FAILURE_TOPIC`: failure results, the dead-letter topic. Default `wallet-scores-failure`.
    public var failureTopic = "wallet-scores-failure"
    /// `KAFKA_CONSUMER_GROUP` and the consumer's timing. Default group `ai-scoring-service`, reading a new
    /// group from the earliest offset.
    public var consumer = KafkaConsumerConfiguration(groupID: "ai-scoring-service")
    /// Producer timing; the producer is always idempotent.
    public var producer = KafkaProducerConfiguration()
    /// Create the three topics at start when they are missing (with ``topicPartitions`` partitions).
    public var createTopics = false
    /// Partitions of topics made by ``createTopics``. Default 3.
    public var topicPartitions = 3
    /// `HOST`/`PORT` of the HTTP endpoints. Default 127.0.0.1:8000; port 0 picks a free port.
    public var host = "127.0.0.1"
    public var port = 8000
    /// `SCORING_AS_OF`: a fixed scoring time for reproducible replays; nil scores as of the scoring time.
    public var asOf: Int64?
    /// Where the parameters come from. Default: the embedded defaults. Any other store is read again
    /// every ``thresholdsRefreshInterval``.
    public var thresholds: any ThresholdStore = EmbeddedThresholds()
    /// `THRESHOLDS_REFRESH_SECONDS`: how often a file or MongoDB store is read again. Default 60 s.
    public var thresholdsRefreshInterval: Duration = .seconds(60)
    /// Limits of one input message; larger or deeper ones become `too_large` failures.
    public var limits = MessageLimits()
    /// The largest result message; a result over it (a huge wallet address, say) becomes a `too_large`
    /// failure instead. Default 900,000 bytes, under Kafka's default `message.max.bytes` of 1 MB.
    public var maxResultBytes = 900_000
    /// At most this many bytes of results (value and key) wait for their delivery report; past it, reading
    /// pauses until deliveries bring it back under. librdkafka holds a copy of each result until it is
    /// delivered, so results in flight take up to twice this in memory. At least one result is always
    /// in flight, however large. Default 256 MiB.
    public var maxInFlightBytes = 256 * 1024 * 1024
    /// How long start-up waits for the brokers before failing. Default 30 s.
    public var startupTimeout: Duration = .seconds(30)
    /// How long a shutdown or a revocation waits for results in flight. Default 5 s.
    public var drainTimeout: Duration = .seconds(5)
    /// How long the consumer may go without polling Kafka before health reports the service stalled (503).
    /// Default 30 s.
    public var pollStallLimit: Duration = .seconds(30)
    /// How long to wait before sending a result again whose delivery failed. Default 1 s.
    public var deliveryRetryBackoff: Duration = .seconds(1)
    /// What the pipeline does with each message: score it (the service), or pass it through unchanged
    /// (the baseline of `make bench`).
    public var mode: Mode = .score
    /// `--store-results` / `RESULTS_STORE=mongo`: every result is also written here, under
    /// `topic:partition:offset`, and an input offset is committed only once its result is both delivered
    /// and stored. Nil (the default): results go to Kafka only.
    public var results: (any ResultsStore)?
    /// Most results in one bulk write to the results store. Default 500.
    public var resultsBatchSize = 500
    /// How long to wait before trying a failed results-store write again. Default 1 s.
    public var resultsRetryBackoff: Duration = .seconds(1)

    public enum Mode: Sendable { case score, passThrough }

    public init() {}
}
