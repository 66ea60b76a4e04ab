/// A JSON or BSON document value, as threshold stores read them (MODEL.md §7).
public enum DocumentValue: Sendable, Equatable, Codable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([DocumentValue])
    case object([String: DocumentValue])

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let value = try? c.decode(Bool.self) { self = .bool(value) }
        else if let value = try? c.decode(Double.self) { self = .number(value) }
        else if let value = try? c.decode(String.self) { self = .string(value) }
        else if let value = try? c.decode([DocumentValue].self) { self = .array(value) }
        else { self = .object(try c.decode([String: DocumentValue].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let value): try c.encode(value)
        case .number(let value): try c.encode(value)
        case .string(let value): try c.encode(value)
        case .array(let value): try c.encode(value)
        case .object(let value): try c.encode(value)
        }
    }

    public subscript(key: String) -> DocumentValue? {
        if case .object(let fields) = self { fields[key] } else { nil }
    }

    /// How error messages show the value: strings quoted, containers by kind.
    public var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): String(value)
        case .number(let value): NumberFormatting.shortest(value)
        case .string(let value): FoundValue.quoted(value)
        case .array: "an array"
        case .object: "an object"
        }
    }
}
