import Foundation
import TestSupport
import Testing

/// The dashboard in a real browser (Debian's chromium, headless, installed by `make tools`): score-stream
/// on the test broker is fed known wallets; the page, loaded as a person would, shows the numbers of
/// `/api/v1/stats` and no JavaScript error. Its JSON route is checked on its own too.
@Suite(.enabled(if: TestBroker.available), .serialized, .timeLimit(.minutes(4)))
struct DashboardBrowserTests {
    static let wallets = 40
    static let bad = ["not json", "{\"wallet_address\":\"0xbad\",\"data\":\"not a list\"}", "{\"data\":[]}"]

    /// A service that has scored `wallets` generated wallets and the `bad` messages, stopped when released.
    func scoredService() async throws -> StreamProcess {
        let bootstrap = try TestBroker.require()
        let writer = try TopicWriter(bootstrap)
        let topics = try await StreamTopics(writer, partitions: 2)
        _ = try await FedWallets(writer, topic: topics.input, count: Self.wallets, seed: 11)
        try await writer.write(topics.input, texts: Self.bad)
        let service = try await StreamProcess.launch(bootstrap, topics)
        let total = Self.wallets + Self.bad.count
        try #require(await service.waitForProcessed(total, timeout: .seconds(90)), "\(service.log)")
        return service
    }

    /// `/api/v1/dashboard` agrees with `/api/v1/stats`: its series and recent results hold every result.
    @Test func theDashboardDocumentAgreesWithStats() async throws {
        let service = try await scoredService()
        let stats = try #require(await service.get("/api/v1/stats")?.body)
        let (status, document) = try #require(await service.get("/api/v1/dashboard"))
        #expect(status == 200)
        let embedded = try #require(document["stats"] as? [String: Any])
        let total = Self.wallets + Self.bad.count
        for key in ["total_processed", "successful_processed", "failed_processed"] {
            #expect(embedded[key] as? Int == stats[key] as? Int, "\(key)")
        }
        #expect(stats["total_processed"] as? Int == total)
        let buckets = try #require((document["throughput"] as? [String: Any])?["buckets"] as? [[String: Any]])
        #expect(buckets.reduce(0) { $0 + ($1["succeeded"] as? Int ?? 0) } == stats["successful_processed"] as? Int)
        #expect(buckets.reduce(0) { $0 + ($1["failed"] as? Int ?? 0) } == stats["failed_processed"] as? Int)
        #expect((document["recent"] as? [Any])?.count == min(50, total))
        let scores = try #require((document["final_score"] as? [String: Any])?["counts"] as? [Int])
        #expect(scores.reduce(0, +) == stats["successful_processed"] as? Int)
        #expect((document["health"] as? [String: Any])?["status"] as? String == "ok")
        #expect((document["thresholds"] as? [String: Any])?["parameters_id"] as? String == stats["parameters_id"] as? String)
        #expect(document["results_store"] is NSNull)
        let page = try #require(await service.get("/dashboard")?.body["text"] as? String)
        #expect(page.hasPrefix("<!doctype html>"))
        #expect(!page.contains("src=\"http") && !page.contains("href=\"http") && !page.contains("@import"), "the page loads nothing from elsewhere")
    }

    /// Headless chromium renders the page: its totals equal `/api/v1/stats`, the recent table has a row per
    /// result, and no JavaScript error was reported.
    @Test func chromiumShowsTheNumbersOfStats() async throws {
        let chromium = try Chromium.require()
        let service = try await scoredService()
        let stats = try #require(await service.get("/api/v1/stats")?.body)
        let dom = try await chromium.dumpDOM("http://127.0.0.1:\(service.port)/dashboard")

        Chromium.expectRendered(dom, stats: stats)
        let recent = try #require(dom.firstMatch(of: /<tbody id="recent">(.*?)<\/tbody>/.dotMatchesNewlines())?.1)
        #expect(recent.matches(of: /<tr>/).count == Self.wallets + Self.bad.count)
    }
}
