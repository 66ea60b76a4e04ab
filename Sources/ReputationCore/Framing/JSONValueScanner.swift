/// Follows the syntax of one JSON value byte by byte, across reads, to find where it ends or where it
/// stops being JSON.
///
/// Only the structure is checked (tokens, nesting, commas and colons, escapes, number shapes): enough for
/// the framer to tell a complete value from a broken one. UTF-8 and the limits are the reader's concern.
/// A raw control byte inside a string (such as the newline of a line cut in the middle of a string) is an
/// error, so a broken line is caught at its end at the latest.
struct JSONValueScanner {
    /// What `scan` found.
    enum Outcome: Equatable {
        /// Every byte was consumed and the value goes on.
        case needMore
        /// The value ends just before this index.
        case complete(end: Int)
        /// The byte at this index cannot continue the value.
        case error(at: Int, reason: String)
    }

    private enum State: UInt8 {
        case value, valueOrClose, key, keyOrClose, colon, afterValue
        case string, escape, unicode
        case minus, zero, integer, dot, fraction, exponentMark, exponentSign, exponent
        case literal
    }

    private var state = State.value
    private var stringIsKey = false
    private var hexLeft = 0
    private var literal: StaticString = "null"
    private var literalIndex = 0
    /// Open containers, innermost last: `{` or `[`.
    private var stack: [UInt8] = []
    /// Deeper nesting is an error, so that memory stays bounded whatever the input (a message needs 6
    /// levels; the reader's own limit, 128 by default, is far below this one).
    static let maxNesting = 1 << 20

    /// Starts over, expecting a value.
    mutating func reset() {
        state = .value
        stack.removeAll(keepingCapacity: true)
    }

    /// True if the value is complete when the input ends here (a number at the top level).
    var isCompleteAtEnd: Bool {
        stack.isEmpty && (state == .zero || state == .integer || state == .fraction || state == .exponent)
    }

