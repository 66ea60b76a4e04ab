import Foundation
import Hummingbird
import Logging
import NIOCore
import ReputationCore
import ReputationKafka
import ScoringAPI
import ServiceLifecycle
import Synchronization
import UnixSignals

/// A built `score-stream`: its services (HTTP, threshold refresh, Kafka pipeline), ready to run.
///
/// Made by ``buildScoreStream(_:logger:)``, which both the executable and the tests call.
public struct ScoreStream: Sendable {
    /// In start order; a graceful shutdown stops them in reverse: the pipeline first (it drains and
    /// commits while HTTP still answers), HTTP last.
    public let services: [any Service]
    let processor: StreamProcessor
    let stats: ServiceStats
    private let boundPort: BoundPort
    private let logger: Logger

    init(services: [any Service], processor: StreamProcessor, stats: ServiceStats, boundPort: BoundPort, logger: Logger) {
        self.services = services
        self.processor = processor
        self.stats = stats
        self.boundPort = boundPort
        self.logger = logger
    }

    /// The HTTP port once the server listens (useful with port 0), else nil.
    public var httpPort: Int? { boundPort.value }

    /// A service group running everything; SIGTERM and SIGINT (when given) shut it down gracefully. A
    /// fatal error of the pipeline shuts the others down gracefully too (HTTP closes without errors of its
    /// own), then the group throws it.
    public func serviceGroup(signals: [UnixSignal] = [.sigterm, .sigint]) -> ServiceGroup {
        let configurations = services.map { service in
            ServiceGroupConfiguration.ServiceConfiguration(
                service: service, failureTerminationBehavior: service is PipelineService ? .gracefullyShutdownGroup : .cancelGroup)
        }
        var configuration = ServiceGroupConfiguration(services: configurations, logger: logger)
        configuration.gracefulShutdownSignals = signals
        return ServiceGroup(configuration: configuration)
    }

    /// Runs until SIGTERM/SIGINT (then finishes what is in flight, commits and returns) or a fatal error.
    public func run() async throws {
        try await serviceGroup().run()
    }
}

/// Why `score-stream` cannot start or had to stop.
public enum ScoreStreamError: Error, CustomStringConvertible {
    case thresholds(store: String, error: any Error)
    case brokersUnreachable(bootstrap: String, timeout: Duration, error: KafkaError)
    case missingTopics([String])
    case fatalKafkaError(KafkaError)
    case cannotListen(host: String, port: Int, reason: String)

    public var description: String {
        switch self {
        case .thresholds(let store, let error):
            return "cannot use \(store): \(error)"
        case .brokersUnreachable(let bootstrap, let timeout, let error):
            var text = "cannot reach the Kafka brokers at \(bootstrap) within \(timeout): \(error)"
            if !Librdkafka.readsTaggedFields { text += ". " + olderLibrdkafkaWarning }
            return text
        case .missingTopics(let topics):
            return "topic\(topics.count == 1 ? "" : "s") \(topics.joined(separator: ", ")) do\(topics.count == 1 ? "es" : "") not exist: "
                + "create \(topics.count == 1 ? "it" : "them"), or start with --create-topics"
        case .fatalKafkaError(let error):
            return "fatal Kafka error: \(error)"
        case .cannotListen(let host, let port, let reason):
            return "cannot listen on \(host):\(port): \(reason)"
        }
    }
}

/// What is said of a librdkafka older than 2.2.0, with the exact fix.
let olderLibrdkafkaWarning = "librdkafka \(Librdkafka.version) is older than \(Librdkafka.taggedFieldsFixedVersionString): "
    + "brokers that send KIP-482 tagged fields (Tansu, among others) fail its handshake; " + newerLibrdkafkaFix

/// How to load a newer librdkafka: the project's `.tools/lib` (librdkafka 2.16, made by `make tools`) when
/// this binary was built in a checkout that has it, else any librdkafka 2.2.0 or later.
let newerLibrdkafkaFix: String = {
    let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let tools = checkout.appendingPathComponent(".tools/lib")
    if FileManager.default.fileExists(atPath: tools.appendingPathComponent("librdkafka.so.1").path) {
        return "run it with LD_LIBRARY_PATH=\(tools.path), or rebuild with `make release` in \(checkout.path) "
            + "(its binaries find \(tools.path)/librdkafka.so.1 by themselves)"
    }
    return "install librdkafka \(Librdkafka.taggedFieldsFixedVersionString) or later and run it with "
        + "LD_LIBRARY_PATH=<the directory of its librdkafka.so.1> (in a checkout of this project, `make tools` puts 2.16 in .tools/lib)"
}()

