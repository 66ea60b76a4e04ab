import Foundation
internal import CMongoc

/// A BSON document a cursor lends: valid only inside the closure it is passed to, on that thread.
struct BSONDocumentView {
    fileprivate let document: OpaquePointer

    /// The document as relaxed extended JSON (`{"$oid": …}` for an ObjectId); nil when libbson cannot
    /// write it (invalid UTF-8, say).
    func json() -> Data? {
        var length = 0
        guard let json = bson_as_relaxed_extended_json(document, &length) else { return nil }
        defer { bson_free(json) }
        return Data(bytes: json, count: length)
    }

    /// The UTF-8 string value of each top-level field named in `keys`, in the order of `keys`: nil for a
    /// field that is missing or holds another type. One pass over the document, no JSON.
    func strings(_ keys: BSONKeys) -> [String?] {
        var found = [String?](repeating: nil, count: keys.names.count)
        var storage = bson_iter_t()
        withUnsafeMutablePointer(to: &storage) { pointer in
            let iterator = OpaquePointer(pointer)   // libbson's aligned iterator type is imported opaque
            guard bson_iter_init(iterator, document) else { return }
            while bson_iter_next(iterator) {
                guard bson_iter_type(iterator) == BSON_TYPE_UTF8, let key = bson_iter_key(iterator) else { continue }
                let keyLength = Int(bson_iter_key_len(iterator))
                guard let index = keys.index(of: UnsafeRawBufferPointer(start: key, count: keyLength)), found[index] == nil else { continue }
                var length: UInt32 = 0
                guard let text = bson_iter_utf8(iterator, &length) else { continue }
                found[index] = String(decoding: UnsafeRawBufferPointer(start: text, count: Int(length)), as: UTF8.self)
            }
        }
        return found
    }
}

/// Field names ``BSONDocumentView/strings(_:)`` looks for, kept as bytes to compare with BSON keys.
struct BSONKeys: Sendable {
    let names: [[UInt8]]

    init(_ names: [String]) { self.names = names.map { Array($0.utf8) } }

    func index(of key: UnsafeRawBufferPointer) -> Int? {
        names.firstIndex { $0.count == key.count && $0.elementsEqual(key) }
    }
}

extension MongoClientPool {
    /// Calls `body` with every document of a collection, in ascending `_id` order when `sortedByID`.
    /// Blocks: call it off Swift's concurrency threads.
    func forEachDocument(database: String, collection: String, sortedByID: Bool,
                         _ body: (BSONDocumentView) throws -> Void) throws {
        try withClient { client throws in
            let handle = mongoc_client_get_collection(client, database, collection)
            defer { mongoc_collection_destroy(handle) }
            let filter = bson_new()
            defer { bson_destroy(filter) }
            let options = bson_new()
            defer { bson_destroy(options) }
            if sortedByID {
                let sort = bson_new()
                defer { bson_destroy(sort) }
                bson_append_int32(sort, "_id", -1, 1)
                bson_append_document(options, "sort", -1, sort)
            }
            let cursor = mongoc_collection_find_with_opts(handle, filter, options, nil)
            defer { mongoc_cursor_destroy(cursor) }
            var document: OpaquePointer?
            while mongoc_cursor_next(cursor, &document) {
                guard let document else { continue }
                try body(BSONDocumentView(document: document))
            }
            var error = bson_error_t()
            if mongoc_cursor_error(cursor, &error) { throw MongoError(error) }
        }
    }
}
