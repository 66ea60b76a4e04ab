import Foundation
import ReputationCore

/// Where results are stored in MongoDB: `MONGODB_URL`, `MONGODB_DATABASE`, `MONGODB_RESULTS_COLLECTION`.
public struct MongoResultsConfiguration: Sendable, Equatable {
    /// `MONGODB_URL`.
    public var url: String
    /// `MONGODB_DATABASE`, default `ai_scoring`.
    public var database = "ai_scoring"
    /// `MONGODB_RESULTS_COLLECTION`, default `wallet-scores`.
    public var collection = "wallet-scores"
    /// How long one operation waits for a server before it fails (unless the URL sets its own). Default 10 s.
    public var timeout: Duration = .seconds(10)

    public init(url: String) { self.url = url }
}

/// Results stored in MongoDB through libmongoc, one document per result under its idempotent key
/// (`_id`). A document holds the lifted fields (`wallet_address`, `as_of`, `timestamp`, `final_score`,
/// `percentile`, `decision`, `risk_score`, `bot_probability`, `parameters_id`, `error_code`, `source`;
/// null when the result has none) and `result`, the whole result line as a JSON string: it is given back
/// byte for byte as it was written (a BSON sub-document would come back with other number spellings and
/// spacing), and every query uses the lifted, indexed fields.
///
/// Every method blocks on the network (bounded by ``MongoResultsConfiguration/timeout``): call them from a
/// thread of your own or a dispatch queue, never from Swift's concurrency threads. The instance is safe to
/// use from several threads (a libmongoc client pool lends each call its own client).
public final class MongoResultsStore: ResultsStore {
    public let configuration: MongoResultsConfiguration
    private let pool: MongoClientPool

    /// Connects lazily: nothing is sent before the first call.
    /// - Throws: ``MongoError`` for a URL libmongoc cannot use.
    public init(configuration: MongoResultsConfiguration) throws {
        self.configuration = configuration
        pool = try MongoClientPool(url: configuration.url, timeout: configuration.timeout)
    }

    public var name: String {
        var redacting = MongoConfiguration(url: configuration.url)
        redacting.database = configuration.database
        return "MongoDB \(redacting.redactedURL) database \(configuration.database) (collection \(configuration.collection))"
    }

    /// Creates the indexes the queries use (an existing index is left alone): `wallet_address` with
    /// `timestamp`, `final_score`, `risk_score`, `decision`.
    public func createIndexes() throws {
        let indexes = [("wallet_time", #"{"wallet_address": 1, "timestamp": -1}"#), ("final_score", #"{"final_score": -1}"#),
                       ("risk_score", #"{"risk_score": -1}"#), ("decision", #"{"decision": 1}"#)]
        let list = indexes.map { #"{"name": "\#($0.0)", "key": \#($0.1)}"# }.joined(separator: ", ")
        try pool.command(database: configuration.database, collection: configuration.collection,
                         json: #"{"createIndexes": \#(Self.quoted(configuration.collection)), "indexes": [\#(list)]}"#)
    }

    /// One unordered bulk insert; a key already stored is left unchanged and counted as already present.
    public func write(_ results: [StoredResult]) throws -> ResultsWriteCount {
        let reply = try pool.bulkWrite(database: configuration.database, collection: configuration.collection, results.map { .insert($0) })
        return ResultsWriteCount(inserted: reply.inserted, alreadyPresent: reply.duplicateKeys)
    }

    /// One unordered bulk of upserts: a key already stored gets the newer result (counted as already
    /// present), a new key is inserted. score-wallet's rescoring replaces this way.
    public func replace(_ results: [StoredResult]) throws -> ResultsWriteCount {
        let reply = try pool.bulkWrite(database: configuration.database, collection: configuration.collection, results.map { .replace($0) })
        return ResultsWriteCount(inserted: reply.upserted, alreadyPresent: reply.matched)
    }

    public func result(key: String) throws -> StoredResult? {
        try find(filter: #"{"_id": \#(Self.quoted(key))}"#, limit: 1).first
    }

    public func latest(walletAddress: String) throws -> StoredResult? {
        try find(filter: #"{"wallet_address": \#(Self.quoted(walletAddress))}"#, limit: 1).first
    }

    /// Newest first by (`timestamp`, key); the cursor is that pair of the page's last item (base64url), so
    /// results inserted meanwhile never shift a page. `limit` is clamped to 1–1000.
    /// - Throws: ``ResultsQueryError`` for a cursor this store did not give.
    public func history(walletAddress: String, limit: Int, cursor: String?) throws -> ResultsPage {
        let limit = min(max(limit, 1), 1000)
        let wallet = #""wallet_address": \#(Self.quoted(walletAddress))"#
        var filter = "{\(wallet)}"
        if let cursor {
            let (timestamp, key) = try Self.decodeCursor(cursor)
            filter = #"{\#(wallet), "$or": [{"timestamp": {"$lt": \#(timestamp)}}, {"timestamp": \#(timestamp), "_id": {"$lt": \#(Self.quoted(key))}}]}"#
        }
        var items = try find(filter: filter, limit: limit + 1)
        guard items.count > limit else { return ResultsPage(items: items, nextCursor: nil) }
        items.removeLast(items.count - limit)
        return ResultsPage(items: items, nextCursor: items.last.map { Self.encodeCursor(timestamp: $0.timestamp, key: $0.key) })
    }

    /// Each wallet's latest result among those with the ordering figure (failures have none), filtered by
    /// decision, ordered by the figure (ties by key), at most `limit` (clamped to 1–1000).
    public func top(_ query: TopResultsQuery) throws -> [StoredResult] {
        let field = query.by.rawValue
        var stages = [
            #"{"$match": {"\#(field)": {"$ne": null}}}"#,
            #"{"$sort": {"wallet_address": 1, "timestamp": -1, "_id": -1}}"#,
            #"{"$group": {"_id": "$wallet_address", "latest": {"$first": "$$ROOT"}}}"#,
            #"{"$replaceRoot": {"newRoot": "$latest"}}"#,
        ]
        if let decision = query.decision { stages.append(#"{"$match": {"decision": \#(Self.quoted(decision))}}"#) }
        stages.append(#"{"$sort": {"\#(field)": \#(query.order == .descending ? -1 : 1), "_id": 1}}"#)
        stages.append(#"{"$limit": \#(min(max(query.limit, 1), 1000))}"#)
        return try pool.aggregate(database: configuration.database, collection: configuration.collection,
                                  pipeline: "[" + stages.joined(separator: ", ") + "]")
    }

    private func find(filter: String, limit: Int) throws -> [StoredResult] {
        try pool.find(database: configuration.database, collection: configuration.collection, filter: filter,
                      options: #"{"sort": {"timestamp": -1, "_id": -1}, "limit": \#(limit)}"#)
    }

    // MARK: - JSON and cursors

    /// A JSON string literal (escaped).
    static func quoted(_ text: String) -> String {
        // Encoding a String cannot fail.
        String(decoding: (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8), as: UTF8.self)
    }

    static func encodeCursor(timestamp: Int64, key: String) -> String {
        Data("\(timestamp):\(key)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func decodeCursor(_ cursor: String) throws -> (Int64, String) {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8),
              let colon = text.firstIndex(of: ":"), let timestamp = Int64(text[..<colon]) else {
            throw ResultsQueryError(parameter: "cursor", problem: "not a cursor this API gave")
        }
        return (timestamp, String(text[text.index(after: colon)...]))
    }
}
