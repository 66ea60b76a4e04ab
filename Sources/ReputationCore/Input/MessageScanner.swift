import Foundation

/// Reads a wallet message in one pass over its bytes, straight into a ``DexAccumulator``.
///
/// Nothing is allocated for values the model does not need: unknown fields, non-dex sections and
/// `amount` integers of any length are validated and skipped in place. The whole message is always
/// validated (a syntax error anywhere makes it `invalid_json`, as it does on the Codable path), and
/// field errors are reported by the same precedence as the Codable types: `wallet_address` before
/// `data`, then by index, then in ``TransactionField`` / ``TokenField`` order.
struct MessageScanner {
    private var lexer: JSONLexer
    /// Transactions in `dexes` sections, counted before de-duplication and whether valid or not.
    private(set) var dexTransactionCount = 0
    /// The first error inside `data`, by index.
    private var dataError: FieldError?
    /// The strings unescaped so far (values the message writes with escapes): the accumulator reads pool IDs
    /// and token addresses when the wallet ends, so they last until ``release()``.
    private var unescaped = UnescapedStrings()

    init(bytes: UnsafePointer<UInt8>, count: Int, maxDepth: Int) {
        lexer = JSONLexer(bytes: bytes, count: count, maxDepth: maxDepth)
    }

    /// Frees the strings unescaped while scanning; call it once the accumulator's wallet is done.
    mutating func release() {
        unescaped.release()
    }

    /// Scans the message; returns its wallet address (when valid) and its first field error.
    mutating func scan(into acc: inout DexAccumulator) throws(JSONSyntaxError) -> (address: String?, error: FieldError?) {
        lexer.skipByteOrderMark()
        lexer.skipWhitespace()
        var address: String?
        var addressError: FieldError?
        var rootError: FieldError?
        if lexer.current != UInt8(ascii: "{") {
            rootError = .invalid(.root, expected: Expected.message, got: try consumeDescribing())
        } else {
            var sawAddress = false, sawData = false
            if try lexer.beginObject() {
                repeat {
                    let key = try lexer.readKey()
                    if !sawAddress && isKey(key, "wallet_address") {
                        sawAddress = true
                        if lexer.current == UInt8(ascii: "\"") {
                            let text = string(try lexer.readString())
                            if text.isEmpty {
                                addressError = .invalid(.field("wallet_address"), expected: Expected.walletAddress, got: .string(""))
                            } else {
                                address = text
                            }
                        } else {
                            addressError = .invalid(.field("wallet_address"), expected: Expected.walletAddress,
                                                    got: try consumeDescribing())
                        }
                    } else if !sawData && isKey(key, "data") {
                        sawData = true
                        if lexer.current == UInt8(ascii: "[") {
                            try scanData(into: &acc)
                        } else {
                            dataError = .invalid(.field("data"), expected: Expected.data, got: try consumeDescribing())
                        }
                    } else {
                        try lexer.skipValue()
                    }
                } while try lexer.nextMember()
            }
            if !sawAddress { addressError = .missing(.field("wallet_address")) }
            if !sawData { dataError = .missing(.field("data")) }
        }
        lexer.skipWhitespace()
        guard lexer.pos == lexer.count else { throw lexer.error("unexpected content after the message") }
        return (addressError == nil ? address : nil, rootError ?? addressError ?? dataError)
    }

    private mutating func record(_ error: FieldError) {
        if dataError == nil { dataError = error }
    }

    // MARK: - Sections

    private mutating func scanData(into acc: inout DexAccumulator) throws(JSONSyntaxError) {
        guard try lexer.beginArray() else { return }
        var index = 0
        repeat {
            if lexer.current == UInt8(ascii: "{") {
                try scanSection(index, into: &acc)
            } else {
                record(.invalid(.section(index), expected: Expected.section, got: try consumeDescribing()))
            }
            index += 1
        } while try lexer.nextElement()
    }