    /// Reads `bytes[from..<to]`; the scanner must be reset before a new value.
    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to end: Int) -> Outcome {
        var i = from
        while i < end {
            let c = bytes[i]
            switch state {
            case .value, .valueOrClose:
                if isWhitespace(c) { break }
                if c == UInt8(ascii: "]") && state == .valueOrClose {
                    if let done = close(at: i) { return done }
                    break
                }
                if (c == UInt8(ascii: "{") || c == UInt8(ascii: "[")) && stack.count == Self.maxNesting {
                    return .error(at: i, reason: "nesting deeper than \(Self.maxNesting) levels")
                }
                switch c {
                case UInt8(ascii: "{"): stack.append(c); state = .keyOrClose
                case UInt8(ascii: "["): stack.append(c); state = .valueOrClose
                case UInt8(ascii: "\""): stringIsKey = false; state = .string
                case UInt8(ascii: "-"): state = .minus
                case UInt8(ascii: "0"): state = .zero
                case UInt8(ascii: "1")...UInt8(ascii: "9"): state = .integer
                case UInt8(ascii: "t"): startLiteral("true")
                case UInt8(ascii: "f"): startLiteral("false")
                case UInt8(ascii: "n"): startLiteral("null")
                default: return .error(at: i, reason: "expected a value, found \(Self.describe(c))")
                }
            case .key, .keyOrClose:
                if isWhitespace(c) { break }
                if c == UInt8(ascii: "\"") {
                    stringIsKey = true
                    state = .string
                } else if c == UInt8(ascii: "}") && state == .keyOrClose {
                    if let done = close(at: i) { return done }
                } else {
                    return .error(at: i, reason: "expected a key (a string), found \(Self.describe(c))")
                }
            case .colon:
                if isWhitespace(c) { break }
                guard c == UInt8(ascii: ":") else { return .error(at: i, reason: "expected ':' after a key, found \(Self.describe(c))") }
                state = .value
            case .afterValue:
                if isWhitespace(c) { break }
                let inObject = stack.last == UInt8(ascii: "{")
                if c == UInt8(ascii: ",") {
                    state = inObject ? .key : .value
                } else if c == (inObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    if let done = close(at: i) { return done }
                } else {
                    return .error(at: i, reason: "expected ',' or '\(inObject ? "}" : "]")', found \(Self.describe(c))")
                }
            case .string:
                // The common case: plain bytes up to the closing quote.
                while i < end {
                    let b = bytes[i]
                    if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b < 0x20 { break }
                    i += 1
                }
                guard i < end else { return .needMore }
                let b = bytes[i]
                if b == UInt8(ascii: "\\") {
                    state = .escape
                } else if b < 0x20 {
                    return .error(at: i, reason: b == 0x0A ? "the line ends inside a string" : "raw control character \(Self.describe(b)) in a string")
                } else if stringIsKey {
                    state = .colon
                } else if let done = valueEnded(through: i) {
                    return done
                }
            case .escape:
                switch c {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    state = .string
                case UInt8(ascii: "u"):
                    hexLeft = 4
                    state = .unicode
                default:
                    return .error(at: i, reason: "invalid escape \\\(Self.describe(c, quoted: false)) in a string")
                }
            case .unicode:
                guard Self.isHexDigit(c) else { return .error(at: i, reason: "expected 4 hex digits after \\u, found \(Self.describe(c))") }
                hexLeft -= 1
                if hexLeft == 0 { state = .string }
            case .minus:
                if c == UInt8(ascii: "0") { state = .zero } else if isDigit(c) { state = .integer } else {
                    return .error(at: i, reason: "expected a digit after '-', found \(Self.describe(c))")
                }
            case .zero, .integer, .fraction, .exponent:
                if isDigit(c) && state != .zero { break }
                if c == UInt8(ascii: ".") && (state == .zero || state == .integer) {
                    state = .dot
                } else if (c == UInt8(ascii: "e") || c == UInt8(ascii: "E")) && state != .exponent {
                    state = .exponentMark
                } else {
                    // The number ended before this byte: look at the byte again after it.
                    if stack.isEmpty { return .complete(end: i) }
                    state = .afterValue
                    continue
                }
            case .dot:
                guard isDigit(c) else { return .error(at: i, reason: "expected a digit after '.', found \(Self.describe(c))") }
                state = .fraction
            case .exponentMark, .exponentSign:
                if isDigit(c) {
                    state = .exponent
                } else if state == .exponentMark && (c == UInt8(ascii: "+") || c == UInt8(ascii: "-")) {
                    state = .exponentSign
                } else {
                    return .error(at: i, reason: "expected a digit in the exponent, found \(Self.describe(c))")
                }
            case .literal:
                let expected = literal.withUTF8Buffer { $0[literalIndex] }
                guard c == expected else { return .error(at: i, reason: "invalid literal (expected \(literal)), found \(Self.describe(c))") }
                literalIndex += 1
                if literalIndex == literal.utf8CodeUnitCount, let done = valueEnded(through: i) { return done }
            }
            i += 1
        }
        return .needMore
    }

    private mutating func startLiteral(_ text: StaticString) {
        literal = text
        literalIndex = 1
        state = .literal
    }

    /// Closes the innermost container at `i`.
    private mutating func close(at i: Int) -> Outcome? {
        stack.removeLast()
        return valueEnded(through: i)
    }

    /// A value ended with the byte at `i`: the whole value if it was the outermost, else on to what follows it.
    private mutating func valueEnded(through i: Int) -> Outcome? {
        if stack.isEmpty { return .complete(end: i + 1) }
        state = .afterValue
        return nil
    }

    @inline(__always) private func isWhitespace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 }
    @inline(__always) private func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    private static func isHexDigit(_ c: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(c)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(c)
    }

    /// A byte as an error message shows it: `'x'`, or `byte 0x0a` for control and non-ASCII bytes.
    static func describe(_ c: UInt8, quoted: Bool = true) -> String {
        if c >= 0x20 && c < 0x7F {
            let text = String(UnicodeScalar(c))
            return quoted ? "'\(text)'" : text
        }
        let hex = String(c, radix: 16)
        return "byte 0x" + (hex.count == 1 ? "0" + hex : hex)
    }
}
