import ArgumentParser
import Foundation
import Logging
import ReputationKafka
import WalletCorpus

/// Streams generated wallet messages to a Kafka topic at a steady rate: the sample producer of `make up`,
/// and a load generator for deployments.
struct Produce: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Stream generated wallet messages to a Kafka topic at a steady rate, with a progress line on standard error.",
        discussion: """
            Realistic wallets (heavy-tailed transaction counts, huge amounts, odd strings) from --seed; \
            --poison mixes in messages of the malformed corpus, each of which must become a failure result. \
            --bots mixes in bot-like wallets of `wallet-corpus labelled` (clockwork, round-the-clock, \
            ping-pong, bursts). Exit 0 when every message was delivered, 1 when \
            any delivery failed (each failure is said once, with its error, and counted).
            """)

    @Option(help: "Kafka brokers, host:port,… (KAFKA_BOOTSTRAP_SERVERS; default localhost:9092).")
    var bootstrapServers: String?

    @Option(help: "Topic to write to (KAFKA_INPUT_TOPIC; default wallet-transactions).")
    var topic: String?

    @Option(help: "Messages per second (0: as fast as the brokers take them).")
    var rate: Double = 100

    @Option(help: "How many messages to write (0: until interrupted).")
    var count: Int = 1000

    @Option(help: "Share of bot-like wallets, 0–1 (needs a bot generator in WalletCorpus; default 0).")
    var bots: Double = 0

    @Option(help: "Share of malformed messages, 0–1 (default 0).")
    var poison: Double = 0

    @Option(help: "Seed: the same seed writes the same messages.")
    var seed: UInt64 = 1

    @Option(help: "Create the topic with this many partitions when it is missing.")
    var createTopic: Int?

    @Option(name: .customLong("kafka-property"), help: "A librdkafka property as key=value; repeatable (security settings, say).")
    var kafkaProperty: [String] = []

    func validate() throws {
        guard rate >= 0, rate.isFinite else { throw ValidationError("--rate must be a number of messages per second ≥ 0") }
        guard count >= 0 else { throw ValidationError("--count must be ≥ 0") }
        guard (0...1).contains(poison) else { throw ValidationError("--poison must be a fraction between 0 and 1, not \(poison)") }
        guard (0...1).contains(bots) else { throw ValidationError("--bots must be a fraction between 0 and 1, not \(bots)") }
        guard poison + bots <= 1 else { throw ValidationError("--bots and --poison add up to more than 1") }
        if let createTopic, createTopic < 1 { throw ValidationError("--create-topic needs at least 1 partition") }
        for property in kafkaProperty { _ = try KafkaConfiguration.parseProperty(property) }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        var configuration = KafkaConfiguration(bootstrapServers: bootstrapServers ?? environment["KAFKA_BOOTSTRAP_SERVERS"] ?? "localhost:9092")
        // Generated wallets with thousands of transactions pass Kafka's default 1 MB; brokers may still refuse them (said per message).
        configuration.properties["message.max.bytes"] = "4000000"
        for property in kafkaProperty {
            let (key, value) = try KafkaConfiguration.parseProperty(property)
            configuration.properties[key] = value
        }
        let topic = topic ?? environment["KAFKA_INPUT_TOPIC"] ?? "wallet-transactions"
        var logger = Logger(label: "wallet-corpus")
        logger.logLevel = .error
        let tally = DeliveryTally()
        let producer = try KafkaProducer(configuration: configuration, logger: logger, delivery: tally.record)
        _ = try producer.checkConnection(timeout: .seconds(30))
        if let createTopic { try producer.createTopics([(topic, createTopic)], timeout: .seconds(30)) }
        guard try producer.partitionCounts(timeout: .seconds(30))[topic] != nil else {
            throw ValidationError("topic \(topic) does not exist: create it, or pass --create-topic PARTITIONS")
        }

        var messages = ProducedMessages(seed: seed, poison: poison, bots: bots)
        let progress = ProgressLine(total: count, topic: topic)
        let start = ContinuousClock.now
        var sent = 0
        while count == 0 || sent < count {
            if rate > 0 {
                // Steady pacing: message n is due n/rate seconds after the start; serve reports while waiting.
                let due = start + .seconds(Double(sent) / rate)
                while ContinuousClock.now < due {
                    producer.poll(timeout: min(.milliseconds(50), due - ContinuousClock.now))
                }
            }
            let message = messages.next()
            try send(producer, topic: topic, message, id: UInt64(sent))
            sent += 1
            producer.poll(timeout: .zero)
            progress.update(sent: sent, tally: tally, elapsed: ContinuousClock.now - start)
        }
        while producer.outstanding > 0 { producer.poll(timeout: .milliseconds(100)) }
        progress.finish(sent: sent, tally: tally, elapsed: ContinuousClock.now - start)
        if tally.failed > 0 { throw ExitCode.failure }
    }

    /// Queues one message, waiting while librdkafka's queue is full.
    private func send(_ producer: KafkaProducer, topic: String, _ message: ProducedMessages.Message, id: UInt64) throws {
        while true {
            do {
                try message.key.withUnsafeBytes { key in
                    try message.value.withUnsafeBytes { value in try producer.send(topic: topic, key: key, value: value, id: id) }
                }
                return
            } catch let error as KafkaError where error.code == .queueFull {
                producer.poll(timeout: .milliseconds(100))
            }
        }
    }
}