    private mutating func scanSection(_ index: Int, into acc: inout DexAccumulator) throws(JSONSyntaxError) {
        var isDexes = false, sawType = false, sawTransactions = false
        var deferredTransactions: (pos: Int, depth: Int)?
        guard try lexer.beginObject() else { return }
        repeat {
            let key = try lexer.readKey()
            if !sawType && isKey(key, "protocolType") {
                sawType = true
                if lexer.current == UInt8(ascii: "\"") {
                    isDexes = isKey(try lexer.readString(), "dexes")
                } else {
                    try lexer.skipValue()
                }
            } else if !sawTransactions && isKey(key, "transactions") {
                sawTransactions = true
                if !sawType {
                    // protocolType comes later: come back to the transactions once it is known.
                    deferredTransactions = (lexer.pos, lexer.depth)
                    try lexer.skipValue()
                } else if isDexes {
                    try scanTransactions(section: index, into: &acc)
                } else {
                    try lexer.skipValue()
                }
            } else {
                try lexer.skipValue()
            }
        } while try lexer.nextMember()
        guard isDexes else { return }
        if let deferred = deferredTransactions {
            let resume = (lexer.pos, lexer.depth)
            (lexer.pos, lexer.depth) = deferred
            try scanTransactions(section: index, into: &acc)
            (lexer.pos, lexer.depth) = resume
        } else if !sawTransactions {
            record(.missing(.section(index, "transactions")))
        }
    }

    private mutating func scanTransactions(section: Int, into acc: inout DexAccumulator) throws(JSONSyntaxError) {
        guard lexer.current == UInt8(ascii: "[") else {
            record(.invalid(.section(section, "transactions"), expected: Expected.transactions, got: try consumeDescribing()))
            return
        }
        guard try lexer.beginArray() else { return }
        var index = 0
        repeat {
            dexTransactionCount += 1
            if dataError != nil {
                try lexer.skipValue()   // the result is a failure already: only validate and count
            } else if lexer.current == UInt8(ascii: "{") {
                try scanTransaction(section: section, index: index, into: &acc)
            } else {
                record(.invalid(.transaction(section, index), expected: Expected.transaction, got: try consumeDescribing()))
            }
            index += 1
        } while try lexer.nextElement()
    }

    // MARK: - Transactions

    private mutating func scanTransaction(section: Int, index: Int, into acc: inout DexAccumulator) throws(JSONSyntaxError) {
        var firstError = RankedError()
        var seen: UInt16 = 0
        var documentID: StringSpan?
        var action = DexAction.other
        var timestamp: Int64 = 0
        var pool: StringSpan?
        var sides = (TokenSide(), TokenSide(), TokenSide(), TokenSide())
        var unescaped = UnescapedStrings()   // the message's, out of `self` while this transaction is read
        swap(&unescaped, &self.unescaped)
        defer { swap(&unescaped, &self.unescaped) }

        func path(_ field: TransactionField) -> FieldPath { .transaction(section, index, field.key) }

        if try lexer.beginObject() {
            repeat {
                let key = try lexer.readKey()
                guard let field = transactionField(key), seen & (1 << field.rawValue) == 0 else {
                    try lexer.skipValue()
                    continue
                }
                seen |= 1 << field.rawValue
                let rank = field.rawValue
                switch field {
                case .documentID:
                    if lexer.current == UInt8(ascii: "\"") {
                        let span = try lexer.readString()
                        if span.count == 0 {
                            firstError.note(rank, .invalid(path(field), expected: Expected.documentID, got: .string("")))
                        } else {
                            documentID = span
                        }
                    } else {
                        firstError.note(rank, .invalid(path(field), expected: Expected.documentID, got: try consumeDescribing()))
                    }
                case .action:
                    if lexer.current == UInt8(ascii: "\"") {
                        action = DexAction(utf8: bytes(try lexer.readString(), &unescaped))
                    } else {
                        firstError.note(rank, .invalid(path(field), expected: Expected.action, got: try consumeDescribing()))
                    }
                case .timestamp:
                    if isNumberStart(lexer.current) {
                        let number = try lexer.readNumber()
                        if let value = NumberValue.timestamp(lexer.bytes, number) {
                            timestamp = value
                        } else {
                            firstError.note(rank, .invalid(path(field), expected: Expected.timestamp, got: .otherNumber))
                        }
                    } else {
                        firstError.note(rank, .invalid(path(field), expected: Expected.timestamp, got: try consumeDescribing()))
                    }
                case .poolId:
                    if lexer.current == UInt8(ascii: "\"") {
                        pool = try lexer.readString()
                    } else if !(try consumeNull()) {
                        firstError.note(rank, .invalid(path(field), expected: Expected.optionalString, got: try consumeDescribing()))
                    }
                case .tokenIn, .tokenOut, .token0, .token1:
                    if lexer.current == UInt8(ascii: "{") {
                        var side = TokenSide()
                        if let error = try scanToken(path(field), into: &side, &unescaped, addresses: acc.readsTokenAddresses) {
                            firstError.note(rank, error)
                        }
                        switch field {
                        case .tokenIn: sides.0 = side
                        case .tokenOut: sides.1 = side
                        case .token0: sides.2 = side
                        default: sides.3 = side
                        }
                    } else if !(try consumeNull()) {
                        firstError.note(rank, .invalid(path(field), expected: Expected.token, got: try consumeDescribing()))
                    }
                case .caller, .protocol, .poolName:
                    if lexer.current == UInt8(ascii: "\"") {
                        _ = try lexer.readString()
                    } else if !(try consumeNull()) {
                        firstError.note(rank, .invalid(path(field), expected: Expected.optionalString, got: try consumeDescribing()))
                    }
                }
            } while try lexer.nextMember()
        }
        if seen & 0b111 != 0b111 {   // document_id, action and timestamp are required
            for required in [TransactionField.documentID, .action, .timestamp] where seen & (1 << required.rawValue) == 0 {
                firstError.note(required.rawValue, .missing(path(required)))
            }
        }
        if let error = firstError.error {
            record(error)
            return
        }
        guard let documentID else { return }
        acc.add(documentID: bytes(documentID, &unescaped), action: action, timestamp: timestamp,
                pool: pool.map { bytes($0, &unescaped) }, sides: sides)
    }

