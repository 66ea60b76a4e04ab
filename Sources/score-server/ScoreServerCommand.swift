import ArgumentParser
import Foundation
import Hummingbird
import Logging
import ReputationCommandLine
import ReputationCore
import ScoringAPI
import ServiceLifecycle
import UnixSignals

/// `score-server`: the synchronous scoring API over HTTP, no Kafka. Every option also reads the
/// environment variable named in its help; a flag wins over its variable.
struct ScoreServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score-server",
        abstract: "Serve the wallet scoring API over HTTP (docs/openapi.json).",
        discussion: """
            POST /api/v1/score (one wallet), POST /api/v1/score/batch (JSON array or JSON lines in, JSON lines \
            out, streamed), GET /api/v1/wallets/{address}, …/history and /api/v1/scores/top (with a results \
            store), GET /openapi.json, /api/v1/health, /api/v1/ready, /api/v1/stats, /metrics, and the live \
            dashboard at GET /dashboard (its JSON under /api/v1/dashboard). SIGTERM or SIGINT answers \
            503 for --shutdown-grace seconds, finishes the requests in flight and exits 0.
            """,
        version: PackageVersion.current)

    @Option(help: "HTTP address (HOST; default 127.0.0.1).")
    var host: String?

    @Option(help: "HTTP port, 0 for any free one (PORT; default 8000).")
    var port: Int?

    @OptionGroup var store: ThresholdStoreOptions

    @Option(help: "Seconds between reads of a file or MongoDB threshold store (THRESHOLDS_REFRESH_SECONDS; default 60).")
    var thresholdsRefresh: Int?

    @OptionGroup var results: ResultsStoreOptions

    @Flag(help: "Keep results in memory instead of MongoDB (lost at exit): for development and tests.")
    var resultsInMemory = false

    @Option(help: "Largest request body in bytes; larger ones get 413 (default 67108864, 64 MiB).")
    var maxRequestBytes: Int = ScoringAPIConfiguration().maxRequestBytes

    @Option(help: "Largest wallet message in bytes; larger ones fail with too_large.")
    var maxMessageBytes: Int = MessageLimits().maxMessageBytes

    @Option(help: "Deepest nesting of arrays and objects; deeper messages fail with too_large.")
    var maxDepth: Int = MessageLimits().maxDepth

    @Option(help: "Seconds to answer 503 after SIGTERM/SIGINT before the server stops (default 0).")
    var shutdownGrace: Int = 0

    @Option(help: "\(LogLevels.accepted), in any case (LOG_LEVEL; default info).")
    var logLevel: String?

    private static let environment = ProcessInfo.processInfo.environment

    func validate() throws {
        _ = try LogLevels.level(flag: logLevel, environment: Self.environment)
        guard maxRequestBytes >= 1, maxMessageBytes >= 1, maxDepth >= 1 else {
            throw ValidationError("--max-request-bytes, --max-message-bytes and --max-depth must be at least 1")
        }
        guard shutdownGrace >= 0 else { throw ValidationError("--shutdown-grace must be 0 or more seconds") }
        _ = try address()
        _ = try refreshInterval()
        if resultsInMemory && results.enabled {
            throw ValidationError("give either --results-in-memory or --store-results (RESULTS_STORE=mongo), not both")
        }
    }

    func run() async throws {
        let level = try LogLevels.level(flag: logLevel, environment: Self.environment)
        LogLevels.bootstrapStandardError(level)
        let logger = Logger(label: "score-server")
        do {
            try await serve(logger: logger)
        } catch {
            printError("score-server: \(error)")   // said once, on standard error
            throw ExitCode.failure
        }
    }

    private func serve(logger: Logger) async throws {
        let (host, port) = try address()
        let thresholdStore = try store.makeStore()
        let thresholds = LiveThresholds(try await Self.load(thresholdStore))
        logger.info("thresholds loaded", metadata: ["store": "\(thresholdStore.name)", "parameters_id": "\(thresholds.configuration.parametersID)"])
        let results = try await makeResultsStore(self.results, inMemory: resultsInMemory)
        if let results { logger.info("results store", metadata: ["store": "\(results.name)"]) }

        var api = ScoringAPIConfiguration()
        api.maxRequestBytes = maxRequestBytes
        api.limits = MessageLimits(maxMessageBytes: maxMessageBytes, maxDepth: maxDepth)
        let shutdown = ShutdownState()
        let stats = ScoringStats()
        let routes = ScoringRoutes(configuration: api, resultsStore: results, shutdown: shutdown, metrics: APIMetrics(),
                                   logger: logger, thresholds: thresholds, stats: stats)
        let refreshed = !(thresholdStore is EmbeddedThresholds)
        let dashboard = DashboardRoutes.Thresholds(store: thresholdStore.name, refreshInterval: refreshed ? .seconds(try refreshInterval()) : nil)
        let application = Application(
            router: routes.makeRouter(serviceRoutes: routes.standaloneRoutes(service: "score-server", thresholdStore: dashboard)),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "score-server"),
            onServerRunning: { channel in
                logger.info("listening", metadata: ["host": "\(host)", "port": "\(channel.localAddress?.port ?? port)"])
            },
            logger: logger)
        // Started in this order, stopped in reverse: the gate answers 503 first, then the server drains.
        var services: [any Service] = [application]
        if refreshed {
            let reports = ThresholdRefresher.Reports(refreshed: { _ in stats.thresholdsRefreshed() }, failed: stats.thresholdsRefreshFailed)
            services.append(ThresholdRefresher(store: thresholdStore, interval: .seconds(try refreshInterval()), live: thresholds,
                                               reports: reports, logger: logger))
        }
        services.append(ShutdownGate(state: shutdown, grace: .seconds(shutdownGrace)))
        var group = ServiceGroupConfiguration(services: services, logger: logger)
        group.gracefulShutdownSignals = [.sigterm, .sigint]
        try await ServiceGroup(configuration: group).run()
    }

    /// `--host`/`HOST` and `--port`/`PORT`.
    private func address() throws -> (String, Int) {
        try ListenAddress.resolve(host: host, port: port, environment: Self.environment)
    }

    private func refreshInterval() throws -> Int {
        try ThresholdsRefreshSetting.seconds(flag: thresholdsRefresh, environment: Self.environment)
    }

    /// The threshold store's configuration; a store that cannot be read stops the start.
    private static func load(_ store: any ThresholdStore) async throws -> ThresholdConfiguration {
        do {
            return try await store.load()
        } catch {
            throw StoreFailure(store: store.name, error: error)
        }
    }

}

/// Exit status: 0 after a graceful shutdown, 1 when start-up fails, 2 for a usage error.
@main
enum Main {
    static func main() async {
        let command: ScoreServerCommand
        do {
            command = try ScoreServerCommand.parse()
        } catch {
            if ScoreServerCommand.exitCode(for: error) == .success {
                print(ScoreServerCommand.fullMessage(for: error))
                exit(0)
            }
            printError(ScoreServerCommand.fullMessage(for: error))
            exit(2)
        }
        do {
            try await command.run()
        } catch {
            exit(ScoreServerCommand.exitCode(for: error).rawValue)
        }
    }
}
