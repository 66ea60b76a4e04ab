import Foundation
import Hummingbird
import NIOCore
import ReputationCore

/// The dashboard's HTTP side, for score-stream and score-server alike: `GET /dashboard` (the page),
/// `GET /api/v1/dashboard` (everything the page shows, one JSON document) and, with a results store,
/// `GET /api/v1/dashboard/top` and `GET /api/v1/dashboard/wallets/{address}`.
public enum DashboardRoutes {
    /// What the dashboard says of the threshold store.
    public struct Thresholds: Sendable {
        /// The store's name (never with credentials).
        public var store: String
        /// How often it is read again; nil for the embedded defaults (never refreshed).
        public var refreshInterval: Duration?

        public init(store: String, refreshInterval: Duration? = nil) {
            self.store = store
            self.refreshInterval = refreshInterval
        }
    }

    /// How many top risky wallets and history entries the page asks for.
    static let topLimit = 10
    static let historyLimit = 50

    /// Adds the page and its JSON routes.
    /// - Parameters:
    ///   - service: the service's name, shown by the page.
    ///   - source: the service's stats, health, parameters and live state.
    ///   - results: the results store the top wallets and the lookup read; nil: those routes answer 404.
    public static func add(to router: Routes, service: String, source: any DashboardSource, thresholds: Thresholds,
                           results: (any ResultsStore)?) {
        let page = ByteBuffer(string: DashboardPage.html(service: service))
        router.get("/dashboard") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                     body: ResponseBody(byteBuffer: page))
        }
        router.get("/api/v1/dashboard") { _, _ in
            json(.ok, document(source: source, thresholds: thresholds, results: results))
        }
        router.get("/api/v1/dashboard/top") { _, _ in
            guard let results else { return noStore() }
            let query = TopResultsQuery(by: .riskScore, order: .descending, limit: topLimit)
            do {
                let top = try await onOwnThread { try results.top(query) }
                return json(.ok, ["store": results.name, "items": top.map(summary)])
            } catch {
                return json(.serviceUnavailable, ["error": "\(results.name): \(error)"])
            }
        }
        router.get("/api/v1/dashboard/wallets/{address}") { _, context in
            guard let results else { return noStore() }
            let address = try context.parameters.require("address")
            do {
                let page = try await onOwnThread { try results.history(walletAddress: address, limit: historyLimit, cursor: nil) }
                guard let latest = page.items.first else {
                    return json(.notFound, ["error": "no stored result for wallet \(shortened(address, to: 120))"])
                }
                let reasons = (try? JSONSerialization.jsonObject(with: Data(latest.result.utf8)) as? [String: Any])
                    .flatMap { $0["risk"] as? [String: Any] }?["reasons"] ?? []   // not JSON: no reasons to show
                return json(.ok, ["wallet_address": address, "latest": summary(latest), "latest_reasons": reasons,
                                  "history": page.items.map(summary)])
            } catch {
                return json(.serviceUnavailable, ["error": "\(results.name): \(error)"])
            }
        }
    }

    /// The `/api/v1/dashboard` document: the `/api/v1/stats` document under `stats`, health, thresholds,
    /// the live series, distributions and recent results, and whether a results store is configured.
    static func document(source: any DashboardSource, thresholds: Thresholds, results: (any ResultsStore)?,
                         at time: Double = Date().timeIntervalSince1970) -> [String: Any] {
        var document = source.dashboard.document(at: time)
        document["generated_at"] = time
        document["stats"] = source.statsDocument()
        let health = source.dashboardHealth()
        document["health"] = ["code": health.code, "status": health.status, "reasons": health.reasons]
        document["thresholds"] = [
            "store": thresholds.store, "parameters_id": source.parametersID,
            "refresh_seconds": thresholds.refreshInterval.map { $0.seconds as Any } ?? NSNull(),
            "refresh_problem": source.thresholdsProblem.map { $0 as Any } ?? NSNull(),
        ]
        document["results_store"] = results.map { $0.name as Any } ?? NSNull()
        return document
    }

    private static func summary(_ result: StoredResult) -> [String: Any] {
        func orNull<T>(_ value: T?) -> Any { value.map { $0 as Any } ?? NSNull() }
        return [
            "wallet_address": orNull(result.walletAddress.map { shortened($0, to: 120) }), "timestamp": result.timestamp,
            "final_score": orNull(result.finalScore), "decision": orNull(result.decision), "risk_score": orNull(result.riskScore),
            "bot_probability": orNull(result.botProbability), "error_code": orNull(result.errorCode),
        ]
    }

    private static func noStore() -> Response {
        json(.notFound, ["error": "no results store is configured"])
    }

    private static func json(_ status: HTTPResponse.Status, _ document: [String: Any]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
