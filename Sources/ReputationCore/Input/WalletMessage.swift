import Foundation

/// A wallet message (MODEL.md §1): the wallet and its history, grouped by protocol type.
///
/// Decoding checks every rule of MODEL.md §1 and throws a ``ScoringFailure`` whose message names the
/// field, exactly as the fast reader of ``ScoringSession`` does. Unknown fields are ignored.
public struct WalletMessage: Codable, Sendable, Equatable {
    public var walletAddress: String
    public var data: [ProtocolSection]

    public init(walletAddress: String, data: [ProtocolSection]) {
        self.walletAddress = walletAddress
        self.data = data
    }

    enum CodingKeys: String, CodingKey {
        case walletAddress = "wallet_address"
        case data
    }

    public init(from decoder: any Decoder) throws {
        guard let c = try? decoder.container(keyedBy: CodingKeys.self) else {
            throw ScoringFailure(FieldError.invalid(.root, expected: Expected.message, got: .probe(decoder)))
        }
        let address: String
        do {
            address = try c.requiredNonEmptyString(.walletAddress, at: .field("wallet_address"))
        } catch {
            throw ScoringFailure.wrapping(error)
        }
        do {
            data = try Self.sections(c)
        } catch {
            let shapes = (try? c.decode([SectionShape].self, forKey: .data)) ?? []
            throw ScoringFailure.wrapping(error, walletAddress: address,
                                          dexTransactionCount: shapes.reduce(0) { $0 + $1.dexTransactionCount })
        }
        walletAddress = address
    }

    private static func sections(_ c: KeyedDecodingContainer<CodingKeys>) throws -> [ProtocolSection] {
        guard c.contains(.data) else { throw FieldError.missing(.field("data")) }
        guard var list = try? c.nestedUnkeyedContainer(forKey: .data) else {
            throw FieldError.invalid(.field("data"), expected: Expected.data, got: .probe(c, .data))
        }
        var sections: [ProtocolSection] = []
        while !list.isAtEnd { sections.append(try list.decode(ProtocolSection.self)) }
        return sections
    }
}

/// One entry of `data`. Only `dexes` sections are read: other sections keep their protocol type only.
public struct ProtocolSection: Codable, Sendable, Equatable {
    public var protocolType: String?
    /// The transactions of a `dexes` section; nil for other sections.
    public var transactions: [DexTransaction]?

    public init(protocolType: String?, transactions: [DexTransaction]?) {
        self.protocolType = protocolType
        self.transactions = transactions
    }

    /// True for a `dexes` section (exact bytes).
    public var isDexes: Bool { protocolType.map { $0.utf8.elementsEqual("dexes".utf8) } ?? false }

    enum CodingKeys: String, CodingKey { case protocolType, transactions }

    public init(from decoder: any Decoder) throws {
        let path = FieldPath(codingPath: decoder.codingPath)
        guard let c = try? decoder.container(keyedBy: CodingKeys.self) else {
            throw FieldError.invalid(path, expected: Expected.section, got: .probe(decoder))
        }
        protocolType = try? c.decodeIfPresent(String.self, forKey: .protocolType)
        guard protocolType.map({ $0.utf8.elementsEqual("dexes".utf8) }) ?? false else {
            transactions = nil
            return
        }
        var transactionsPath = path
        transactionsPath.fields = ["transactions"]
        guard c.contains(.transactions) else { throw FieldError.missing(transactionsPath) }
        guard var list = try? c.nestedUnkeyedContainer(forKey: .transactions) else {
            throw FieldError.invalid(transactionsPath, expected: Expected.transactions, got: .probe(c, .transactions))
        }
        var transactions: [DexTransaction] = []
        while !list.isAtEnd { transactions.append(try list.decode(DexTransaction.self)) }
        self.transactions = transactions
    }
}

/// A transaction of a `dexes` section.
public struct DexTransaction: Codable, Sendable, Equatable {
    public var documentID: String
    /// `swap`, `deposit`, `withdraw`, or any other action (which counts only for activity features).
    public var action: String
    /// Seconds since the epoch, 0 through 253402300799.
    public var timestamp: Int64
    public var poolId: String?
    public var tokenIn: TokenAmount?
    public var tokenOut: TokenAmount?
    public var token0: TokenAmount?
    public var token1: TokenAmount?
    public var caller: String?
    public var `protocol`: String?
    public var poolName: String?

    public init(documentID: String, action: String, timestamp: Int64, poolId: String? = nil,
                tokenIn: TokenAmount? = nil, tokenOut: TokenAmount? = nil, token0: TokenAmount? = nil,
                token1: TokenAmount? = nil, caller: String? = nil, protocol: String? = nil, poolName: String? = nil) {
        self.documentID = documentID
        self.action = action
        self.timestamp = timestamp
        self.poolId = poolId
        self.tokenIn = tokenIn
        self.tokenOut = tokenOut
        self.token0 = token0
        self.token1 = token1
        self.caller = caller
        self.protocol = `protocol`
        self.poolName = poolName
    }

    enum CodingKeys: String, CodingKey {
        case documentID = "document_id", action, timestamp, poolId, tokenIn, tokenOut, token0, token1, caller
        case `protocol`, poolName
    }

