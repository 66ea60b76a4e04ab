import Foundation
import TestSupport
import Testing
import WalletCorpus

/// The idempotency key and the query routes, against score-server with its in-memory results store
/// (`--results-in-memory`); ``MongoStoredResultsTests`` runs the same against MongoDB (NX-27017).
@Suite(.timeLimit(.minutes(3)))
struct StoredResultsTests {
    static let memory = ["--results-in-memory"]

    @Test func sameIdempotencyKeyReturnsTheStoredResultUnchanged() async throws {
        try await Self.sameIdempotencyKeyReturnsTheStoredResultUnchanged(Self.memory)
    }

    @Test func historyPagesNewestFirstAndLatestIsTheNewest() async throws {
        try await Self.historyPagesNewestFirstAndLatestIsTheNewest(Self.memory)
    }

    @Test func topOrdersByTheAskedFieldAndChecksItsParameters() async throws {
        try await Self.topOrdersByTheAskedFieldAndChecksItsParameters(Self.memory)
    }

    static func sameIdempotencyKeyReturnsTheStoredResultUnchanged(_ store: [String]) async throws {
        let server = try await ServerProcess.start(store)
        let wallet = try await ScoringAPITests.messages()[0]
        let key = "key-\(UUID().uuidString)"
        let first = try await request(server.port, "POST", "/api/v1/score?store=true&as_of=1704067200",
                                      headers: ["Content-Type": "application/json", "Idempotency-Key": key], body: Data(wallet.utf8))
        #expect(first.status == 200)
        #expect(first.headers["idempotent-replayed"] == nil)
        // Another as_of: were it scored again, the result would differ.
        let again = try await request(server.port, "POST", "/api/v1/score?store=true&as_of=1800000000",
                                      headers: ["Content-Type": "application/json", "Idempotency-Key": key], body: Data(wallet.utf8))
        #expect(again.status == 200)
        #expect(again.headers["idempotent-replayed"] == "true")
        #expect(again.body == first.body)
        // One document: the wallet's history holds it once.
        let address = try #require(first.json["wallet_address"] as? String)
        let history = try await request(server.port, "GET", "/api/v1/wallets/\(address)/history")
        #expect((history.json["items"] as? [Any])?.count == 1)
        // A failure is stored and replayed as 422.
        let bad = try await request(server.port, "POST", "/api/v1/score?store=true",
                                    headers: ["Content-Type": "application/json", "Idempotency-Key": key + "-bad"], body: Data("{}".utf8))
        let badAgain = try await request(server.port, "POST", "/api/v1/score?store=true",
                                         headers: ["Content-Type": "application/json", "Idempotency-Key": key + "-bad"], body: Data("{}".utf8))
        #expect(bad.status == 422 && badAgain.status == 422)
        #expect(bad.body == badAgain.body)
    }

