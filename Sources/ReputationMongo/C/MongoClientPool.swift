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

    /// Lends a client of the pool to `body`, on the caller's thread, and returns it to the pool.
    func withClient<R>(_ body: (OpaquePointer) throws -> R) throws -> R {
        guard let client = mongoc_client_pool_pop(pool) else { throw MongoError(message: "no client in the pool") }
        defer { mongoc_client_pool_push(pool, client) }
        return try body(client)
    }

    /// Every document of a collection as JSON, in ascending `_id` order when `sortedByID`. Blocks: call
    /// it off Swift's concurrency threads.
    func documents(database: String, collection: String, sortedByID: Bool = false) throws -> [Data] {
        var documents: [Data] = []
        try forEachDocument(database: database, collection: collection, sortedByID: sortedByID) {
            guard let json = $0.json() else { throw MongoError(message: "a document of \(collection) cannot be read as JSON") }
            documents.append(json)
        }
        return documents
    }
}
