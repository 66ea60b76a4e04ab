import CoreMetrics
import Foundation
import Logging
import ReputationCore
import ReputationKafka
import ScoringAPI
import Synchronization

/// The Kafka pipeline, on a thread of its own (librdkafka's polls and flushes block): reads wallet
/// messages, writes one result per message, and stores an input offset only once every result up to it
/// has been delivered (and, with a results store, written there by the ``ResultsWriter``'s thread).
///
/// Everything below runs on that thread, delivery reports and rebalances included (they are served by the
/// polls it makes), so the pipeline's state needs no lock. Other threads only ask it to stop. Every way
/// the loop ends (a stop request, a fatal error, a failed subscription) goes through the same shutdown on
/// that thread (drain, commit, leave the group), and the Kafka clients are destroyed there too.
final class StreamProcessor: @unchecked Sendable {
    /// A result sent and not yet acknowledged by the broker.
    private struct InFlight {
        var source: TopicPartition
        var offset: Int64
        var result: HandledMessage
        var consumedAt: UInt64
    }

    private let configuration: ScoreStreamConfiguration
    private let live: LiveThresholds
    private let stats: ServiceStats
    private let metrics: ServiceMetrics
    private let logger: Logger
    private var handler: MessageHandler
    private(set) var consumer: KafkaConsumer!
    private(set) var producer: KafkaProducer!

    private var watermarks = OffsetWatermarks()
    /// What each result in flight still owes: delivery, and storage when results are stored.
    private var steps = PendingSteps()
    private let writer: ResultsWriter?
    private var inFlight: [UInt64: InFlight] = [:]
    /// Bytes of the results in ``inFlight`` (value and key).
    private var inFlightBytes = 0
    private var nextID: UInt64 = 1
    private var retries: [(id: UInt64, due: ContinuousClock.Instant)] = []
    private var toStore: [TopicPartition: Int64] = [:]
    private var positions: [TopicPartition: Int64] = [:]
    private var lagGauges: [TopicPartition: CoreMetrics.Gauge] = [:]
    /// Why the loop must end: a fatal client error, a result refused for good, a failed subscription.
    private var fatal: KafkaError?
    /// librdkafka said every broker is down; cleared by the next successful metadata request.
    private var brokersDown = false

    /// When the subscription started, until the first assignment: the join delay that is logged.
    private var joinStarted: ContinuousClock.Instant?
    private let stopRequested = Atomic<Bool>(false)
    /// `pthread_self()` of the pipeline thread once it runs (0 before): says in the log which thread
    /// destroyed the clients, whatever name the platform reports for it.
    private let pipelineThread = Atomic<UInt>(0)
    /// Client errors repeat while brokers are unreachable (also during start-up, on its own thread).
    private let clientErrorRepeats = Mutex(RepeatCollapser())
    private let finish = Mutex<(result: Result<Void, any Error>?, waiter: CheckedContinuation<Void, any Error>?)>((nil, nil))

    /// Creates the clients (they connect in the background); nothing is read before ``start()``. The
    /// callbacks hold the processor weakly: a client destroyed after a failed start-up may still call them.
    init(configuration: ScoreStreamConfiguration, live: LiveThresholds, stats: ServiceStats, metrics: ServiceMetrics, logger: Logger) throws {
        self.configuration = configuration
        self.live = live
        self.stats = stats
        self.metrics = metrics
        self.logger = logger
        handler = MessageHandler(configuration: configuration, thresholds: live.configuration, thresholdsVersion: live.version)
        writer = configuration.results.map {
            ResultsWriter(store: $0, batchSize: configuration.resultsBatchSize, retryBackoff: configuration.resultsRetryBackoff,
                          stats: stats, metrics: metrics.resultsStore, logger: logger)
        }
        consumer = try KafkaConsumer(configuration: configuration.kafka, consumer: configuration.consumer, logger: logger,
                                     rebalance: { [weak self] in self?.rebalanced($0) }, errors: { [weak self] in self?.clientError($0) })
        producer = try KafkaProducer(configuration: configuration.kafka, producer: configuration.producer, logger: logger,
                                     delivery: { [weak self] in self?.delivered($0) }, errors: { [weak self] in self?.clientError($0) })
    }

    // MARK: - Control (any thread)

    /// The pipeline thread's name (at most 15 characters: Linux's limit).
    static let threadName = "score-pipeline"

    /// Starts reading on a new thread.
    func start() {
        writer?.start()
        let thread = Thread { [self] in
            Thread.current.name = Self.threadName
            pipelineThread.store(UInt(pthread_self()), ordering: .releasing)
            let result = Result { try run() }
            writer?.stop()
            releaseClients()
            let waiter = finish.withLock { state in
                state.result = result
                return state.waiter
            }
            waiter?.resume(with: result)
        }
        thread.start()
    }

