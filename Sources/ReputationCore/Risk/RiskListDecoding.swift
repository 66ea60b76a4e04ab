/// Decodes a risk-list entry of a JSON file as a ``DocumentValue``, trying a string first for every field.
///
/// Entries are objects of strings; ``DocumentValue``'s own decoding tries null, bool and number before a
/// string, and each failed attempt costs a decoding error, which makes a million entries take tens of
/// seconds. The value is the same document either way.
struct RiskListEntryDocument: Decodable {
    let value: DocumentValue

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        guard let c = try? decoder.container(keyedBy: Key.self) else {
            value = try DocumentValue(from: decoder)
            return
        }
        var fields: [String: DocumentValue] = [:]
        for key in c.allKeys {
            if let text = try? c.decode(String.self, forKey: key) {
                fields[key.stringValue] = .string(text)
            } else {
                fields[key.stringValue] = try c.decode(DocumentValue.self, forKey: key)
            }
        }
        value = .object(fields)
    }
}
