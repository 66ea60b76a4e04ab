internal import CMongoc

/// A libmongoc or libbson error, translated in one place.
public struct MongoError: Error, CustomStringConvertible, Sendable {
    /// libmongoc's error domain (`MONGOC_ERROR_*`), or 0 for errors of this adapter.
    public var domain: UInt32
    public var code: UInt32
    public var message: String

    /// Worth trying again later: the server could not be reached or the connection broke.
    public var isRetriable: Bool {
        domain == MONGOC_ERROR_STREAM.rawValue || domain == MONGOC_ERROR_SERVER_SELECTION.rawValue
    }

    /// Trying again will not help: a bad URL, bad credentials or a refused command.
    public var isFatal: Bool { !isRetriable }

    public var description: String { message }

    init(domain: UInt32 = 0, code: UInt32 = 0, message: String) {
        self.domain = domain
        self.code = code
        self.message = message
    }

    init(_ error: bson_error_t) {
        var error = error
        let message = withUnsafeBytes(of: &error.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        self.init(domain: error.domain, code: error.code, message: message)
    }
}
