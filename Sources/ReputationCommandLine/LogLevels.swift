import ArgumentParser
import Logging

/// The names `LOG_LEVEL` and `--log-level` accept, case-insensitively: swift-log's levels, plus `warn`.
public enum LogLevels {
    /// The accepted names, for messages.
    public static let accepted = "trace, debug, info, notice, warning (or warn), error, critical"

    /// The level named `text` (`TRACE`, `Debug`, `warn`, …), or nil for an unknown name.
    public static func level(named text: String) -> Logger.Level? {
        let name = text.lowercased()
        return name == "warn" ? .warning : Logger.Level(rawValue: name)
    }

    /// The level of `--log-level` (`flag`), else `LOG_LEVEL`, else info.
    /// - Throws: a usage error naming where the bad name came from and the accepted values.
    public static func level(flag: String?, environment: [String: String]) throws -> Logger.Level {
        let (text, source) = flag.map { ($0, "--log-level") } ?? environment["LOG_LEVEL"].map { ($0, "LOG_LEVEL") } ?? ("info", "")
        guard let level = level(named: text) else {
            throw ValidationError("\(source) must be one of \(accepted); not \(text)")
        }
        return level
    }

    /// Sends every logger's lines at `level` and above to standard error (the services' log handler).
    public static func bootstrapStandardError(_ level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
