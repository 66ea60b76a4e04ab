import Foundation
import Hummingbird
import Logging
import ReputationCore
@testable import ScoreStream
import ScoringAPI
import TestSupport
import Testing

/// The dashboard with a results store: the top risky wallets and the wallet lookup, over the JSON routes
/// and in headless chromium (`?wallet=` looks a wallet up as the form does). The store is an in-memory
/// ``ResultsStore``, served by the dashboard's own router in this process.
@Suite(.enabled(if: TestBroker.available), .serialized, .timeLimit(.minutes(2)))
struct DashboardStoreTests {
    static let wallet = "0x00000000000000000000000000000000000000aa"

    /// Three results of one wallet (scores 100, 300, 200 over time, the last one DECLINED) and one of another.
    struct MemoryStore: ResultsStore {
        var name: String { "memory results store" }
        let results: [StoredResult] = [
            Self.result(wallet, time: 1, score: 100, decision: "APPROVED", risk: 10),
            Self.result(wallet, time: 2, score: 300, decision: "REVIEW", risk: 55),
            Self.result(wallet, time: 3, score: 200, decision: "DECLINED", risk: 90, rule: "bot-likely"),
            Self.result("0xbb", time: 2, score: 50, decision: "APPROVED", risk: 5),
        ]

        static func result(_ wallet: String, time: Int64, score: Double, decision: String, risk: Double, rule: String? = nil) -> StoredResult {
            let reasons = rule.map { "[{\"rule\":\"\($0)\",\"outcome\":\"\(decision)\"}]" } ?? "[]"
            return StoredResult(key: "\(wallet):\(time)", walletAddress: wallet, asOf: time, timestamp: time, finalScore: score,
                                percentile: nil, decision: decision, riskScore: risk, botProbability: risk / 100, parametersID: "p",
                                errorCode: nil, source: "test", result: "{\"risk\":{\"reasons\":\(reasons)}}")
        }

        func write(_ results: [StoredResult]) throws -> ResultsWriteCount { ResultsWriteCount() }
        func result(key: String) throws -> StoredResult? { results.first { $0.key == key } }
        func latest(walletAddress: String) throws -> StoredResult? { try history(walletAddress: walletAddress, limit: 1, cursor: nil).items.first }
        func history(walletAddress: String, limit: Int, cursor: String?) throws -> ResultsPage {
            ResultsPage(items: Array(results.filter { $0.walletAddress == walletAddress }.sorted { $0.timestamp > $1.timestamp }.prefix(limit)),
                        nextCursor: nil)
        }
        func top(_ query: TopResultsQuery) throws -> [StoredResult] {
            let latest = Dictionary(grouping: results, by: { $0.walletAddress ?? "" }).values.compactMap { $0.max { $0.timestamp < $1.timestamp } }
            return Array(latest.sorted { ($0.riskScore ?? 0) > ($1.riskScore ?? 0) }.prefix(query.limit))
        }
    }

    /// Runs the router with the store on a free loopback port for the body's duration.
    func withDashboard(store: (any ResultsStore)?, _ body: (Int) async throws -> Void) async throws {
        let stats = ServiceStats(parametersID: "test-parameters", stallLimit: .seconds(600))
        let metrics = ServiceMetrics()
        let api = ScoringRoutes(resultsStore: store, metrics: APIMetrics(registry: metrics.registry), logger: testLogger,
                                thresholds: LiveThresholds(.defaults))
        let router = HTTPEndpoints.router(api: api, stats: stats, metrics: metrics, group: "g", results: store)
        let bound = BoundPort()
        let application = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                                      onServerRunning: { bound.set($0.localAddress?.port) }, logger: testLogger)
        let server = Task { try await application.run() }
        defer { server.cancel() }
        try await bound.waitUntilListening()
        try await body(try #require(bound.value))
    }

    @Test func theRoutesAnswerFromTheStore() async throws {
        try await withDashboard(store: MemoryStore()) { port in
            let document = try #require(await httpGet(port: port, "/api/v1/dashboard")?.body)
            #expect(document["results_store"] as? String == "memory results store")
            let top = try #require(await httpGet(port: port, "/api/v1/dashboard/top")?.body["items"] as? [[String: Any]])
            #expect(top.map { $0["wallet_address"] as? String } == [Self.wallet, "0xbb"])
            let (status, lookup) = try #require(await httpGet(port: port, "/api/v1/dashboard/wallets/\(Self.wallet)"))
            #expect(status == 200)
            #expect((lookup["history"] as? [[String: Any]])?.map { $0["final_score"] as? Double } == [200, 300, 100])
            #expect((lookup["latest_reasons"] as? [[String: Any]])?.first?["rule"] as? String == "bot-likely")
            #expect(await httpGet(port: port, "/api/v1/dashboard/wallets/0xunknown")?.status == 404)
        }
    }

    @Test func withoutAStoreTheRoutesSaySo() async throws {
        try await withDashboard(store: nil) { port in
            let (status, body) = try #require(await httpGet(port: port, "/api/v1/dashboard/top"))
            #expect(status == 404)
            #expect(body["error"] as? String == "no results store is configured")
            #expect(await httpGet(port: port, "/api/v1/dashboard")?.body["results_store"] is NSNull)
        }
    }

    /// The page looks the wallet up: its history chart has a point per stored result, the note counts
    /// them and names the latest decision, the latest reasons are listed, and the top table is filled.
    @Test func chromiumShowsAWalletsHistory() async throws {
        let chromium = try Chromium.require()
        try await withDashboard(store: MemoryStore()) { port in
            let dom = try await chromium.dumpDOM("http://127.0.0.1:\(port)/dashboard?wallet=\(Self.wallet)")
            #expect(Chromium.element("js-errors", in: dom)?.isEmpty == true, "\(Chromium.element("js-errors", in: dom) ?? dom)")
            #expect(Chromium.element("lookup-note", in: dom) == "3 stored results; latest decision: DECLINED")
            let history = try #require(dom.firstMatch(of: /<svg id="chart-history".*?<\/svg>/.dotMatchesNewlines())?.0)
            #expect(history.matches(of: /<circle/).count == 3)
            #expect(Chromium.element("lookup-reasons", in: dom)?.contains("bot-likely") == true || dom.contains("<td>bot-likely</td>"))
            let top = try #require(dom.firstMatch(of: /<tbody id="top">(.*?)<\/tbody>/.dotMatchesNewlines())?.1)
            #expect(top.matches(of: /<tr>/).count == 2)
        }
    }
}
