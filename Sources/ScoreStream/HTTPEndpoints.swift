import Foundation
import Hummingbird
import NIOCore
import ReputationCore
import ReputationKafka
import ScoringAPI

/// The HTTP side: the scoring API (``ScoringRoutes``), and `GET /`, `/api/v1/health` (liveness),
/// `/api/v1/ready` (readiness), `/api/v1/stats`, `/metrics` and the dashboard (``DashboardRoutes``).
enum HTTPEndpoints {
    /// This package's version, reported by `GET /`.
    static let serviceVersion = PackageVersion.current

    static func router(api: ScoringRoutes, stats: ServiceStats, metrics: ServiceMetrics, group: String,
                       thresholds: DashboardRoutes.Thresholds = .init(store: EmbeddedThresholds().name),
                       results: (any ResultsStore)? = nil) -> Router<BasicRequestContext> {
        api.makeRouter { routes in
            register(on: routes, stats: stats, metrics: metrics, group: group)
            DashboardRoutes.add(to: routes, service: "score-stream", source: stats, thresholds: thresholds, results: results)
        }
    }

    private static func register(on router: Routes, stats: ServiceStats, metrics: ServiceMetrics, group: String) {
        router.get("/") { _, _ in
            json(.ok, [
                "service": "score-stream", "version": serviceVersion, "model": DexV1Model.version,
                "librdkafka": Librdkafka.version, "parameters_id": stats.parametersID,
            ])
        }
        router.get("/api/v1/health") { _, _ in response(stats.health()) }
        router.get("/api/v1/ready") { _, _ in response(stats.readiness(group: group)) }
        router.get("/api/v1/stats") { _, _ in json(.ok, stats.statsDocument()) }
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.exposition())))
        }
    }

    private static func response(_ probe: ServiceStats.Probe) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = (try? encoder.encode(probe.body)) ?? Data("{}".utf8)
        return Response(status: .init(code: probe.code), headers: [.contentType: "application/json"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    private static func json(_ status: HTTPResponse.Status, _ document: [String: Any]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
