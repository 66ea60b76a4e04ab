/// What each field of a wallet message must hold (MODEL.md §1), as error messages say it.
/// Both readers (``MessageScanner`` and the Codable types) check the same rules in the same order.
enum Expected {
    static let message = "a JSON object"
    static let walletAddress = "a non-empty string"
    static let data = "an array"
    static let section = "an object"
    static let transactions = "an array"
    static let transaction = "an object"
    static let documentID = "a non-empty string"
    static let action = "a string"
    static let timestamp = "integer seconds"
    static let optionalString = "a string or null"
    static let token = "an object or null"
    static let amountUSD = "a finite number ≥ 0 or null"
    static let amount = "a base-unit integer (a number or a string of digits) or null"
}

/// The fields of a dexes transaction in the order their errors take precedence.
enum TransactionField: Int, CaseIterable {
    case documentID, action, timestamp, poolId, tokenIn, tokenOut, token0, token1, caller, `protocol`, poolName

    var key: String {
        switch self {
        case .documentID: "document_id"
        case .action: "action"
        case .timestamp: "timestamp"
        case .poolId: "poolId"
        case .tokenIn: "tokenIn"
        case .tokenOut: "tokenOut"
        case .token0: "token0"
        case .token1: "token1"
        case .caller: "caller"
        case .protocol: "protocol"
        case .poolName: "poolName"
        }
    }
}

/// The fields of a token object in the order their errors take precedence.
enum TokenField: Int, CaseIterable {
    case amountUSD, amount, symbol, address

    var key: String {
        switch self {
        case .amountUSD: "amountUSD"
        case .amount: "amount"
        case .symbol: "symbol"
        case .address: "address"
        }
    }
}

/// Limits on one message; past them the message fails with `too_large`.
public struct MessageLimits: Sendable, Equatable {
    /// The largest message accepted, in bytes. Default 16 MiB.
    public var maxMessageBytes: Int
    /// The deepest nesting of arrays and objects accepted. Default 128 (a wallet message needs 6).
    public var maxDepth: Int

    public init(maxMessageBytes: Int = 16 << 20, maxDepth: Int = 128) {
        self.maxMessageBytes = maxMessageBytes
        self.maxDepth = maxDepth
    }
}
