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
}
