import Foundation
import ReputationCore
import ReputationMongo
import TestSupport
import Testing

/// The MongoDB results store against NX-27017: idempotent writes, replaces, latest, history pages, top-N.
@Suite(.enabled(if: MongoTestServer.available), .serialized, .timeLimit(.minutes(2)))
struct ResultsStoreTests {
    /// A store on a collection of its own (NX-27017 rejects `-` in names), indexes created.
    func makeStore() async throws -> MongoResultsStore {
        var configuration = MongoResultsConfiguration(url: try MongoTestServer.requireURL())
        configuration.collection = "scores_\(UUID().uuidString.prefix(8))"
        let store = try MongoResultsStore(configuration: configuration)
        try await blocking { try store.createIndexes() }
        return store
    }

    static func result(_ key: String, wallet: String?, timestamp: Int64, final: Double? = nil, risk: Double? = nil,
                       decision: String? = nil, error: String? = nil) -> StoredResult {
        StoredResult(key: key, walletAddress: wallet, asOf: error == nil ? timestamp - 5 : nil, timestamp: timestamp,
                     finalScore: final, percentile: final.map { $0 / 10 }, decision: decision, riskScore: risk,
                     botProbability: risk.map { $0 / 200 }, parametersID: error == nil ? "p1" : nil, errorCode: error,
                     source: "test:\(key)", result: #"{"key":"\#(key)","note":"a \"quoted\" line"}"#)
    }

    @Test func writesAreIdempotentAndReadBackWhole() async throws {
        let store = try await makeStore()
        let first = (0..<5).map { Self.result("t:0:\($0)", wallet: "0xa", timestamp: 100 + Int64($0), final: 200.5, risk: 12.25, decision: "APPROVED") }
        let failure = Self.result("t:0:5", wallet: nil, timestamp: 106, error: "invalid_json")
        let count = try await blocking { try store.write(first + [failure]) }
        #expect(count == ResultsWriteCount(inserted: 6, alreadyPresent: 0))
        // A replay of some, with new ones between them: the replayed ones are counted, never an error.
        let again = [first[1], Self.result("t:0:6", wallet: "0xa", timestamp: 107, final: 1), first[3], failure]
        let second = try await blocking { try store.write(again) }
        #expect(second == ResultsWriteCount(inserted: 1, alreadyPresent: 3))
        #expect(try await blocking { try store.result(key: "t:0:2") } == first[2])
        #expect(try await blocking { try store.result(key: "t:0:5") } == failure)
        #expect(try await blocking { try store.result(key: "nope") } == nil)
    }

    /// score-wallet's rescoring: an upsert of the newer result under the same key.
    @Test func replaceUpsertsTheNewerResult() async throws {
        let store = try await makeStore()
        let old = Self.result("k1", wallet: "0xb", timestamp: 100, final: 10)
        #expect(try await blocking { try store.replace([old]) } == ResultsWriteCount(inserted: 1, alreadyPresent: 0))
        let newer = Self.result("k1", wallet: "0xb", timestamp: 200, final: 20)
        let other = Self.result("k2", wallet: "0xb", timestamp: 150, final: 30)
        #expect(try await blocking { try store.replace([newer, other]) } == ResultsWriteCount(inserted: 1, alreadyPresent: 1))
        #expect(try await blocking { try store.result(key: "k1") } == newer)
        #expect(try await blocking { try store.latest(walletAddress: "0xb") } == newer)
    }

    /// Newest first by timestamp then key; pages never shift when newer results arrive between them.
    @Test func historyPagesAreStable() async throws {
        let store = try await makeStore()
        // Two results share each timestamp: the key orders them.
        let stored = (0..<7).map { Self.result("h\($0)", wallet: "0xc", timestamp: 100 + Int64($0 / 2), final: Double($0)) }
        _ = try await blocking { try store.write(stored + [Self.result("x", wallet: "0xd", timestamp: 500, final: 1)]) }
        let expected = stored.sorted { ($0.timestamp, $0.key) > ($1.timestamp, $1.key) }
        let page1 = try await blocking { try store.history(walletAddress: "0xc", limit: 3, cursor: nil) }
        #expect(page1.items == Array(expected[0..<3]))
        let cursor1 = try #require(page1.nextCursor)
        // Inserted meanwhile: newer and older than the first page's end; neither shifts the next pages.
        _ = try await blocking { try store.write([Self.result("new", wallet: "0xc", timestamp: 900, final: 1)]) }
        let page2 = try await blocking { try store.history(walletAddress: "0xc", limit: 3, cursor: cursor1) }
        #expect(page2.items == Array(expected[3..<6]))
        let page3 = try await blocking { try store.history(walletAddress: "0xc", limit: 3, cursor: try #require(page2.nextCursor)) }
        #expect(page3.items == [expected[6]])
        #expect(page3.nextCursor == nil)
        #expect(try await blocking { try store.latest(walletAddress: "0xc") }?.key == "new")
        #expect(try await blocking { try store.latest(walletAddress: "0xnone") } == nil)
        await #expect(throws: ResultsQueryError(parameter: "cursor", problem: "not a cursor this API gave")) {
            try await blocking { try store.history(walletAddress: "0xc", limit: 3, cursor: "%%%") }
        }
    }

    /// Each wallet counts once, by its latest result; order, direction, decision filter and limit.
    @Test func topRanksWalletsByTheirLatestResult() async throws {
        let store = try await makeStore()
        _ = try await blocking {
            try store.write([
                Self.result("a-old", wallet: "0xa", timestamp: 100, final: 900, risk: 99, decision: "DECLINED"),
                Self.result("a-new", wallet: "0xa", timestamp: 200, final: 300, risk: 40, decision: "REVIEW"),
                Self.result("b", wallet: "0xb", timestamp: 150, final: 500, risk: 70, decision: "REVIEW"),
                Self.result("c", wallet: "0xc", timestamp: 150, final: 100, risk: 10, decision: "APPROVED"),
                Self.result("c-failed", wallet: "0xc", timestamp: 300, error: "invalid_field"),
                Self.result("d", wallet: "0xd", timestamp: 150, final: 700, risk: 55, decision: "DECLINED"),
            ])
        }
        func top(_ query: TopResultsQuery) async throws -> [String] { try await blocking { try store.top(query) }.map(\.key) }
        #expect(try await top(TopResultsQuery()) == ["b", "d", "a-new", "c"])
        #expect(try await top(TopResultsQuery(by: .riskScore, order: .ascending)) == ["c", "a-new", "d", "b"])
        #expect(try await top(TopResultsQuery(by: .finalScore, limit: 2)) == ["d", "b"])
        #expect(try await top(TopResultsQuery(decision: "REVIEW")) == ["b", "a-new"])
        #expect(try await top(TopResultsQuery(decision: "DECLINED")) == ["d"])
    }

    /// MongoDB down: a retriable error after the bounded wait, and the name hides the password.
    @Test func unreachableStoreIsRetriable() async throws {
        var configuration = MongoResultsConfiguration(url: "mongodb://ops:hunter2@127.0.0.1:1/")
        configuration.timeout = .seconds(1)
        let store = try MongoResultsStore(configuration: configuration)
        #expect(!store.name.contains("hunter2"))
        do {
            _ = try await blocking { try store.write([Self.result("k", wallet: "0xa", timestamp: 1, final: 1)]) }
            Issue.record("written to a server that is not there")
        } catch let error as MongoError {
            #expect(error.isRetriable)
            #expect(error.kind == .unreachable)
        }
    }
}