    /// Reads a token object into `side`; its `address` only when `addresses` (risk lists have token entries).
    private mutating func scanToken(_ path: FieldPath, into side: inout TokenSide, _ unescaped: inout UnescapedStrings,
                                    addresses: Bool) throws(JSONSyntaxError) -> FieldError? {
        var firstError = RankedError()
        var seen: UInt8 = 0
        func fieldPath(_ field: TokenField) -> FieldPath {
            var p = path
            p.fields.append(field.key)
            return p
        }
        guard try lexer.beginObject() else { return nil }
        repeat {
            let key = try lexer.readKey()
            guard let field = tokenField(key), seen & (1 << field.rawValue) == 0 else {
                try lexer.skipValue()
                continue
            }
            seen |= 1 << field.rawValue
            let rank = field.rawValue
            switch field {
            case .amountUSD:
                if isNumberStart(lexer.current) {
                    let number = try lexer.readNumber()
                    let (value, nonZero) = NumberValue.double(lexer.bytes, number)
                    if !value.isFinite || (value == 0 && nonZero) {
                        firstError.note(rank, .invalid(fieldPath(field), expected: Expected.amountUSD, got: .numberOutOfRange))
                    } else if value < 0 {
                        firstError.note(rank, .invalid(fieldPath(field), expected: Expected.amountUSD, got: .negativeNumber))
                    } else {
                        side.amountUSD = value
                    }
                } else if !(try consumeNull()) {
                    firstError.note(rank, .invalid(fieldPath(field), expected: Expected.amountUSD, got: try consumeDescribing()))
                }
            case .amount:
                if isNumberStart(lexer.current) {
                    _ = try lexer.readNumber()
                } else if lexer.current == UInt8(ascii: "\"") {
                    let span = try lexer.readString()
                    if !Self.isDigits(bytes(span, &unescaped)) {
                        firstError.note(rank, .invalid(fieldPath(field), expected: Expected.amount, got: .string(string(span))))
                    }
                } else if !(try consumeNull()) {
                    firstError.note(rank, .invalid(fieldPath(field), expected: Expected.amount, got: try consumeDescribing()))
                }
            case .symbol:
                if lexer.current == UInt8(ascii: "\"") {
                    side.symbol = bytes(try lexer.readString(), &unescaped)
                } else if !(try consumeNull()) {
                    firstError.note(rank, .invalid(fieldPath(field), expected: Expected.optionalString, got: try consumeDescribing()))
                }
            case .address:
                if lexer.current == UInt8(ascii: "\"") {
                    let span = try lexer.readString()
                    if addresses { side.address = bytes(span, &unescaped) }
                } else if !(try consumeNull()) {
                    firstError.note(rank, .invalid(fieldPath(field), expected: Expected.optionalString, got: try consumeDescribing()))
                }
            }
        } while try lexer.nextMember()
        return firstError.error
    }

    static func isDigits(_ bytes: UnsafeRawBufferPointer) -> Bool {
        !bytes.isEmpty && bytes.allSatisfy { $0 &- UInt8(ascii: "0") < 10 }
    }

    // MARK: - Values

    @inline(__always) private func isNumberStart(_ c: UInt8) -> Bool {
        c == UInt8(ascii: "-") || c &- UInt8(ascii: "0") < 10
    }

    /// Consumes a `null` if the cursor is on one.
    private mutating func consumeNull() throws(JSONSyntaxError) -> Bool {
        guard lexer.current == UInt8(ascii: "n") else { return false }
        try lexer.readLiteral("null")
        return true
    }

