/// The field rules of MODEL.md §1 for the Codable types; messages equal the fast reader's.

extension ScoringFailure {
    init(_ error: FieldError, walletAddress: String? = nil, dexTransactionCount: Int? = nil) {
        self.init(code: error.code, message: error.message, walletAddress: walletAddress,
                  dexTransactionCount: error.concernsDexTransactions ? dexTransactionCount : nil)
    }
}

extension ScoringFailure {
    /// A field error as a failure; other errors (a decoder's own) pass through unchanged.
    static func wrapping(_ error: any Error, walletAddress: String? = nil, dexTransactionCount: Int? = nil) -> any Error {
        guard let field = error as? FieldError else { return error }
        return ScoringFailure(field, walletAddress: walletAddress, dexTransactionCount: dexTransactionCount)
    }
}

extension FieldPath {
    /// The path of a Codable value from its decoder's coding path (`data`, 0, `transactions`, 3, `tokenIn`).
    init(codingPath: [any CodingKey]) {
        self.init()
        for key in codingPath {
            if let index = key.intValue {
                if sectionIndex == nil { sectionIndex = index } else { transactionIndex = index }
                fields = []
            } else {
                fields.append(key.stringValue)
            }
        }
    }

    func appending(_ field: String) -> FieldPath {
        var path = self
        path.fields.append(field)
        return path
    }
}

extension FoundValue {
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// What the decoder's value is, for an error message.
    static func probe(_ decoder: any Decoder) -> FoundValue {
        if let c = try? decoder.singleValueContainer() {
            if c.decodeNil() { return .null }
            if let text = try? c.decode(String.self) { return .string(text) }
            if let flag = try? c.decode(Bool.self) { return .bool(flag) }
        }
        if (try? decoder.container(keyedBy: AnyKey.self)) != nil { return .object }
        if (try? decoder.unkeyedContainer()) != nil { return .array }
        return .number
    }

    static func probe<Key>(_ c: KeyedDecodingContainer<Key>, _ key: Key) -> FoundValue {
        (try? c.superDecoder(forKey: key)).map(probe) ?? .null
    }
}

extension KeyedDecodingContainer {
    func requiredNonEmptyString(_ key: Key, at path: FieldPath) throws -> String {
        guard contains(key) else { throw FieldError.missing(path) }
        guard let text = try? decode(String.self, forKey: key), !text.isEmpty else {
            throw FieldError.invalid(path, expected: Expected.documentID, got: .probe(self, key))
        }
        return text
    }

    func optionalString(_ key: Key, at path: FieldPath) throws -> String? {
        guard contains(key), !((try? decodeNil(forKey: key)) ?? false) else { return nil }
        guard let text = try? decode(String.self, forKey: key) else {
            throw FieldError.invalid(path, expected: Expected.optionalString, got: .probe(self, key))
        }
        return text
    }

    func optionalToken(_ key: Key, at path: FieldPath) throws -> TokenAmount? {
        guard contains(key), !((try? decodeNil(forKey: key)) ?? false) else { return nil }
        return try decode(TokenAmount.self, forKey: key)
    }
}