    /// Destroys the Kafka clients (`rd_kafka_destroy` blocks) on the calling thread: the pipeline thread
    /// once it has stopped, or the start-up's own thread when the service never started.
    func releaseClients() {
        guard consumer != nil || producer != nil else { return }
        consumer = nil
        producer = nil
        let onPipeline = pipelineThread.load(ordering: .acquiring) == UInt(pthread_self())
        logger.debug("Kafka clients destroyed", metadata: ["thread": "\(onPipeline ? Self.threadName : Thread.current.name ?? "unnamed")"])
    }

    /// Asks the pipeline to finish what is in flight, commit and leave the group.
    func requestStop() { stopRequested.store(true, ordering: .releasing) }

    /// Returns when the pipeline thread has ended; throws its fatal error, if any.
    func finished() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let result: Result<Void, any Error>? = finish.withLock { state in
                if state.result == nil { state.waiter = continuation }
                return state.result
            }
            if let result { continuation.resume(with: result) }
        }
    }

    // MARK: - The loop (pipeline thread)

    private func run() throws {
        do throws(KafkaError) {
            joinStarted = .now
            logger.info("joining consumer group \(configuration.consumer.groupID)…", metadata: [
                "topic": "\(configuration.inputTopic)", "session.timeout.ms": "\(sessionTimeoutMilliseconds)"])
            try consumer.subscribe([configuration.inputTopic])
            try consume()
        } catch {
            fatal = fatal ?? error
        }
        return try shutDown()
    }

    /// The loop: reads while the results in flight stay under ``ScoreStreamConfiguration/maxInFlightBytes``,
    /// until a stop is requested or a fatal error happens.
    private func consume() throws(KafkaError) {
        var housekeeping = ContinuousClock.now
        while !stopRequested.load(ordering: .acquiring), fatal == nil {
            let now = ContinuousClock.now
            if now - housekeeping > .seconds(1) {
                housekeeping = now
                reportPartitions()
                if brokersDown { checkBrokersBack() }
            }
            sendDueRetries(now)
            if inFlightBytes >= configuration.maxInFlightBytes {
                producer.poll(timeout: .milliseconds(10))
            } else {
                let read = try pollConsumer(timeout: inFlight.isEmpty ? .milliseconds(100) : .zero)
                if read {
                    producer.poll(timeout: .zero)
                } else if !inFlight.isEmpty {
                    producer.poll(timeout: .milliseconds(5))
                }
            }
            collectStored()
            storeWatermarks()
            stats.setInFlight(results: inFlight.count, bytes: inFlightBytes)
            if let error = producer.fatalError ?? consumer.fatalError { throw error }
        }
    }

    /// `session.timeout.ms` in force: a raw property wins over the typed field.
    private var sessionTimeoutMilliseconds: String {
        configuration.kafka.properties["session.timeout.ms"] ?? String(Int(configuration.consumer.sessionTimeout.seconds * 1000))
    }

    /// Reads and handles at most one message. Returns false when none came within `timeout`.
    /// - Throws: a fatal consumer error; other consumer errors are logged and reading goes on.
    private func pollConsumer(timeout: Duration) throws(KafkaError) -> Bool {
        defer { stats.polled() }
        do {
            return try consumer.poll(timeout: timeout) { message in handle(message) }
        } catch let error as KafkaError {
            if error.isFatal { throw error }
            logger.warning("consumer error", metadata: ["error": "\(error)"])
            return true
        } catch {
            // `handle` throws nothing: the consumer throws only KafkaError.
            preconditionFailure("unexpected consumer error \(error)")
        }
    }

    private func handle(_ message: ConsumedMessage) {
        let consumedAt = DispatchTime.now().uptimeNanoseconds
        let version = live.version
        if version != handler.thresholdsVersion {
            handler.use(live.configuration, version: version)
            logger.info("scoring with new thresholds", metadata: ["parameters_id": "\(handler.parametersID)"])
        }
        let result = handler.handle(message)
        let id = nextID
        nextID += 1
        watermarks.begin(message.topicPartition, offset: message.offset)
        positions[message.topicPartition] = message.offset + 1
        inFlight[id] = InFlight(source: message.topicPartition, offset: message.offset, result: result, consumedAt: consumedAt)
        inFlightBytes += result.byteCount
        steps.begin(id, owing: writer == nil ? .delivered : [.delivered, .stored])
        if let writer {
            let key = ResultKey.stream(topic: message.topicPartition.topic, partition: message.topicPartition.partition, offset: message.offset)
            writer.enqueue(ResultsWriter.Pending(id: id, key: key, source: "kafka:" + key, line: result.value))
        }
        send(id)
    }

    /// Sends (or sends again) the result with this id; waits while librdkafka's queue is full.
    private func send(_ id: UInt64) {
        guard let item = inFlight[id] else { return }
        let topic = item.result.destination == .success ? configuration.successTopic : configuration.failureTopic
        var headers = [
            KafkaHeader(name: "source_topic", value: item.source.topic),
            KafkaHeader(name: "source_partition", value: String(item.source.partition)),
            KafkaHeader(name: "source_offset", value: String(item.offset)),
        ]
        if let code = item.result.errorCode { headers.append(KafkaHeader(name: "error_code", value: code.rawValue)) }
        if let decision = item.result.decision { headers.append(KafkaHeader(name: "decision", value: decision.rawValue)) }
        while true {
            let refused: KafkaError? = item.result.value.withUnsafeBytes { value in
                func send(key: UnsafeRawBufferPointer?) -> KafkaError? {
                    do {
                        try producer.send(topic: topic, key: key, value: value, headers: headers, id: id)
                        return nil
                    } catch {
                        return error
                    }
                }
                guard let key = item.result.key else { return send(key: nil) }
                return key.withUnsafeBytes { send(key: $0) }
            }
            guard let refused else { return }
            guard refused.code == .queueFull else {
                // A message librdkafka refuses outright: retried like a failed delivery, never dropped.
                deliveryFailed(id, refused)
                return
            }
            producer.poll(timeout: .milliseconds(100))
        }
    }

    // MARK: - Delivery reports (pipeline thread, inside producer polls)

    private func delivered(_ report: DeliveryReport) {
        if let error = report.error {
            deliveryFailed(report.id, error)
            return
        }
        guard let item = inFlight[report.id] else { return }
        let latency = DispatchTime.now().uptimeNanoseconds - item.consumedAt
        let success = item.result.destination == .success
        stats.recordDelivered(success: success, errorCode: item.result.errorCode?.rawValue, decision: item.result.decision,
                              scoringNanoseconds: item.result.scoringNanoseconds, latencyNanoseconds: latency)
        stats.dashboard.record(item.result.digest)
        if success { metrics.successes.increment() } else {
            metrics.failures.increment()
            if let code = item.result.errorCode { metrics.failuresByCode[code]?.increment() }
        }
        if let decision = item.result.decision { metrics.decisions[decision]?.increment() }
        metrics.scoring.recordNanoseconds(Int64(item.result.scoringNanoseconds))
        metrics.latency.recordNanoseconds(Int64(latency))
        if steps.finish(report.id, .delivered) { complete(report.id) }
    }

    /// Notes the results the writer has stored.
    private func collectStored() {
        guard let writer else { return }
        for id in writer.takeWritten() where steps.finish(id, .stored) { complete(id) }
    }

    /// A result owes nothing more: its input offset may be committed once those before it may.
    private func complete(_ id: UInt64) {
        guard let item = removeInFlight(id) else { return }
        if let mark = watermarks.acknowledge(item.source, offset: item.offset) { toStore[item.source] = mark }
    }

    /// A result was not delivered: its input offset stays unstored. Retriable errors send it again after a
    /// pause; any other error stops the service (exit non-zero) so that a restart reads the message again.
    private func deliveryFailed(_ id: UInt64, _ error: KafkaError) {
        guard let item = inFlight[id] else { return }
        metrics.deliveryFailures.increment()
        stats.block(.deliveryFailing, "\(error)")
        if error.isRetriable && !error.isFatal {
            logger.warning("result delivery failed; sending it again", metadata: [
                "error": "\(error)", "source": "\(item.source)", "offset": "\(item.offset)"])
            stats.recordDeliveryRetry()
            retries.append((id, ContinuousClock.now + configuration.deliveryRetryBackoff))
        } else {
            logger.error("result delivery failed for good; stopping", metadata: [
                "error": "\(error)", "source": "\(item.source)", "offset": "\(item.offset)"])
            fatal = error
            // Not acknowledged: its partition's offset stays before it. The drain need not wait for it.
            _ = removeInFlight(id)
        }
    }

    /// Forgets a result in flight (delivered, or abandoned with its revoked partition).
    private func removeInFlight(_ id: UInt64) -> InFlight? {
        guard let item = inFlight.removeValue(forKey: id) else { return nil }
        steps.forget(id)
        inFlightBytes -= item.result.byteCount
        return item
    }

    private func sendDueRetries(_ now: ContinuousClock.Instant) {
        guard let first = retries.first, first.due <= now else { return }
        let due = retries.prefix { $0.due <= now }
        retries.removeFirst(due.count)
        for retry in due { send(retry.id) }
    }

    private func storeWatermarks() {
        guard !toStore.isEmpty else { return }
        let offsets = toStore.map { TopicPartitionOffset($0.key, offset: $0.value) }
        toStore.removeAll(keepingCapacity: true)
        do {
            try consumer.storeOffsets(offsets)
        } catch {
            logger.debug("offsets not stored (partition no longer assigned)", metadata: ["error": "\(error)"])
        }
    }

    private func clientError(_ error: KafkaError) {
        if error.code == .allBrokersDown {
            brokersDown = true
            stats.block(.brokersDown)
        }
        if error.isFatal { fatal = error }
        let decision = clientErrorRepeats.withLock { $0.decide(error.name + " " + RepeatCollapser.key(error.message)) }
        guard case .log(let held) = decision else { return }
        var metadata: Logger.Metadata = ["error": "\(error)"]
        if held > 0 { metadata["repeats_not_shown"] = "\(held)" }
        logger.warning("Kafka client error", metadata: metadata)
    }

    /// Asks the brokers for metadata (briefly: nothing flows while they are down); health recovers even
    /// when no message arrives to show it.
    private func checkBrokersBack() {
        guard (try? producer.checkConnection(timeout: .milliseconds(200))) != nil else { return }
        brokersDown = false
        stats.unblock(.brokersDown)
        logger.info("the Kafka brokers answer again")
    }

    // MARK: - Rebalance, shutdown

    private func rebalanced(_ event: RebalanceEvent) {
        switch event {
        case .assigned(let partitions):
            let owned = (try? consumer.assignment()) ?? partitions
            let group = configuration.consumer.groupID
            let waited = joinStarted.map { " after " + String(format: "%.1f s", (ContinuousClock.now - $0).seconds) } ?? ""
            joinStarted = nil
            if owned.isEmpty {
                logger.info("joined consumer group \(group)\(waited) without partitions: standby (the group has more members than \(configuration.inputTopic) has partitions)")
            } else {
                logger.info("partitions assigned in consumer group \(group)\(waited)", metadata: ["partitions": "\(partitions)", "owned": "\(owned.count)"])
            }
            stats.assigned(owned)
        case .revoked(let partitions):
            logger.info("partitions revoked; finishing their results", metadata: ["partitions": "\(partitions)"])
            drainAndCommit()
            let revoked = Set(partitions)
            let abandoned = inFlight.filter { revoked.contains($0.value.source) }
            if !abandoned.isEmpty {
                logger.warning("results still undelivered for revoked partitions; their new owner reads them again",
                               metadata: ["count": "\(abandoned.count)"])
                for id in abandoned.keys { _ = removeInFlight(id) }
                retries.removeAll { abandoned[$0.id] != nil }
                if retries.isEmpty { stats.unblock(.deliveryFailing) }
            }
            watermarks.remove(partitions)
            for partition in partitions { positions[partition] = nil }
            stats.revoked(remaining: ((try? consumer.assignment()) ?? []).filter { !revoked.contains($0) })
        }
    }

    /// Waits up to the drain timeout for every result in flight, then stores and commits the watermarks.
    /// After a fatal error of the consumer, or a result refused for good, the producer may still deliver
    /// the others: only a fatal producer stops the drain.
    private func drainAndCommit() {
        let deadline = ContinuousClock.now + configuration.drainTimeout
        while !inFlight.isEmpty, producer.fatalError == nil, ContinuousClock.now < deadline {
            sendDueRetries(ContinuousClock.now)
            producer.poll(timeout: .milliseconds(10))
            collectStored()
        }
        storeWatermarks()
        do {
            try consumer.commit()
        } catch {
            logger.warning("commit failed", metadata: ["error": "\(error)"])
        }
    }

    private func shutDown() throws {
        stats.block(.stopping)
        logger.info("stopping: finishing results in flight", metadata: ["in_flight": "\(inFlight.count)"])
        drainAndCommit()
        do {
            try consumer.close()
        } catch {
            logger.warning("leaving the group failed", metadata: ["error": "\(error)"])
        }
        if let fatal {
            throw ScoreStreamError.fatalKafkaError(fatal)
        }
        logger.info("stopped")
    }

    /// Publishes positions and lag (from the high watermarks librdkafka already knows) to stats and metrics.
    private func reportPartitions() {
        var update: [TopicPartition: ServiceStats.PartitionState] = [:]
        for (partition, position) in positions {
            let high = consumer.cachedHighWatermark(partition)
            let lag = high.map { max(0, $0 - position) }
            update[partition] = ServiceStats.PartitionState(position: position, lag: lag, committed: watermarks.watermark(partition))
            if let lag {
                let gauge = lagGauges[partition] ?? metrics.lag(partition)
                lagGauges[partition] = gauge
                gauge.record(lag)
            }
        }
        stats.updatePartitions(update)
    }
}