    /// Consumes any value and says what it was, for an error message.
    private mutating func consumeDescribing() throws(JSONSyntaxError) -> FoundValue {
        switch lexer.current {
        case UInt8(ascii: "\""): return .string(string(try lexer.readString()))
        case UInt8(ascii: "{"): try lexer.skipValue(); return .object
        case UInt8(ascii: "["): try lexer.skipValue(); return .array
        case UInt8(ascii: "t"): try lexer.readLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try lexer.readLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try lexer.readLiteral("null"); return .null
        default: try lexer.skipValue(); return .number
        }
    }

    // MARK: - Strings and keys

    /// The decoded text of a string token.
    private func string(_ span: StringSpan) -> String {
        if !span.hasEscapes {
            return String(decoding: UnsafeBufferPointer(start: lexer.bytes + span.start, count: span.count), as: UTF8.self)
        }
        return String(decoding: JSONUnescape.bytes(lexer.bytes + span.start, count: span.count), as: UTF8.self)
    }

    /// The decoded UTF-8 bytes of a string token: in place when it has no escape, else a copy that
    /// `unescaped` owns until it is released.
    private func bytes(_ span: StringSpan, _ unescaped: inout UnescapedStrings) -> UnsafeRawBufferPointer {
        if !span.hasEscapes { return UnsafeRawBufferPointer(start: lexer.bytes + span.start, count: span.count) }
        return unescaped.keep(JSONUnescape.bytes(lexer.bytes + span.start, count: span.count))
    }

    /// True if the key (decoded) is `name`. Unescaped keys compare in place, a word at a time.
    @inline(__always) private func isKey(_ span: StringSpan, _ name: StaticString) -> Bool {
        let n = name.utf8CodeUnitCount
        if span.hasEscapes {
            return JSONUnescape.bytes(lexer.bytes + span.start, count: span.count)
                .elementsEqual(UnsafeBufferPointer(start: name.utf8Start, count: n))
        }
        guard span.count == n else { return false }
        let key = UnsafeRawPointer(lexer.bytes + span.start), literal = UnsafeRawPointer(name.utf8Start)
        if n >= 8 {   // first and last eight bytes (overlapping) cover keys up to 16 bytes
            return key.loadUnaligned(as: UInt64.self) == literal.loadUnaligned(as: UInt64.self)
                && key.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) == literal.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
                && (n <= 16 || memcmp(key, literal, n) == 0)
        }
        if n >= 4 {
            return key.loadUnaligned(as: UInt32.self) == literal.loadUnaligned(as: UInt32.self)
                && key.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self) == literal.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
        }
        return memcmp(key, literal, n) == 0
    }

    private func transactionField(_ key: StringSpan) -> TransactionField? {
        if isKey(key, "document_id") { return .documentID }
        if isKey(key, "action") { return .action }
        if isKey(key, "timestamp") { return .timestamp }
        if isKey(key, "poolId") { return .poolId }
        if isKey(key, "tokenIn") { return .tokenIn }
        if isKey(key, "tokenOut") { return .tokenOut }
        if isKey(key, "token0") { return .token0 }
        if isKey(key, "token1") { return .token1 }
        if isKey(key, "caller") { return .caller }
        if isKey(key, "protocol") { return .protocol }
        if isKey(key, "poolName") { return .poolName }
        return nil
    }

    private func tokenField(_ key: StringSpan) -> TokenField? {
        if isKey(key, "amountUSD") { return .amountUSD }
        if isKey(key, "amount") { return .amount }
        if isKey(key, "symbol") { return .symbol }
        if isKey(key, "address") { return .address }
        return nil
    }
}

/// The error of the highest precedence (lowest rank) seen in one object.
private struct RankedError {
    private var rank = Int.max
    private(set) var error: FieldError?

    mutating func note(_ rank: Int, _ error: FieldError) {
        if rank < self.rank { self.rank = rank; self.error = error }
    }
}

/// Decoded copies of escaped strings, alive until `release()`; empty (and free) for the usual
/// message, whose strings have no escapes.
struct UnescapedStrings {
    private var buffers: [UnsafeMutableRawBufferPointer] = []

    mutating func keep(_ bytes: [UInt8]) -> UnsafeRawBufferPointer {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
        bytes.withUnsafeBytes { buffer.copyMemory(from: $0) }
        buffers.append(buffer)
        return UnsafeRawBufferPointer(start: buffer.baseAddress, count: bytes.count)
    }

    mutating func release() {
        for buffer in buffers { buffer.deallocate() }
        buffers.removeAll()
    }
}
