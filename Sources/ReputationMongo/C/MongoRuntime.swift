internal import CMongoc

/// libmongoc's process-wide initialisation, done once (Swift runs a global's initialiser exactly once).
/// Its default log handler, which prints debug lines to standard error, is turned off: every failure
/// reaches the caller as a ``MongoError``.
enum MongoRuntime {
    private static let initialized: Bool = {
        mongoc_init()
        mongoc_log_set_handler(nil, nil)
        return true
    }()

    static func ensureInitialized() { _ = initialized }
}
