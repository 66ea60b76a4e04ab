import Foundation
import ReputationCore
internal import CMongoc

/// One write of a bulk: insert a result, or replace (upsert) the document under its key.
enum MongoBulkWrite {
    case insert(StoredResult)
    case replace(StoredResult)
}

/// What a bulk write reported.
struct MongoBulkReply: Sendable, Equatable {
    var inserted = 0
    var upserted = 0
    var matched = 0
    /// Writes refused because their `_id` was already stored.
    var duplicateKeys = 0
}

/// Collection operations for the results store: documents are built and read here, so that no libbson
/// type leaves this folder. Every call blocks: callers run it off Swift's concurrency threads.
extension MongoClientPool {
    private func withCollection<T>(_ database: String, _ collection: String, _ body: (OpaquePointer) throws -> T) rethrows -> T {
        let client = mongoc_client_pool_pop(pool)
        defer { mongoc_client_pool_push(pool, client) }
        let handle = mongoc_client_get_collection(client, database, collection)!
        defer { mongoc_collection_destroy(handle) }
        return try body(handle)
    }

    /// Runs a command (given as JSON) on the collection's database.
    func command(database: String, collection: String, json: String) throws {
        let command = try Self.bson(json)
        defer { bson_destroy(command) }
        try withCollection(database, collection) { handle in
            var error = bson_error_t()
            try Self.withReply { reply in
                guard mongoc_collection_write_command_with_opts(handle, command, nil, reply, &error) else { throw MongoError(error) }
            }
        }
    }

