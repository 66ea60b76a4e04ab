import CMongoc
import Foundation
import Testing

/// The NX-27017 server `make test` starts (`MONGODB_TEST_URL`). Under CI its absence fails the tests;
/// elsewhere (a bare `swift test`) they are skipped.
enum MongoTestServer {
    static let url = ProcessInfo.processInfo.environment["MONGODB_TEST_URL"]
    static let required = ProcessInfo.processInfo.environment["CI"] != nil
    static let available = url != nil || required

    static func requireURL() throws -> String {
        try #require(url, "MONGODB_TEST_URL is not set: run the tests with `make test`, which starts NX-27017")
    }
}

/// Writes test documents with libmongoc, into collections named uniquely for each test.
struct MongoTestDatabase {
    let url: String
    let database = "ai_scoring"
    /// Collection names without `-` (NX-27017 rejects it).
    let tokens = "tokens_\(UUID().uuidString.prefix(8))"
    let thresholds = "thresholds_\(UUID().uuidString.prefix(8))"

    init() throws {
        url = try MongoTestServer.requireURL()
        mongoc_init()
    }

    func insert(_ collection: String, _ documents: [String]) throws {
        let client = mongoc_client_new(url)
        defer { mongoc_client_destroy(client) }
        let handle = mongoc_client_get_collection(client, database, collection)
        defer { mongoc_collection_destroy(handle) }
        for json in documents {
            var error = bson_error_t()
            let document = bson_new_from_json(json, -1, &error)
            defer { bson_destroy(document) }
            try #require(document != nil, "bad test JSON: \(json)")
            let inserted = mongoc_collection_insert_one(handle, document, nil, nil, &error)
            try #require(inserted, "insert into \(collection) failed")
        }
    }
}
