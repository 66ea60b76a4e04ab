import Foundation
import Hummingbird
import Logging
import NIOCore
import ReputationCore

/// The scoring and query API: `POST /api/v1/score`, `POST /api/v1/score/batch`,
/// `GET /api/v1/wallets/{address}`, `GET /api/v1/wallets/{address}/history`, `GET /api/v1/scores/top` and
/// `GET /openapi.json` (docs/openapi.json describes them all).
///
/// ``makeRouter(serviceRoutes:)`` builds the router that score-server, score-stream's HTTP port and the
/// tests serve.
public struct ScoringRoutes: Sendable {
    let configuration: ScoringAPIConfiguration
    let thresholds: any ThresholdSource
    let sessions: SessionPool
    let store: StoreCalls?
    let shutdown: ShutdownState
    let metrics: APIMetrics
    let stats: ScoringStats?

    /// - Parameters:
    ///   - thresholds: the configuration in force (a refresher may replace it).
    ///   - resultsStore: where `?store=true` writes and the query routes read; nil: those answer 503.
    ///   - shutdown: once set, every API route answers 503.
    ///   - logger: where failed results-store calls are logged.
    ///   - stats: where every scored wallet is counted (score-server's `/api/v1/stats` and dashboard); nil:
    ///     not counted (score-stream, whose stats are its pipeline's).
    public init(configuration: ScoringAPIConfiguration = ScoringAPIConfiguration(), resultsStore: (any ResultsStore)?,
                shutdown: ShutdownState = ShutdownState(), metrics: APIMetrics, logger: Logger,
                thresholds: any ThresholdSource, stats: ScoringStats? = nil) {
        self.configuration = configuration
        self.thresholds = thresholds
        sessions = SessionPool(source: thresholds, limits: configuration.limits)
        store = resultsStore.map { StoreCalls(store: $0, logger: logger) }
        self.shutdown = shutdown
        self.metrics = metrics
        self.stats = stats
    }

    /// The router: the API's routes, then the process's own (`serviceRoutes`: health, readiness,
    /// metrics, …). Every request-level error is an RFC 9457 problem (404 and 405 included).
    public func makeRouter(serviceRoutes: (Routes) -> Void) -> Router<BasicRequestContext> {
        let router = Router()
        let routes = Routes(router: router)
        router.add(middleware: ProblemMiddleware(routes: routes, metrics: metrics))
        let api = self
        routes.post("/api/v1/score") { request, _ in try await api.score(request) }
        routes.post("/api/v1/score/batch") { request, _ in try await api.scoreBatch(request) }
        routes.get("/api/v1/wallets/{address}") { request, context in try await api.latest(request, context) }
        routes.get("/api/v1/wallets/{address}/history") { request, context in try await api.history(request, context) }
        routes.get("/api/v1/scores/top") { request, _ in try await api.top(request) }
        routes.get("/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPIDocument.json + "\n")))
        }
        serviceRoutes(routes)
        return router
    }

    /// The routes score-server serves beside the API: `GET /` (service and version), `/api/v1/health`
    /// (liveness; 503 while shutting down), `/api/v1/ready` (readiness; 503 while shutting down),
    /// `/metrics` (Prometheus) and, with ``stats``, `/api/v1/stats` and the dashboard (``DashboardRoutes``).
    /// - Parameter thresholdStore: what the dashboard says of the threshold store.
    public func standaloneRoutes(service: String, thresholdStore: DashboardRoutes.Thresholds) -> (Routes) -> Void {
        let shutdown = self.shutdown, metrics = self.metrics, thresholds = self.thresholds
        let results = store?.store, resultsStore = results?.name
        let source = stats.map { ServerDashboardSource(stats: $0, thresholds: thresholds, shutdown: shutdown, resultsStore: resultsStore) }
        return { routes in
            routes.get("/") { _, _ in
                json(.ok, ServiceInfo(service: service, version: PackageVersion.current, model: DexV1Model.version,
                                      parametersId: thresholds.configuration.parametersID, resultsStore: resultsStore))
            }
            let probe: Routes.Handler = { _, _ in
                shutdown.isShuttingDown ? json(.serviceUnavailable, Status(status: "shutting_down"))
                    : json(.ok, Status(status: "ok"))
            }
            routes.get("/api/v1/health", probe)
            routes.get("/api/v1/ready", probe)
            routes.get("/metrics") { _, _ in
                Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                         body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.exposition())))
            }
            if let source {
                routes.get("/api/v1/stats") { _, _ in json(.ok, source.document()) }
                DashboardRoutes.add(to: routes, service: service, source: source, thresholds: thresholdStore, results: results)
            }
        }
    }

    /// 503 once the process shuts down.
    func checkRunning() throws(Problem) {
        if shutdown.isShuttingDown { throw Problem.shuttingDown }
    }

    /// The results store, or a 503 problem when none is configured.
    func requireStore() throws(Problem) -> StoreCalls {
        guard let store else {
            throw Problem(.serviceUnavailable, "no results store is configured (start with --store-results or RESULTS_STORE=mongo)")
        }
        return store
    }
}

/// `GET /` of score-server.
struct ServiceInfo: Codable, Sendable {
    var service: String
    var version: String
    var model: String
    var parametersId: String
    var resultsStore: String?

    enum CodingKeys: String, CodingKey {
        case service, version, model, parametersId = "parameters_id", resultsStore = "results_store"
    }
}

/// The body of health and readiness.
struct Status: Codable, Sendable {
    var status: String
}

/// A JSON response of a Codable value, keys sorted.
func json(_ status: HTTPResponse.Status, _ value: some Encodable) -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
    return Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
}

/// A response of JSON bytes made elsewhere (a result line, a stored result).
func rawJSON(_ status: HTTPResponse.Status, _ bytes: some Sequence<UInt8>, headers: HTTPFields = [:]) -> Response {
    var fields = headers
    fields[.contentType] = "application/json"
    return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
}
