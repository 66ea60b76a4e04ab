/// A risk-list entry of a JSON file: decoded straight into a ``RiskListEntry`` when its five fields are
/// valid strings (the fast path: a million entries without a ``DocumentValue`` each), else kept as the
/// ``DocumentValue`` it is, which ``RiskListEntry/init(document:index:)`` then reads to name the problem.
struct RiskListEntryDocument: Decodable {
    enum Value {
        case entry(RiskListEntry)
        case document(DocumentValue)
    }

    let value: Value

    private enum Field: String, CodingKey { case list, kind, value, severity, category }

    init(from decoder: any Decoder) throws {
        if let c = try? decoder.container(keyedBy: Field.self),
           let list = try? c.decode(String.self, forKey: .list), let kind = try? c.decode(String.self, forKey: .kind),
           let value = try? c.decode(String.self, forKey: .value), let severity = try? c.decode(String.self, forKey: .severity),
           let category = try? c.decode(String.self, forKey: .category),
           let entry = RiskListEntry(fields: list, kind: kind, value: value, severity: severity, category: category) {
            self.value = .entry(entry)
        } else {
            self.value = .document(try DocumentValue(from: decoder))
        }
    }

    /// The entry at `index` of the file's `risk_lists`.
    /// - Throws: ``ThresholdDocumentError`` naming the position and the field.
    func entry(index: Int) throws(ThresholdDocumentError) -> RiskListEntry {
        switch value {
        case .entry(let entry): entry
        case .document(let document): try RiskListEntry(document: document, index: index)
        }
    }
}
