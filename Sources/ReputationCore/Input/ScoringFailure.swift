/// Why a wallet message was not scored. It becomes a failure result (MODEL.md §5).
public struct ScoringFailure: Error, Equatable, Sendable {
    /// The `error_code` of a failure result.
    public enum Code: String, Sendable, CaseIterable, Codable {
        /// The message is not JSON (RFC 8259, UTF-8).
        case invalidJSON = "invalid_json"
        /// A required field is absent.
        case missingField = "missing_field"
        /// A field has the wrong type or an invalid value.
        case invalidField = "invalid_field"
        /// The message holds no transaction in a `dexes` section.
        case noDexTransactions = "no_dex_transactions"
        /// The message is larger, or nests deeper, than ``MessageLimits`` allow.
        case tooLarge = "too_large"
    }

    public var code: Code
    /// A sentence naming the field path, e.g. `data[0].transactions[17].timestamp: expected integer seconds, got "abc"`.
    public var message: String
    /// The message's `wallet_address` when it could be read, else nil.
    public var walletAddress: String?
    /// How many transactions the message's `dexes` sections hold, when the error concerns them
    /// (it then carries a `dexes` category); nil when the dexes category was not reached.
    public var dexTransactionCount: Int?

    public init(code: Code, message: String, walletAddress: String? = nil, dexTransactionCount: Int? = nil) {
        self.code = code
        self.message = message
        self.walletAddress = walletAddress
        self.dexTransactionCount = dexTransactionCount
    }
}

/// A field error found while reading a message, before the wallet address and counts are attached.
struct FieldError: Error, Equatable {
    var code: ScoringFailure.Code
    var path: FieldPath
    var problem: String

    static func missing(_ path: FieldPath) -> FieldError {
        FieldError(code: .missingField, path: path, problem: "required field is missing")
    }

    static func invalid(_ path: FieldPath, expected: String, got found: FoundValue) -> FieldError {
        FieldError(code: .invalidField, path: path, problem: "expected \(expected), got \(found.description)")
    }

    var message: String { path.isRoot ? problem : "\(path): \(problem)" }

    /// True if the error lies inside a `dexes` section's transactions, so the failure carries that category.
    var concernsDexTransactions: Bool { path.transactionIndex != nil || path.fields.first == "transactions" }
}

/// The path of a field in a wallet message: `data[0].transactions[17].tokenIn.amountUSD`.
struct FieldPath: Equatable, CustomStringConvertible {
    var sectionIndex: Int?
    var transactionIndex: Int?
    /// Field names below the deepest index, outermost first.
    var fields: [String] = []

    static let root = FieldPath()
    static func field(_ name: String) -> FieldPath { FieldPath(fields: [name]) }
    static func section(_ index: Int, _ fields: String...) -> FieldPath { FieldPath(sectionIndex: index, fields: fields) }
    static func transaction(_ section: Int, _ index: Int, _ fields: String...) -> FieldPath {
        FieldPath(sectionIndex: section, transactionIndex: index, fields: fields)
    }

    var isRoot: Bool { sectionIndex == nil && fields.isEmpty }

    var description: String {
        var text = ""
        if let sectionIndex {
            text = "data[\(sectionIndex)]"
            if let transactionIndex { text += ".transactions[\(transactionIndex)]" }
        }
        for field in fields { text += text.isEmpty ? field : ".\(field)" }
        return text
    }
}

/// What a field held instead of what was expected, as error messages describe it.
enum FoundValue: Equatable, CustomStringConvertible {
    case string(String)
    case number
    case negativeNumber
    case numberOutOfRange
    case otherNumber
    case bool(Bool)
    case null
    case object
    case array

    /// Strings are shown JSON-escaped, cut after this many Unicode scalars.
    static let shownScalars = 40

    var description: String {
        switch self {
        case .string(let text): Self.quoted(text)
        case .number: "a number"
        case .negativeNumber: "a negative number"
        case .numberOutOfRange: "a number out of range"
        case .otherNumber: "another number"
        case .bool(let value): value ? "true" : "false"
        case .null: "null"
        case .object: "an object"
        case .array: "an array"
        }
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        var shown = 0
        for scalar in text.unicodeScalars {
            if shown == shownScalars { out += "…"; break }
            shown += 1
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
