import ArgumentParser

/// `--thresholds-refresh` / `THRESHOLDS_REFRESH_SECONDS`: how often score-stream and score-server read a file
/// or MongoDB threshold store again.
public enum ThresholdsRefreshSetting {
    /// Seconds between reads when neither the flag nor the variable is given.
    public static let defaultSeconds = 60

    /// The flag's seconds, else `THRESHOLDS_REFRESH_SECONDS`, else ``defaultSeconds``.
    /// - Throws: a usage error naming the flag or the variable when it is not a whole number of seconds ≥ 1.
    public static func seconds(flag: Int?, environment: [String: String]) throws -> Int {
        if let flag {
            guard flag >= 1 else { throw ValidationError("--thresholds-refresh must be at least 1 second, not \(flag)") }
            return flag
        }
        guard let text = environment["THRESHOLDS_REFRESH_SECONDS"] else { return defaultSeconds }
        guard let seconds = Int(text), seconds >= 1 else {
            throw ValidationError("THRESHOLDS_REFRESH_SECONDS must be a whole number of seconds ≥ 1, not \(text)")
        }
        return seconds
    }
}
