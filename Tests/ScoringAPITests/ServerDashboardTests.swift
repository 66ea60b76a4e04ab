import Foundation
import TestSupport
import Testing
import WalletCorpus

/// score-server's dashboard (`GET /dashboard` and its JSON routes), fed by what it scores: known wallets
/// (generated, some invalid) posted to `/api/v1/score` (stored, `--results-in-memory`) and
/// `/api/v1/score/batch`; the JSON routes and the page in headless chromium show the numbers of
/// `/api/v1/stats`, and the lookup shows a stored wallet's history.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct ServerDashboardTests {
    static let bad = ["not json", "{\"wallet_address\":\"0xbad\",\"data\":\"not a list\"}", "{\"data\":[]}"]
    static let asOf = 1_704_067_200

    /// What was posted and what score-server answered.
    struct Fed {
        var server: ServerProcess
        var total = 0
        var failed = 0
        var failuresByCode: [String: Int] = [:]
        /// A wallet stored twice (two `as_of`), for the lookup.
        var twice = ""
    }

    /// A score-server with its in-memory store that has scored 20 wallets and the bad messages one by one
    /// (stored), one wallet again a day later (stored), and 10 wallets and the bad messages in a batch.
    static func fedServer() async throws -> Fed {
        var fed = Fed(server: try await ServerProcess.start(["--results-in-memory"]))
        let wallets = Array(RealisticWallets(count: 30, seed: 11))
        func count(_ line: String) {
            fed.total += 1
            let json = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
            if let code = json?["error_code"] as? String {
                fed.failed += 1
                fed.failuresByCode[code, default: 0] += 1
            }
        }
        for (i, message) in (wallets.prefix(20) + bad).enumerated() {
            let reply = try await request(fed.server.port, "POST", "/api/v1/score?store=true&as_of=\(asOf)",
                                          headers: ["Content-Type": "application/json", "Idempotency-Key": "dash-\(i)"], body: Data(message.utf8))
            #expect(reply.status == 200 || reply.status == 422, "\(reply.text)")
            count(reply.text)
        }
        let again = try await request(fed.server.port, "POST", "/api/v1/score?store=true&as_of=\(asOf + 86_400)",
                                      headers: ["Content-Type": "application/json"], body: Data(wallets[0].utf8))
        #expect(again.status == 200, "\(again.text)")
        count(again.text)
        fed.twice = try #require(again.json["wallet_address"] as? String)
        let batch = try await request(fed.server.port, "POST", "/api/v1/score/batch?as_of=\(asOf)",
                                      headers: ["Content-Type": "application/x-ndjson"],
                                      body: Data((wallets.suffix(10) + bad).joined(separator: "\n").utf8))
        #expect(batch.status == 200)
        #expect(batch.lines.count == 10 + bad.count)
        batch.lines.forEach(count)
        #expect(fed.failed >= bad.count * 2, "the bad messages failed")
        return fed
    }

    /// `/api/v1/stats` counts every wallet of both routes; `/api/v1/dashboard` agrees with it.
    @Test func statsAndTheDashboardDocumentCountEveryScoredWallet() async throws {
        let fed = try await Self.fedServer()
        let port = fed.server.port
        let statsReply = try await request(port, "GET", "/api/v1/stats")
        #expect(statsReply.status == 200 && statsReply.headers["content-type"] == "application/json")
        let stats = statsReply.json
        #expect(stats["total_processed"] as? Int == fed.total)
        #expect(stats["failed_processed"] as? Int == fed.failed)
        #expect(stats["successful_processed"] as? Int == fed.total - fed.failed)
        #expect(stats["failures_by_code"] as? [String: Int] == fed.failuresByCode)
        #expect(((stats["processing_time_ms"] as? [String: Any])?["p99"] as? Double ?? 0) > 0)
        #expect(stats["results_store"] as? String == "memory")

        let reply = try await request(port, "GET", "/api/v1/dashboard")
        #expect(reply.status == 200)
        let document = reply.json
        let embedded = try #require(document["stats"] as? [String: Any])
        for key in ["total_processed", "successful_processed", "failed_processed"] {
            #expect(embedded[key] as? Int == stats[key] as? Int, "\(key)")
        }
        let buckets = try #require((document["throughput"] as? [String: Any])?["buckets"] as? [[String: Any]])
        #expect(buckets.reduce(0) { $0 + ($1["succeeded"] as? Int ?? 0) } == fed.total - fed.failed)
        #expect(buckets.reduce(0) { $0 + ($1["failed"] as? Int ?? 0) } == fed.failed)
        #expect((document["recent"] as? [Any])?.count == min(50, fed.total))
        let scores = try #require((document["final_score"] as? [String: Any])?["counts"] as? [Int])
        #expect(scores.reduce(0, +) == fed.total - fed.failed)
        #expect((document["health"] as? [String: Any])?["status"] as? String == "ok")
        let thresholds = try #require(document["thresholds"] as? [String: Any])
        #expect(thresholds["parameters_id"] as? String == stats["parameters_id"] as? String)
        #expect(thresholds["store"] as? String != nil && thresholds["refresh_seconds"] is NSNull)
        #expect(document["results_store"] as? String == "memory")

        let top = try await request(port, "GET", "/api/v1/dashboard/top")
        #expect(top.status == 200 && ((top.json["items"] as? [Any])?.isEmpty == false))
        let lookup = try await request(port, "GET", "/api/v1/dashboard/wallets/\(fed.twice)")
        #expect(lookup.status == 200)
        #expect((lookup.json["history"] as? [Any])?.count == 2)
        let page = try await request(port, "GET", "/dashboard")
        #expect(page.status == 200 && page.text.hasPrefix("<!doctype html>") && page.text.contains("<h1>score-server</h1>"))
    }

    /// Headless chromium renders score-server's page: its totals equal `/api/v1/stats`, consumer lag and
    /// end-to-end latency say they do not apply, the recent table has a row per result (at most 50), no
    /// JavaScript error; looked up, a wallet stored twice shows both results and its latest decision.
    @Test func chromiumShowsTheNumbersOfStatsAndAStoredWalletsHistory() async throws {
        let chromium = try Chromium.require()
        let fed = try await Self.fedServer()
        let port = fed.server.port
        let stats = try await request(port, "GET", "/api/v1/stats").json
        let dom = try await chromium.dumpDOM("http://127.0.0.1:\(port)/dashboard?wallet=\(fed.twice)")

        Chromium.expectRendered(dom, stats: stats)
        #expect(Chromium.element("latency-p50", in: dom) == "n/a")
        let p99 = (stats["processing_time_ms"] as? [String: Any])?["p99"] as? Double
        #expect(Chromium.element("scoring-p99", in: dom) == p99.map { String(format: "%.3f", $0) })
        let partitions = try #require(dom.firstMatch(of: /<tbody id="partitions">(.*?)<\/tbody>/.dotMatchesNewlines())?.1)
        #expect(partitions.contains("not applicable"))
        let failures = try #require(dom.firstMatch(of: /<tbody id="failures">(.*?)<\/tbody>/.dotMatchesNewlines())?.1)
        for (code, count) in fed.failuresByCode {
            #expect(failures.contains("<td>\(code)</td><td class=\"n\">\(count)</td>"), "\(failures)")
        }
        let recent = try #require(dom.firstMatch(of: /<tbody id="recent">(.*?)<\/tbody>/.dotMatchesNewlines())?.1)
        #expect(recent.matches(of: /<tr>/).count == min(50, fed.total))

        let latest = try await request(port, "GET", "/api/v1/wallets/\(fed.twice)").json
        let decision = (latest["risk"] as? [String: Any])?["decision"] as? String ?? "–"
        #expect(Chromium.element("lookup-note", in: dom) == "2 stored results; latest decision: \(decision)")
        let history = try #require(dom.firstMatch(of: /<svg id="chart-history".*?<\/svg>/.dotMatchesNewlines())?.0)
        #expect(history.matches(of: /<circle/).count == 2)
        let top = try #require(dom.firstMatch(of: /<tbody id="top">(.*?)<\/tbody>/.dotMatchesNewlines())?.1)
        #expect(top.matches(of: /<tr>/).count >= 1)
    }
}
