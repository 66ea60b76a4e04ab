import ReputationCore
import Synchronization

/// A results store in memory (score-server `--results-in-memory`): the same rules as the MongoDB store, lost at exit.
/// For development, and for tests of the API without a database.
public final class MemoryResultsStore: ResultsStore {
    private let documents = Mutex<[String: StoredResult]>([:])

    public init() {}

    public var name: String { "memory" }

    public func write(_ results: [StoredResult]) throws -> ResultsWriteCount {
        documents.withLock { documents in
            var count = ResultsWriteCount()
            for result in results {
                if documents[result.key] == nil {
                    documents[result.key] = result
                    count.inserted += 1
                } else {
                    count.alreadyPresent += 1
                }
            }
            return count
        }
    }

    public func result(key: String) throws -> StoredResult? { documents.withLock { $0[key] } }

    public func latest(walletAddress: String) throws -> StoredResult? {
        documents.withLock { documents in documents.values.filter { $0.walletAddress == walletAddress }.max(by: Self.older) }
    }

    /// Pages by (timestamp, key), newest first; the cursor is the last item's position, so results stored
    /// meanwhile never shift a page.
    public func history(walletAddress: String, limit: Int, cursor: String?) throws -> ResultsPage {
        let after = try cursor.map(Self.position)
        let items = documents.withLock { documents in
            documents.values.filter { result in
                result.walletAddress == walletAddress && after.map { Self.older((result.timestamp, result.key), $0) } ?? true
            }.sorted { Self.older($1, $0) }
        }
        let page = Array(items.prefix(limit))
        let next = items.count > limit ? page.last.map { "\($0.timestamp):\($0.key)" } : nil
        return ResultsPage(items: page, nextCursor: next)
    }

    public func top(_ query: TopResultsQuery) throws -> [StoredResult] {
        let latest = documents.withLock { documents in
            Dictionary(documents.values.compactMap { r in r.walletAddress.map { ($0, r) } }, uniquingKeysWith: { a, b in Self.older(a, b) ? b : a })
        }
        let ranked = latest.values.compactMap { result -> (Double, StoredResult)? in
            if let decision = query.decision, result.decision != decision { return nil }
            let value = query.by == .riskScore ? result.riskScore : result.finalScore
            return value.map { ($0, result) }
        }.sorted { a, b in
            a.0 != b.0 ? (query.order == .descending ? a.0 > b.0 : a.0 < b.0) : a.1.key < b.1.key
        }
        return ranked.prefix(query.limit).map(\.1)
    }

    private static func older(_ a: StoredResult, _ b: StoredResult) -> Bool { older((a.timestamp, a.key), (b.timestamp, b.key)) }

    private static func older(_ a: (Int64, String), _ b: (Int64, String)) -> Bool { a.0 != b.0 ? a.0 < b.0 : a.1 < b.1 }

    private static func position(_ cursor: String) throws(ResultsQueryError) -> (Int64, String) {
        guard let colon = cursor.firstIndex(of: ":"), let timestamp = Int64(cursor[..<colon]) else {
            throw ResultsQueryError(parameter: "cursor", problem: "is not a cursor of this history")
        }
        return (timestamp, String(cursor[cursor.index(after: colon)...]))
    }
}
