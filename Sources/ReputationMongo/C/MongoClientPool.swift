import Foundation
internal import CMongoc

/// Owns a libmongoc client pool; lends a client only inside a closure, on the caller's thread.
final class MongoClientPool: @unchecked Sendable {
    private let uri: OpaquePointer
    let pool: OpaquePointer

    /// - Parameter timeout: how long one operation waits for a server (unless the URL sets its own).
    init(url: String, timeout: Duration) throws {
        MongoRuntime.ensureInitialized()
        var error = bson_error_t()
        guard let uri = mongoc_uri_new_with_error(url, &error) else { throw MongoError(error) }
        let milliseconds = Int32(clamping: timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        for option in [MONGOC_URI_SERVERSELECTIONTIMEOUTMS, MONGOC_URI_CONNECTTIMEOUTMS]
        where mongoc_uri_get_option_as_int32(uri, option, 0) == 0 {
            mongoc_uri_set_option_as_int32(uri, option, milliseconds)
        }
        guard let pool = mongoc_client_pool_new(uri) else {
            mongoc_uri_destroy(uri)
            throw MongoError(message: "cannot create a client pool")
        }
        mongoc_client_pool_set_error_api(pool, Int32(MONGOC_ERROR_API_VERSION_2))
        self.uri = uri
        self.pool = pool
    }

    deinit {
        mongoc_client_pool_destroy(pool)
        mongoc_uri_destroy(uri)
    }

    /// Every document of a collection, as JSON values. Blocks: call it off Swift's concurrency threads.
    func documents(database: String, collection: String) throws -> [Data] {
        let client = mongoc_client_pool_pop(pool)
        defer { mongoc_client_pool_push(pool, client) }
        let handle = mongoc_client_get_collection(client, database, collection)
        defer { mongoc_collection_destroy(handle) }
        let filter = bson_new()
        defer { bson_destroy(filter) }
        let cursor = mongoc_collection_find_with_opts(handle, filter, nil, nil)
        defer { mongoc_cursor_destroy(cursor) }
        var documents: [Data] = []
        var document: OpaquePointer?
        while mongoc_cursor_next(cursor, &document) {
            var length = 0
            guard let json = bson_as_relaxed_extended_json(document, &length) else {
                throw MongoError(message: "a document of \(collection) cannot be read as JSON")
            }
            documents.append(Data(bytes: json, count: length))
            bson_free(json)
        }
        var error = bson_error_t()
        if mongoc_cursor_error(cursor, &error) { throw MongoError(error) }
        return documents
    }
}