    public init(from decoder: any Decoder) throws {
        let path = FieldPath(codingPath: decoder.codingPath)
        guard let c = try? decoder.container(keyedBy: CodingKeys.self) else {
            throw FieldError.invalid(path, expected: Expected.transaction, got: .probe(decoder))
        }
        func at(_ key: CodingKeys) -> FieldPath { path.appending(key.stringValue) }
        documentID = try c.requiredNonEmptyString(.documentID, at: at(.documentID))
        guard c.contains(.action) else { throw FieldError.missing(at(.action)) }
        guard let action = try? c.decode(String.self, forKey: .action) else {
            throw FieldError.invalid(at(.action), expected: Expected.action, got: .probe(c, .action))
        }
        self.action = action
        guard c.contains(.timestamp) else { throw FieldError.missing(at(.timestamp)) }
        if let seconds = try? c.decode(Decimal.self, forKey: .timestamp) {
            guard let value = Self.timestamp(seconds) else {
                throw FieldError.invalid(at(.timestamp), expected: Expected.timestamp, got: .otherNumber)
            }
            timestamp = value
        } else {
            let found = FoundValue.probe(c, .timestamp)
            throw FieldError.invalid(at(.timestamp), expected: Expected.timestamp, got: found == .number ? .otherNumber : found)
        }
        poolId = try c.optionalString(.poolId, at: at(.poolId))
        tokenIn = try c.optionalToken(.tokenIn, at: at(.tokenIn))
        tokenOut = try c.optionalToken(.tokenOut, at: at(.tokenOut))
        token0 = try c.optionalToken(.token0, at: at(.token0))
        token1 = try c.optionalToken(.token1, at: at(.token1))
        caller = try c.optionalString(.caller, at: at(.caller))
        self.protocol = try c.optionalString(.protocol, at: at(.protocol))
        poolName = try c.optionalString(.poolName, at: at(.poolName))
    }

    /// A whole number of seconds in range, or nil.
    static func timestamp(_ value: Decimal) -> Int64? {
        var value = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 0, .plain)
        guard rounded == value, value >= 0, value <= Decimal(NumberValue.maxTimestamp) else { return nil }
        return NSDecimalNumber(decimal: value).int64Value
    }
}

/// A token side of a transaction: `tokenIn`/`tokenOut` of a swap, `token0`/`token1` of a deposit or withdraw.
public struct TokenAmount: Codable, Sendable, Equatable {
    /// USD value, finite and ≥ 0; missing or null counts as 0.
    public var amountUSD: Double?
    /// The amount in base units; `dex-v1` does not use it.
    public var amount: BaseUnits?
    public var symbol: String?
    public var address: String?

    public init(amountUSD: Double? = nil, amount: BaseUnits? = nil, symbol: String? = nil, address: String? = nil) {
        self.amountUSD = amountUSD
        self.amount = amount
        self.symbol = symbol
        self.address = address
    }

    enum CodingKeys: String, CodingKey { case amountUSD, amount, symbol, address }

    public init(from decoder: any Decoder) throws {
        let path = FieldPath(codingPath: decoder.codingPath)
        guard let c = try? decoder.container(keyedBy: CodingKeys.self) else {
            throw FieldError.invalid(path, expected: Expected.token, got: .probe(decoder))
        }
        func at(_ key: CodingKeys) -> FieldPath { path.appending(key.stringValue) }
        if c.contains(.amountUSD), !((try? c.decodeNil(forKey: .amountUSD)) ?? false) {
            if let value = try? c.decode(Double.self, forKey: .amountUSD) {
                guard !(value < 0) else {
                    throw FieldError.invalid(at(.amountUSD), expected: Expected.amountUSD, got: .negativeNumber)
                }
                amountUSD = value
            } else {
                let found = FoundValue.probe(c, .amountUSD)
                throw FieldError.invalid(at(.amountUSD), expected: Expected.amountUSD,
                                         got: found == .number ? .numberOutOfRange : found)
            }
        }
        if c.contains(.amount), !((try? c.decodeNil(forKey: .amount)) ?? false) {
            switch FoundValue.probe(c, .amount) {
            case .number: amount = .number(try? c.decode(Decimal.self, forKey: .amount))
            case .string(let text) where text.utf8.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) && !text.isEmpty:
                amount = .digits(text)
            case let found: throw FieldError.invalid(at(.amount), expected: Expected.amount, got: found)
            }
        }
        symbol = try c.optionalString(.symbol, at: at(.symbol))
        address = try c.optionalString(.address, at: at(.address))
    }
}

/// A token amount in base units, often above 2^64 (18-decimal tokens).
public enum BaseUnits: Codable, Sendable, Equatable {
    /// Given as a string of digits: exact.
    case digits(String)
    /// Given as a JSON number: as `Decimal` reads it (exact to 38 significant digits), nil past its range.
    case number(Decimal?)

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let text = try? c.decode(String.self) { self = .digits(text) } else { self = .number(try? c.decode(Decimal.self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .digits(let text): try c.encode(text)
        case .number(let value?): try c.encode(value)
        case .number(nil): try c.encodeNil()
        }
    }
}

/// Counts a section's dexes transactions without validating them (for a failure's `transaction_count`).
private struct SectionShape: Decodable {
    var dexTransactionCount = 0

    enum CodingKeys: String, CodingKey { case protocolType, transactions }

    init(from decoder: any Decoder) throws {
        guard let c = try? decoder.container(keyedBy: CodingKeys.self),
              let type = try? c.decode(String.self, forKey: .protocolType), type.utf8.elementsEqual("dexes".utf8),
              let list = try? c.nestedUnkeyedContainer(forKey: .transactions) else { return }
        dexTransactionCount = list.count ?? 0
    }
}