    /// Runs the writes as one unordered bulk. Duplicate keys are counted, never thrown.
    /// - Throws: ``MongoError`` when the server cannot be reached or refuses a write for another reason.
    func bulkWrite(database: String, collection: String, _ writes: [MongoBulkWrite]) throws -> MongoBulkReply {
        guard !writes.isEmpty else { return MongoBulkReply() }
        return try withCollection(database, collection) { handle in
            let options = try Self.bson(#"{"ordered": false}"#)
            defer { bson_destroy(options) }
            let bulk = mongoc_collection_create_bulk_operation_with_opts(handle, options)
            defer { mongoc_bulk_operation_destroy(bulk) }
            let upsert = try Self.bson(#"{"upsert": true}"#)
            defer { bson_destroy(upsert) }
            var error = bson_error_t()
            for write in writes {
                switch write {
                case .insert(let result):
                    let document = Self.document(result)
                    defer { bson_destroy(document) }
                    guard mongoc_bulk_operation_insert_with_opts(bulk, document, nil, &error) else { throw MongoError(error) }
                case .replace(let result):
                    // The replacement holds `_id` too: NX-27017 gives an upserted document a new ObjectId otherwise.
                    let document = Self.document(result)
                    defer { bson_destroy(document) }
                    let selector = bson_new()!
                    defer { bson_destroy(selector) }
                    bson_append_utf8(selector, "_id", -1, result.key, -1)
                    guard mongoc_bulk_operation_replace_one_with_opts(bulk, selector, document, upsert, &error) else {
                        throw MongoError(error)
                    }
                }
            }
            let (succeeded, replyJSON) = Self.withReply { reply in
                (mongoc_bulk_operation_execute(bulk, reply, &error) != 0, Self.json(reply))
            }
            let parsed = try? JSONDecoder().decode(BulkReplyJSON.self, from: replyJSON)
            guard let parsed else {
                if !succeeded { throw MongoError(error) }
                throw MongoError(message: "an unreadable bulk write reply")
            }
            if let refused = parsed.writeErrors?.first(where: { $0.code != Int(MongoError.duplicateKeyCode) }) {
                throw MongoError.writeError(code: UInt32(clamping: refused.code), message: refused.errmsg ?? "write refused")
            }
            if !succeeded && (parsed.writeErrors ?? []).isEmpty { throw MongoError(error) }
            return MongoBulkReply(inserted: parsed.nInserted ?? 0, upserted: parsed.nUpserted ?? 0, matched: parsed.nMatched ?? 0,
                                  duplicateKeys: parsed.writeErrors?.count ?? 0)
        }
    }

    /// The documents matching `filter` (JSON), with find options (JSON: `sort`, `limit`), as stored results.
    func find(database: String, collection: String, filter: String, options: String) throws -> [StoredResult] {
        let filter = try Self.bson(filter)
        defer { bson_destroy(filter) }
        let options = try Self.bson(options)
        defer { bson_destroy(options) }
        return try withCollection(database, collection) { handle in
            let cursor = mongoc_collection_find_with_opts(handle, filter, options, nil)
            defer { mongoc_cursor_destroy(cursor) }
            return try Self.results(cursor)
        }
    }

    /// The documents an aggregation pipeline (JSON array) gives, as stored results.
    func aggregate(database: String, collection: String, pipeline: String) throws -> [StoredResult] {
        let pipeline = try Self.bson("{\"pipeline\": \(pipeline)}")
        defer { bson_destroy(pipeline) }
        return try withCollection(database, collection) { handle in
            let cursor = mongoc_collection_aggregate(handle, MONGOC_QUERY_NONE, pipeline, nil, nil)
            defer { mongoc_cursor_destroy(cursor) }
            return try Self.results(cursor)
        }
    }

    // MARK: - Documents

    /// A result's document: `_id` = key, the lifted fields (null when absent), `source`, `result`.
    private static func document(_ r: StoredResult) -> OpaquePointer {
        let d = bson_new()!
        func string(_ name: String, _ value: String?) {
            if let value { bson_append_utf8(d, name, -1, value, -1) } else { bson_append_null(d, name, -1) }
        }
        func int(_ name: String, _ value: Int64?) {
            if let value { bson_append_int64(d, name, -1, value) } else { bson_append_null(d, name, -1) }
        }
        func double(_ name: String, _ value: Double?) {
            if let value { bson_append_double(d, name, -1, value) } else { bson_append_null(d, name, -1) }
        }
        string("_id", r.key)
        string("wallet_address", r.walletAddress)
        int("as_of", r.asOf)
        int("timestamp", r.timestamp)
        double("final_score", r.finalScore)
        double("percentile", r.percentile)
        string("decision", r.decision)
        double("risk_score", r.riskScore)
        double("bot_probability", r.botProbability)
        string("parameters_id", r.parametersID)
        string("error_code", r.errorCode)
        string("source", r.source)
        string("result", r.result)
        return d
    }

    private static func results(_ cursor: OpaquePointer?) throws -> [StoredResult] {
        var results: [StoredResult] = []
        var document: OpaquePointer?
        let decoder = JSONDecoder()
        while mongoc_cursor_next(cursor, &document) {
            var length = 0
            guard let json = bson_as_relaxed_extended_json(document, &length) else {
                throw MongoError(message: "a stored result cannot be read as JSON")
            }
            let data = Data(bytes: json, count: length)
            bson_free(json)
            do {
                results.append(try decoder.decode(StoredDocument.self, from: data).storedResult)
            } catch {
                throw MongoError(message: "a stored result is not a result document: \(error)")
            }
        }
        var error = bson_error_t()
        if mongoc_cursor_error(cursor, &error) { throw MongoError(error) }
        return results
    }

    private static func bson(_ json: String) throws -> OpaquePointer {
        var error = bson_error_t()
        guard let document = bson_new_from_json(json, -1, &error) else { throw MongoError(error) }
        return document
    }

    /// Lends a reply document that libmongoc initialises (a `bson_t` on the stack in C), and destroys it.
    private static func withReply<T>(_ body: (OpaquePointer) throws -> T) rethrows -> T {
        let storage = UnsafeMutableRawPointer.allocate(byteCount: MemoryLayout<bson_t>.size, alignment: 128)
        storage.initializeMemory(as: UInt8.self, repeating: 0, count: MemoryLayout<bson_t>.size)
        defer { storage.deallocate() }
        let reply = OpaquePointer(storage)
        bson_init(reply)
        defer { bson_destroy(reply) }
        return try body(reply)
    }

    private static func json(_ document: OpaquePointer) -> Data {
        var length = 0
        guard let json = bson_as_relaxed_extended_json(document, &length) else { return Data() }
        defer { bson_free(json) }
        return Data(bytes: json, count: length)
    }
}

/// A bulk write's reply, as libmongoc reports it.
private struct BulkReplyJSON: Decodable {
    struct WriteError: Decodable {
        var code: Int
        var errmsg: String?
    }
    var nInserted: Int?
    var nUpserted: Int?
    var nMatched: Int?
    var writeErrors: [WriteError]?
}

/// A stored result document, read back.
private struct StoredDocument: Decodable {
    var _id: String
    var wallet_address: String?
    var as_of: Int64?
    var timestamp: Int64
    var final_score: Double?
    var percentile: Double?
    var decision: String?
    var risk_score: Double?
    var bot_probability: Double?
    var parameters_id: String?
    var error_code: String?
    var source: String
    var result: String

    var storedResult: StoredResult {
        StoredResult(key: _id, walletAddress: wallet_address, asOf: as_of, timestamp: timestamp, finalScore: final_score,
                     percentile: percentile, decision: decision, riskScore: risk_score, botProbability: bot_probability,
                     parametersID: parameters_id, errorCode: error_code, source: source, result: result)
    }
}