    static func historyPagesNewestFirstAndLatestIsTheNewest(_ store: [String]) async throws {
        let server = try await ServerProcess.start(store)
        let wallet = try await ScoringAPITests.messages()[0]
        let asOfs = [1_704_067_200, 1_704_153_600, 1_704_240_000, 1_704_326_400, 1_704_412_800]
        var stored: [String] = []
        for (i, asOf) in asOfs.enumerated() {
            let reply = try await request(server.port, "POST", "/api/v1/score?store=true&as_of=\(asOf)",
                                          headers: ["Content-Type": "application/json", "Idempotency-Key": "history-\(i)"], body: Data(wallet.utf8))
            #expect(reply.status == 200)
            stored.append(reply.text)
        }
        let address = "0x742d35Cc6634C0532925a3b8D4C9db96590e4265"
        var seen: [String] = []
        var cursor: String?
        var pages = 0
        repeat {
            let query = "limit=2" + (cursor.map { "&cursor=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0) } ?? "")
            let page = try await request(server.port, "GET", "/api/v1/wallets/\(address)/history?\(query)")
            #expect(page.status == 200)
            let items = try #require(page.json["items"] as? [[String: Any]])
            #expect(items.count <= 2)
            for item in items { seen.append(String(decoding: try JSONSerialization.data(withJSONObject: item), as: UTF8.self)) }
            cursor = page.json["next_cursor"] as? String
            #expect(page.json.keys.contains("next_cursor"))
            pages += 1
        } while cursor != nil && pages < 10
        #expect(pages == 3)
        #expect(seen.count == 5)
        // Same timestamp second for all: newest first means by (timestamp, key) descending: history-4 first.
        let asOfSeen = seen.compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["as_of"] as? Int }
        #expect(Set(asOfSeen) == Set(asOfs))
        let latest = try await request(server.port, "GET", "/api/v1/wallets/\(address)")
        #expect(latest.status == 200)
        #expect(stored.contains(latest.text))
        #expect((latest.json["as_of"] as? Int) == asOfSeen.first)
        let unknown = try await request(server.port, "GET", "/api/v1/wallets/0xunknown")
        #expect(unknown.status == 404)
        #expect(unknown.headers["content-type"] == "application/problem+json")
        let badCursor = try await request(server.port, "GET", "/api/v1/wallets/\(address)/history?cursor=nonsense")
        #expect(badCursor.status == 400)
        #expect(badCursor.json["parameter"] as? String == "cursor")
    }

    static func topOrdersByTheAskedFieldAndChecksItsParameters(_ store: [String]) async throws {
        let server = try await ServerProcess.start(store)
        let wallets = Array(RealisticWallets(count: 12, seed: 5))
        for (i, wallet) in wallets.enumerated() {
            let reply = try await request(server.port, "POST", "/api/v1/score?store=true&as_of=1704067200",
                                          headers: ["Content-Type": "application/json", "Idempotency-Key": "top-\(i)"], body: Data(wallet.utf8))
            #expect(reply.status == 200 || reply.status == 422)
        }
        func scores(_ query: String) async throws -> [Double] {
            let reply = try await request(server.port, "GET", "/api/v1/scores/top?\(query)")
            #expect(reply.status == 200, "\(query): \(reply.text)")
            let items = try #require(reply.json["items"] as? [[String: Any]])
            return items.compactMap { ($0["categories"] as? [[String: Any]])?.first?["score"] as? Double }
        }
        let descending = try await scores("by=final_score&limit=5")
        #expect(descending.count == 5)
        #expect(descending == descending.sorted(by: >))
        let ascending = try await scores("by=final_score&order=asc&limit=1000")
        #expect(ascending == ascending.sorted())
        #expect(ascending.count >= 5)
        #expect(ascending.last == descending.first)
        // No result here has a risk decision: the filter leaves none.
        #expect(try await scores("by=final_score&decision=DECLINED").isEmpty)
        for (query, parameter) in [("limit=0", "limit"), ("limit=1001", "limit"), ("by=score", "by"), ("order=up", "order"), ("decision=MAYBE", "decision")] {
            let reply = try await request(server.port, "GET", "/api/v1/scores/top?\(query)")
            #expect(reply.status == 400, "\(query)")
            #expect(reply.json["parameter"] as? String == parameter, "\(query)")
        }
    }
}

/// The same against MongoDB (the NX-27017 server `make test` starts), a new collection per test; and a
/// store that goes away while the server runs: 503 problems naming it, then answers again once it is back.
@Suite(.enabled(if: MongoTestServer.available), .timeLimit(.minutes(3)))
struct MongoStoredResultsTests {
    static func mongo(_ url: String) -> [String] {
        ["--store-results", "--results-mongo-url", url, "--results-collection", "results_\(UUID().uuidString.prefix(8))"]
    }

    @Test func sameIdempotencyKeyReturnsTheStoredResultUnchanged() async throws {
        try await StoredResultsTests.sameIdempotencyKeyReturnsTheStoredResultUnchanged(Self.mongo(MongoTestServer.requireURL()))
    }

    @Test func historyPagesNewestFirstAndLatestIsTheNewest() async throws {
        try await StoredResultsTests.historyPagesNewestFirstAndLatestIsTheNewest(Self.mongo(MongoTestServer.requireURL()))
    }

    @Test func topOrdersByTheAskedFieldAndChecksItsParameters() async throws {
        try await StoredResultsTests.topOrdersByTheAskedFieldAndChecksItsParameters(Self.mongo(MongoTestServer.requireURL()))
    }

    @Test func storeDownGives503ThenRecovers() async throws {
        let mongo = try await MongoTestProcess.launch(port: try freePort())
        let server = try await ServerProcess.start(Self.mongo(mongo.url) + ["--results-timeout", "1"])
        let wallet = try await ScoringAPITests.messages()[0]
        let address = "0x742d35Cc6634C0532925a3b8D4C9db96590e4265"
        func store(_ key: String) async throws -> Reply {
            try await request(server.port, "POST", "/api/v1/score?store=true&as_of=1704067200",
                              headers: ["Content-Type": "application/json", "Idempotency-Key": key], body: Data(wallet.utf8))
        }
        #expect(try await store("before").status == 200)
        try await mongo.stop()
        let latest = try await request(server.port, "GET", "/api/v1/wallets/\(address)")
        #expect(latest.status == 503)
        #expect(latest.headers["content-type"] == "application/problem+json")
        #expect((latest.json["detail"] as? String)?.contains("results store") == true, "\(latest.text)")
        #expect(try await store("during").status == 503)
        try await mongo.start()
        // libmongoc finds the server again at its next check: poll for up to 60 s (a loaded machine is slow).
        var after = try await request(server.port, "GET", "/api/v1/wallets/\(address)")
        let deadline = ContinuousClock.now + .seconds(60)
        while after.status != 200 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
            after = try await request(server.port, "GET", "/api/v1/wallets/\(address)")
        }
        #expect(after.status == 200)
        #expect(try await store("after").status == 200)
        try await mongo.stop()
    }
}
