import Foundation

/// The labels `score-wallet train` fits the bot model to: which wallets are bots (1) and which are not (0).
///
/// Read from JSON lines `{"wallet_address": "0x…", "label": 0|1}` or from CSV `wallet_address,label` (a
/// header line is optional), told apart by the content: JSON lines start with `{`. Blank lines are
/// skipped. Addresses match wallets with ASCII letters folded to lower case (EVM addresses are
/// case-insensitive). A repeated address with the same label counts as a duplicate (the first line is
/// kept); with a different label it is an error.
public struct TrainingLabels: Sendable {
    public enum Layout: String, Sendable {
        case jsonLines = "JSON lines"
        case csv = "CSV"
    }

    /// One wallet's label.
    public struct Label: Sendable, Equatable {
        /// The address as written.
        public var address: String
        /// True for a bot.
        public var isBot: Bool
        /// The 1-based line it was read from.
        public var line: Int
    }

    public let layout: Layout
    /// The labels by folded address.
    public private(set) var labels: [String: Label] = [:]
    /// Lines that repeat an address with the same label.
    public private(set) var duplicates = 0

    /// Reads labels from text; `name` is how errors call the file.
    /// - Throws: ``LabelError`` naming the line and the field of the first bad line.
    public init(_ bytes: some Collection<UInt8>, name: String) throws(LabelError) {
        let text = Array(bytes)
        var start = text.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let firstContent = text[start...].first { !Self.isBlank($0) }
        layout = firstContent == UInt8(ascii: "{") ? .jsonLines : .csv
        var lineNumber = 0
        var sawContent = false
        while start < text.count {
            let end = text[start...].firstIndex(of: UInt8(ascii: "\n")) ?? text.count
            lineNumber += 1
            let line = text[start..<end]
            start = end + 1
            guard line.contains(where: { !Self.isBlank($0) }) else { continue }
            let at = LabelError.Place(file: name, line: lineNumber)
            let parsed: (address: String, isBot: Bool)?
            switch layout {
            case .jsonLines: parsed = try Self.jsonLine(line, at)
            case .csv: parsed = try Self.csvLine(line, at, mayBeHeader: !sawContent)
            }
            sawContent = true
            guard let (address, isBot) = parsed else { continue }
            let key = Self.fold(address)
            if let earlier = labels[key] {
                guard earlier.isBot == isBot else {
                    throw LabelError(at, field: "label", problem: "\(address) is labelled \(isBot ? 1 : 0) here and \(earlier.isBot ? 1 : 0) on line \(earlier.line)")
                }
                duplicates += 1
            } else {
                labels[key] = Label(address: address, isBot: isBot, line: lineNumber)
            }
        }
    }

    /// The label of a wallet, its address compared with ASCII letters folded to lower case.
    public func label(of address: String) -> Label? {
        labels[Self.fold(address)]
    }

    /// The address with ASCII letters folded to lower case.
    public static func fold(_ address: String) -> String {
        String(decoding: address.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }

    private static func jsonLine(_ line: ArraySlice<UInt8>, _ at: LabelError.Place) throws(LabelError) -> (String, Bool) {
        let document: DocumentValue
        do {
            document = try JSONDecoder().decode(DocumentValue.self, from: Data(line))
        } catch {
            throw LabelError(at, field: "", problem: "not a JSON object")
        }
        guard case .object = document else { throw LabelError(at, field: "", problem: "expected a JSON object, got \(document)") }
        guard case .string(let address)? = document["wallet_address"], !address.isEmpty else {
            throw LabelError(at, field: "wallet_address", problem: "expected a non-empty string, got \(document["wallet_address"]?.description ?? "nothing")")
        }
        switch document["label"] {
        case .number(0)?: return (address, false)
        case .number(1)?: return (address, true)
        case .number(let n)? where n == n.rounded() && abs(n) < 1e15:
            throw LabelError(at, field: "label", problem: "expected 0 or 1, got \(Int64(n))")
        case let other: throw LabelError(at, field: "label", problem: "expected 0 or 1, got \(other?.description ?? "nothing")")
        }
    }

    /// A `wallet_address,label` line; nil for a header (`wallet_address,label` on the first line).
    private static func csvLine(_ line: ArraySlice<UInt8>, _ at: LabelError.Place, mayBeHeader: Bool) throws(LabelError) -> (String, Bool)? {
        let fields = String(decoding: line, as: UTF8.self).split(separator: ",", omittingEmptySubsequences: false).map { field in
            var text = field.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.count >= 2 && text.hasPrefix("\"") && text.hasSuffix("\"") { text = String(text.dropFirst().dropLast()) }
            return text
        }
        guard fields.count == 2 else {
            throw LabelError(at, field: "", problem: "expected 2 fields (wallet_address,label), got \(fields.count)")
        }
        if mayBeHeader && fields[0].lowercased() == "wallet_address" && fields[1].lowercased() == "label" { return nil }
        guard !fields[0].isEmpty else { throw LabelError(at, field: "wallet_address", problem: "expected a wallet address, got nothing") }
        switch fields[1] {
        case "0": return (fields[0], false)
        case "1": return (fields[0], true)
        default: throw LabelError(at, field: "label", problem: "expected 0 or 1, got \(FoundValue.quoted(fields[1]))")
        }
    }
}

/// A labels line that cannot be used: `labels.csv line 3: label: expected 0 or 1, got "yes"`.
public struct LabelError: Error, Equatable, CustomStringConvertible {
    public struct Place: Sendable, Equatable {
        public var file: String
        public var line: Int
    }

    public var place: Place
    /// The field, or empty when the line as a whole is wrong.
    public var field: String
    public var problem: String

    init(_ place: Place, field: String, problem: String) {
        self.place = place
        self.field = field
        self.problem = problem
    }

    public var description: String {
        "\(place.file) line \(place.line): " + (field.isEmpty ? problem : "\(field): \(problem)")
    }
}
