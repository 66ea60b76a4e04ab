/// Collapses repeated log lines, such as librdkafka's reconnect failures (dozens a second while a broker
/// refuses connections): the first line of a kind is logged, then at most one per ``window``, which says
/// how many like it were held back meanwhile.
///
/// Lines are of a kind when their keys are equal; ``key(_:)`` makes one that ignores the numbers in a
/// line (timings, counts) but keeps the thread tag naming the broker, so each broker has its own line.
public struct RepeatCollapser: Sendable {
    /// What to do with a line.
    public enum Decision: Equatable, Sendable {
        /// Log it; `repeats` lines of its kind were held back since the last one logged.
        case log(repeats: Int)
        /// Hold it back (it is counted).
        case suppress
    }

    /// At most one line of a kind per window. Default 10 s.
    public let window: Duration
    private var kinds: [String: (logged: ContinuousClock.Instant, held: Int)] = [:]

    public init(window: Duration = .seconds(10)) { self.window = window }

    /// Decides for a line of kind `key` seen at `now`.
    public mutating func decide(_ key: String, at now: ContinuousClock.Instant = .now) -> Decision {
        if let kind = kinds[key], now - kind.logged < window {
            kinds[key]?.held += 1
            return .suppress
        }
        let held = kinds[key]?.held ?? 0
        kinds[key] = (now, 0)
        if kinds.count > 1000 { kinds = kinds.filter { now - $0.value.logged < window } }   // bounded
        return .log(repeats: held)
    }

    /// The kind of a line: its text with every run of digits after the leading `[thrd:…]` tag replaced by `#`,
    /// and without librdkafka's own count of repeats (`, 3 identical error(s) suppressed`), so that a line
    /// with that count is of the same kind as the first one.
    public static func key(_ text: String) -> String {
        var tag = Substring(text), rest = Substring("")
        if text.hasPrefix("["), let end = text.firstIndex(of: "]") {
            tag = text[...end]
            rest = text[text.index(after: end)...]
        } else {
            tag = ""
            rest = Substring(text)
        }
        var result = String(tag)
        var inDigits = false
        for character in rest {
            if character.isASCII, character.isNumber {
                if !inDigits { result.append("#") }
                inDigits = true
            } else {
                result.append(character)
                inDigits = false
            }
        }
        return result.replacing(", # identical error(s) suppressed", with: "")
    }

    /// The text to log for a line let through after `repeats` were held back.
    public static func annotate(_ text: String, repeats: Int, window: Duration) -> String {
        repeats == 0 ? text : "\(text) [and \(repeats) more like it in the last \(window.components.seconds) s]"
    }
}
