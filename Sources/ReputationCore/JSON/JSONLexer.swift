import Foundation

/// Why a message is not acceptable JSON, and where.
struct JSONSyntaxError: Error, Equatable {
    enum Reason: Equatable {
        /// Not JSON (RFC 8259, UTF-8, no lone surrogates); the text says what was found.
        case invalid(String)
        /// Arrays and objects nest deeper than the limit.
        case tooDeep(limit: Int)
    }
    /// Byte offset in the message where the problem was found.
    let offset: Int
    let reason: Reason
}

/// The content of a JSON string token: byte offsets between the quotes.
struct StringSpan {
    var start: Int
    var end: Int
    /// The raw bytes contain a backslash escape, so they differ from the decoded text.
    var hasEscapes: Bool
    var count: Int { end - start }
}

/// A JSON number token, validated against the RFC 8259 grammar.
struct NumberSpan {
    var start: Int
    var end: Int
    var isNegative: Bool
    /// The token has a `.` fraction or an `e` exponent.
    var hasFractionOrExponent: Bool
}

/// A forward-only, allocation-free JSON tokenizer over a byte buffer.
///
/// Strict RFC 8259: UTF-8 validated (overlongs, surrogates and code points above U+10FFFF rejected),
/// escapes checked (including surrogate pairs), no `NaN`/`Infinity`, no leading zeros, no trailing commas.
/// Nesting is limited by `maxDepth` and never recurses deeper than that.
struct JSONLexer {
    let bytes: UnsafePointer<UInt8>
    let count: Int
    let maxDepth: Int
    var pos = 0
    var depth = 0

    init(bytes: UnsafePointer<UInt8>, count: Int, maxDepth: Int) {
        self.bytes = bytes
        self.count = count
        self.maxDepth = maxDepth
    }

    // MARK: - Bytes

    /// The byte at the cursor, or 0 at the end (0 never starts a JSON token).
    @inline(__always) var current: UInt8 { pos < count ? bytes[pos] : 0 }

    @inline(__always) mutating func skipWhitespace() {
        while pos < count {
            let c = bytes[pos]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            pos += 1
        }
    }

    /// Skips a UTF-8 byte order mark at the start of the message (JSONDecoder accepts one too).
    mutating func skipByteOrderMark() {
        if count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { pos = 3 }
    }

    func error(_ text: String, at offset: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(offset: offset ?? pos, reason: .invalid(text))
    }

    /// Describes the byte at the cursor for an error message.
    var foundDescription: String {
        guard pos < count else { return "the end of the message" }
        let c = bytes[pos]
        if c >= 0x21 && c < 0x7F { return "'\(Character(Unicode.Scalar(c)))'" }
        return "byte 0x\(String(c, radix: 16, uppercase: true))"
    }

    @inline(__always) mutating func expect(_ byte: UInt8, _ what: StaticString) throws(JSONSyntaxError) {
        guard current == byte else { throw error("expected \(what), found \(foundDescription)") }
        pos += 1
    }

    // MARK: - Containers

    @inline(__always) mutating func enterContainer() throws(JSONSyntaxError) {
        depth += 1
        if depth > maxDepth { throw JSONSyntaxError(offset: pos, reason: .tooDeep(limit: maxDepth)) }
        pos += 1
    }

    /// After `{`: true if the object has a first member (cursor then on its key's quote).
    mutating func beginObject() throws(JSONSyntaxError) -> Bool {
        try enterContainer()
        skipWhitespace()
        if current == UInt8(ascii: "}") { pos += 1; depth -= 1; return false }
        guard current == UInt8(ascii: "\"") else { throw error("expected a string key or '}', found \(foundDescription)") }
        return true
    }

