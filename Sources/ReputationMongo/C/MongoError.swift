internal import CMongoc

/// A libmongoc or libbson error, translated in one place.
public struct MongoError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is, whatever libmongoc's domain and code.
    public enum Code: String, Sendable {
        /// The server could not be reached, or the connection broke (stream and server-selection errors).
        case unreachable
        /// The server refused a command or a write (other than a duplicate key).
        case refused
        /// A write's key was already stored (server code 11000). Result stores count it, never throw it.
        case duplicateKey
        /// A URL, document or reply libmongoc or this adapter cannot use.
        case invalid
    }

    /// libmongoc's error domain (`MONGOC_ERROR_*`), or 0 for errors of this adapter.
    public var domain: UInt32
    public var code: UInt32
    public var message: String

    /// The typed code of ``domain`` and ``code``.
    public var kind: Code {
        if domain == MONGOC_ERROR_STREAM.rawValue || domain == MONGOC_ERROR_SERVER_SELECTION.rawValue { return .unreachable }
        if code == Self.duplicateKeyCode { return .duplicateKey }
        if domain == MONGOC_ERROR_SERVER.rawValue || domain == MONGOC_ERROR_WRITE_CONCERN.rawValue
            || domain == MONGOC_ERROR_QUERY.rawValue || domain == MONGOC_ERROR_COMMAND.rawValue { return .refused }
        return .invalid
    }

    /// Worth trying again later: the server could not be reached or the connection broke.
    public var isRetriable: Bool { kind == .unreachable }

    /// Trying again will not help: a bad URL, bad credentials or a refused command.
    public var isFatal: Bool { !isRetriable }

    public var description: String { message }

    /// MongoDB's duplicate-key error code.
    static let duplicateKeyCode: UInt32 = 11000

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

    /// A write error of a bulk reply (a server error).
    static func writeError(code: UInt32, message: String) -> MongoError {
        MongoError(domain: MONGOC_ERROR_SERVER.rawValue, code: code, message: message)
    }
}