/// Builds the service: loads the thresholds (failing rather than scoring with other parameters), checks
/// that the brokers answer and the topics exist, and sets up the pipeline, refresher and HTTP server.
/// Nothing is consumed until the returned services run.
public func buildScoreStream(_ configuration: ScoreStreamConfiguration, logger: Logger) async throws -> ScoreStream {
    logger.info("score-stream starting", metadata: [
        "version": "\(HTTPEndpoints.serviceVersion)", "model": "\(DexV1Model.version)", "librdkafka": "\(Librdkafka.version)",
        "kafka": "\(configuration.kafka.redactedProperties.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))",
    ])
    if !Librdkafka.readsTaggedFields { logger.warning("\(olderLibrdkafkaWarning)") }

    let store = configuration.thresholds
    let thresholds: ThresholdConfiguration
    do {
        thresholds = try await store.load()
    } catch {
        throw ScoreStreamError.thresholds(store: store.name, error: error)
    }
    logger.info("thresholds loaded", metadata: ["store": "\(store.name)", "parameters_id": "\(thresholds.parametersID)"])

    let live = LiveThresholds(thresholds)
    let stats = ServiceStats(parametersID: thresholds.parametersID, stallLimit: configuration.pollStallLimit,
                             storesResults: configuration.results != nil)
    if let results = configuration.results { logger.info("storing results", metadata: ["store": "\(results.name)"]) }
    let metrics = ServiceMetrics()
    let processor = try StreamProcessor(configuration: configuration, live: live, stats: stats, metrics: metrics, logger: logger)
    do {
        try await checkBrokers(processor, configuration)
    } catch {
        // rd_kafka_destroy blocks: never on a concurrency thread.
        try? await onOwnThread { processor.releaseClients() }
        throw error
    }

    let boundPort = BoundPort()
    var apiConfiguration = ScoringAPIConfiguration()
    apiConfiguration.limits = configuration.limits
    let api = ScoringRoutes(configuration: apiConfiguration, resultsStore: configuration.results, metrics: APIMetrics(registry: metrics.registry),
                            logger: logger, thresholds: live)
    let application = Application(
        router: HTTPEndpoints.router(api: api, stats: stats, metrics: metrics, group: configuration.consumer.groupID,
                                     thresholds: .init(store: store.name, refreshInterval: store is EmbeddedThresholds ? nil : configuration.thresholdsRefreshInterval),
                                     results: configuration.results),
        configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: "score-stream"),
        onServerRunning: { channel in boundPort.set(channel.localAddress?.port) },
        logger: logger)
    var services: [any Service] = [HTTPService(application: application, host: configuration.host, port: configuration.port)]
    if !(store is EmbeddedThresholds) {
        let reports = ThresholdRefresher.Reports(
            refreshed: { configuration in
                metrics.thresholdRefreshes.increment()
                stats.thresholdsRefreshed(parametersID: configuration.parametersID)
            },
            failed: { problem in
                metrics.thresholdRefreshFailures.increment()
                stats.thresholdsRefreshFailed(problem)
            })
        services.append(ThresholdRefresher(store: store, interval: configuration.thresholdsRefreshInterval, live: live,
                                           reports: reports, logger: logger))
    }
    services.append(PipelineService(processor: processor, http: boundPort))
    return ScoreStream(services: services, processor: processor, stats: stats, boundPort: boundPort, logger: logger)
}

/// Start-up checks that talk to the brokers, on a thread of their own (they block).
private func checkBrokers(_ processor: StreamProcessor, _ configuration: ScoreStreamConfiguration) async throws {
    let topics = [configuration.inputTopic, configuration.successTopic, configuration.failureTopic]
    try await onOwnThread {
        do {
            _ = try processor.producer.checkConnection(timeout: configuration.startupTimeout)
        } catch let error as KafkaError {
            throw ScoreStreamError.brokersUnreachable(bootstrap: configuration.kafka.bootstrapServers,
                                                      timeout: configuration.startupTimeout, error: error)
        }
        if configuration.createTopics {
            try processor.producer.createTopics(topics.map { ($0, configuration.topicPartitions) }, timeout: configuration.startupTimeout)
        }
        let existing = try processor.producer.partitionCounts(timeout: configuration.startupTimeout)
        let missing = topics.filter { existing[$0] == nil }
        if !missing.isEmpty { throw ScoreStreamError.missingTopics(missing) }
    }
}

/// The HTTP server as a lifecycle service; a port it cannot listen on (in use, not allowed) is one clear
/// error.
struct HTTPService: Service {
    let application: any Service
    let host: String
    let port: Int

    func run() async throws {
        do {
            try await application.run()
        } catch let error as IOError {
            let reason = error.errnoCode == EADDRINUSE ? "address already in use" : String(cString: strerror(error.errnoCode)).lowercased()
            throw ScoreStreamError.cannotListen(host: host, port: port, reason: reason)
        }
    }
}

/// The Kafka pipeline as a lifecycle service. It joins the consumer group only once the HTTP server
/// listens (a port in use fails start-up before any rebalance); a graceful shutdown (or cancellation) asks
/// it to stop; it returns once results in flight are delivered and offsets committed, and throws a fatal
/// Kafka error.
struct PipelineService: Service {
    let processor: StreamProcessor
    let http: BoundPort

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await http.waitUntilListening() }
        } catch {
            // Stopped (or the HTTP server failed) before the pipeline started.
            try? await onOwnThread { processor.releaseClients() }
            return
        }
        processor.start()
        try await withTaskCancellationHandler {
            try await withGracefulShutdownHandler {
                try await processor.finished()
            } onGracefulShutdown: {
                processor.requestStop()
            }
        } onCancel: {
            processor.requestStop()
        }
    }
}

/// The port the HTTP server bound, set once it listens; the pipeline waits for it.
final class BoundPort: Sendable {
    private struct State {
        var listening = false
        var port: Int?
        var waiters: [Int: CheckedContinuation<Void, any Error>] = [:]
        var nextWaiter = 0
    }

    private let state = Mutex(State())

    var value: Int? { state.withLock { $0.port } }

    /// The server listens (on `port`, nil for a non-IP address): wakes every waiter.
    func set(_ port: Int?) {
        let waiters = state.withLock { state in
            state.listening = true
            state.port = port
            defer { state.waiters = [:] }
            return state.waiters
        }
        for waiter in waiters.values { waiter.resume() }
    }

    /// Returns once the server listens.
    /// - Throws: `CancellationError` when the task is cancelled first.
    func waitUntilListening() async throws {
        let id = state.withLock { state in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome: Result<Void, any Error>? = state.withLock { state in
                    if state.listening { return .success(()) }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.waiters[id] = continuation
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume(throwing: CancellationError())
        }
    }
}