    /// After a member's value: true if another member follows (cursor then on its key's quote).
    mutating func nextMember() throws(JSONSyntaxError) -> Bool {
        skipWhitespace()
        switch current {
        case UInt8(ascii: ","):
            pos += 1
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw error("expected a string key after ',', found \(foundDescription)") }
            return true
        case UInt8(ascii: "}"):
            pos += 1
            depth -= 1
            return false
        default:
            throw error("expected ',' or '}' in an object, found \(foundDescription)")
        }
    }

    /// Reads `"key" :` and leaves the cursor on the value.
    mutating func readKey() throws(JSONSyntaxError) -> StringSpan {
        let key = try readString()
        skipWhitespace()
        try expect(UInt8(ascii: ":"), "':' after an object key")
        skipWhitespace()
        return key
    }

    /// After `[`: true if the array has a first element (cursor then on it).
    mutating func beginArray() throws(JSONSyntaxError) -> Bool {
        try enterContainer()
        skipWhitespace()
        if current == UInt8(ascii: "]") { pos += 1; depth -= 1; return false }
        return true
    }

    /// After an element: true if another element follows (cursor then on it).
    mutating func nextElement() throws(JSONSyntaxError) -> Bool {
        skipWhitespace()
        switch current {
        case UInt8(ascii: ","):
            pos += 1
            skipWhitespace()
            return true
        case UInt8(ascii: "]"):
            pos += 1
            depth -= 1
            return false
        default:
            throw error("expected ',' or ']' in an array, found \(foundDescription)")
        }
    }

    // MARK: - Any value

    /// Validates and skips one value of any kind; the cursor must be on its first byte.
    mutating func skipValue() throws(JSONSyntaxError) {
        switch current {
        case UInt8(ascii: "\""): _ = try readString()
        case UInt8(ascii: "{"):
            guard try beginObject() else { return }
            repeat {
                _ = try readKey()
                try skipValue()
            } while try nextMember()
        case UInt8(ascii: "["):
            guard try beginArray() else { return }
            repeat { try skipValue() } while try nextElement()
        case UInt8(ascii: "t"): try readLiteral("true")
        case UInt8(ascii: "f"): try readLiteral("false")
        case UInt8(ascii: "n"): try readLiteral("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try readNumber()
        default: throw error("expected a JSON value, found \(foundDescription)")
        }
    }

    mutating func readLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let n = literal.utf8CodeUnitCount
        let start = pos
        guard pos + n <= count, memcmp(bytes + pos, literal.utf8Start, n) == 0 else {
            throw error("expected a JSON value, found \(foundDescription)", at: start)
        }
        pos += n
    }

    // MARK: - Strings

    /// Reads a string token (cursor on its opening quote) and returns its content's span.
    @inline(__always) mutating func readString() throws(JSONSyntaxError) -> StringSpan {
        pos += 1
        let start = pos
        var hasEscapes = false
        while true {
            // Sixteen, then eight bytes at a time while none is a quote, a backslash, a control byte
            // or non-ASCII (addresses and hashes, most of a message, are long plain ASCII).
            while pos &+ 16 <= count {
                let raw = UnsafeRawPointer(bytes + pos)
                if Self.needsAttention(raw.loadUnaligned(as: UInt64.self))
                    || Self.needsAttention(raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) { break }
                pos &+= 16
            }
            while pos &+ 8 <= count {
                let word = UnsafeRawPointer(bytes + pos).loadUnaligned(as: UInt64.self)
                if Self.needsAttention(word) { break }
                pos &+= 8
            }
            guard pos < count else { throw error("unterminated string", at: start - 1) }
            let c = bytes[pos]
            if c == UInt8(ascii: "\"") {
                pos += 1
                return StringSpan(start: start, end: pos - 1, hasEscapes: hasEscapes)
            } else if c == UInt8(ascii: "\\") {
                hasEscapes = true
                try readEscape()
            } else if c < 0x20 {
                throw error("unescaped control character in a string")
            } else if c < 0x80 {
                pos += 1
            } else {
                try readMultiByteScalar()
            }
        }
    }

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// True if any byte of `word` is `"`, `\`, below 0x20 or above 0x7F.
    @inline(__always) static func needsAttention(_ word: UInt64) -> Bool {
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let hasQuote = (quote &- ones) & ~quote
        let hasBackslash = (backslash &- ones) & ~backslash
        let hasControl = (word &- ones &* 0x20) & ~word
        return ((hasQuote | hasBackslash | hasControl) & highs) | (word & highs) != 0
    }

    private mutating func readEscape() throws(JSONSyntaxError) {
        let start = pos
        pos += 1
        guard pos < count else { throw error("unterminated string", at: start) }
        switch bytes[pos] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
             UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            pos += 1
        case UInt8(ascii: "u"):
            pos += 1
            let unit = try readHex4(escapeStart: start)
            if unit >= 0xD800 && unit <= 0xDBFF {
                guard pos + 1 < count, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") else {
                    throw error("lone UTF-16 surrogate in a \\u escape", at: start)
                }
                pos += 2
                let low = try readHex4(escapeStart: start)
                guard low >= 0xDC00 && low <= 0xDFFF else { throw error("lone UTF-16 surrogate in a \\u escape", at: start) }
            } else if unit >= 0xDC00 && unit <= 0xDFFF {
                throw error("lone UTF-16 surrogate in a \\u escape", at: start)
            }
        default:
            throw error("invalid escape sequence in a string", at: start)
        }
    }

    private mutating func readHex4(escapeStart: Int) throws(JSONSyntaxError) -> UInt32 {
        guard pos + 4 <= count else { throw error("invalid \\u escape", at: escapeStart) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = Self.hexValue(bytes[pos]) else { throw error("invalid \\u escape", at: escapeStart) }
            value = value << 4 | digit
            pos += 1
        }
        return value
    }

    static func hexValue(_ c: UInt8) -> UInt32? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(c - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(c - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// Validates one UTF-8 sequence of two to four bytes (Unicode 15, table 3-7).
    private mutating func readMultiByteScalar() throws(JSONSyntaxError) {
        let lead = bytes[pos]
        let length: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: throw error("invalid UTF-8")
        }
        guard pos + length <= count else { throw error("invalid UTF-8") }
        let second = bytes[pos + 1]
        guard second >= low && second <= high else { throw error("invalid UTF-8") }
        var i = 2
        while i < length {
            guard bytes[pos + i] & 0xC0 == 0x80 else { throw error("invalid UTF-8") }
            i += 1
        }
        pos += length
    }

    // MARK: - Numbers

    /// Reads a number token (cursor on `-` or a digit).
    @inline(__always) mutating func readNumber() throws(JSONSyntaxError) -> NumberSpan {
        let start = pos
        let negative = current == UInt8(ascii: "-")
        if negative { pos += 1 }
        let first = current
        if first == UInt8(ascii: "0") {
            pos += 1
        } else if first >= UInt8(ascii: "1") && first <= UInt8(ascii: "9") {
            pos += 1
            skipDigits()
        } else {
            throw error("invalid number", at: start)
        }
        var fractional = false
        if current == UInt8(ascii: ".") {
            pos += 1
            guard isDigit(current) else { throw error("invalid number: digits expected after '.'", at: start) }
            skipDigits()
            fractional = true
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            pos += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { pos += 1 }
            guard isDigit(current) else { throw error("invalid number: digits expected in the exponent", at: start) }
            skipDigits()
            fractional = true
        }
        if isDigit(current) { throw error("invalid number: leading zero", at: start) }
        return NumberSpan(start: start, end: pos, isNegative: negative, hasFractionOrExponent: fractional)
    }

    @inline(__always) private func isDigit(_ c: UInt8) -> Bool { c &- UInt8(ascii: "0") < 10 }

    @inline(__always) private mutating func skipDigits() {
        while pos < count && isDigit(bytes[pos]) { pos += 1 }
    }
}