/// The messages `produce` writes, in order: realistic wallets, with malformed ones mixed in at the poison
/// share (each keyed by its case name).
struct ProducedMessages {
    struct Message {
        var key: [UInt8]
        var value: [UInt8]
    }

    private var wallets: RealisticWallets
    private var random: SeededGenerator
    private let poison: Double
    private let bots: Double
    private var labelled: LabelledWallets
    private let cases = MalformedCorpus.cases
    private var poisonIndex = 0

    init(seed: UInt64, poison: Double, bots: Double) {
        wallets = RealisticWallets(count: Int.max, seed: seed)
        labelled = LabelledWallets(count: Int.max, seed: seed)
        random = SeededGenerator(seed: seed ^ 0x5EED)
        self.poison = poison
        self.bots = bots
    }

    mutating func next() -> Message {
        if poison > 0, Double.random(in: 0..<1, using: &random) < poison {
            let corpusCase = cases[poisonIndex % cases.count]
            poisonIndex += 1
            return Message(key: Array("poison:\(corpusCase.name)".utf8), value: corpusCase.bytes)
        }
        if bots > 0, Double.random(in: 0..<1, using: &random) < bots / (1 - poison) {
            // Of the labelled generator's wallets, the bot-like ones (about a quarter).
            while let candidate = labelled.next() {
                if candidate.kind.isBot { return Message(key: Array(candidate.address.utf8), value: Array(candidate.json.utf8)) }
            }
        }
        let wallet = wallets.next()!
        // The key is the wallet address: the 42 characters after `{"wallet_address":"`.
        let address = wallet.dropFirst(19).prefix(42)
        return Message(key: Array(address.utf8), value: Array(wallet.utf8))
    }
}

/// Delivery outcomes, counted on the polling thread; the first error of each kind is said once.
final class DeliveryTally: @unchecked Sendable {
    private(set) var delivered = 0
    private(set) var failed = 0
    private var said = Set<String>()

    func record(_ report: DeliveryReport) {
        guard let error = report.error else {
            delivered += 1
            return
        }
        failed += 1
        if said.insert(error.name).inserted {
            FileHandle.standardError.write(Data("\nwallet-corpus: message \(report.id) not delivered: \(error) (further \(error.name) failures are counted, not repeated)\n".utf8))
        }
    }
}

/// The progress line on standard error: redrawn in place every 0.5 s on a terminal; elsewhere (a log file)
/// one line every 10 s.
final class ProgressLine {
    private let total: Int
    private let topic: String
    private var drawn = ContinuousClock.now - .seconds(10)
    private let terminal = isatty(STDERR_FILENO) == 1

    init(total: Int, topic: String) {
        self.total = total
        self.topic = topic
    }

    func update(sent: Int, tally: DeliveryTally, elapsed: Duration) {
        guard ContinuousClock.now - drawn >= (terminal ? .milliseconds(500) : .seconds(10)) else { return }
        drawn = ContinuousClock.now
        draw(sent: sent, tally: tally, elapsed: elapsed, end: terminal ? "" : "\n")
    }

    func finish(sent: Int, tally: DeliveryTally, elapsed: Duration) {
        draw(sent: sent, tally: tally, elapsed: elapsed, end: "\n")
    }

    private func draw(sent: Int, tally: DeliveryTally, elapsed: Duration, end: String) {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let of = total == 0 ? "" : "/\(total)"
        let line = String(format: "produced %d%@ to %@ in %.1f s (%.1f/s), delivered %d, failed %d",
                          sent, of, topic, seconds, seconds > 0 ? Double(sent) / seconds : 0, tally.delivered, tally.failed)
        FileHandle.standardError.write(Data(((terminal ? "\r\u{1B}[K" : "") + line + end).utf8))
    }
}
