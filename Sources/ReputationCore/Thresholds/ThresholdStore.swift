import Foundation

/// Where the model's parameters come from: the embedded defaults, a JSON file, or a database adapter.
///
/// `load()` reads the store anew each time it is called (a service calls it again to refresh). A store
/// that does I/O keeps it off Swift's concurrency threads.
public protocol ThresholdStore: Sendable {
    /// Names the store for messages (never with credentials).
    var name: String { get }
    /// Reads the documents and returns the effective configuration.
    /// - Throws: ``ThresholdDocumentError`` for an invalid document, or the store's own error.
    func load() async throws -> ThresholdConfiguration
}

/// The embedded defaults of MODEL.md §7.
public struct EmbeddedThresholds: ThresholdStore {
    public init() {}
    public var name: String { "embedded defaults" }
    public func load() async throws -> ThresholdConfiguration { .defaults }
}

/// A JSON thresholds file: `{"tokens": [ … ], "thresholds": [ … ]}` holding MODEL.md §7's documents.
public struct JSONFileThresholds: ThresholdStore {
    public let path: String

    public init(path: String) { self.path = path }

    public var name: String { "thresholds file \(path)" }

    /// The file's documents (a missing key is an empty list), the risk-list entries read without a
    /// ``DocumentValue`` each: a million of them load in seconds.
    private struct File: Decodable {
        var tokens: [DocumentValue]?
        var thresholds: [DocumentValue]?
        /// The bot model document (RISK.md §6).
        var botModel: DocumentValue?
        /// The risk-list entries (RISK.md §3).
        var riskLists: [RiskListEntryDocument]?

        enum CodingKeys: String, CodingKey {
            case tokens, thresholds, botModel = "bot_model", riskLists = "risk_lists"
        }
    }

    /// Reads the file on a thread of its own (file I/O blocks), never on Swift's concurrency threads.
    public func load() async throws -> ThresholdConfiguration {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try loadNow() }) }
            thread.name = "thresholds-file"
            thread.start()
        }
    }

    /// Reads the file synchronously, for callers outside Swift concurrency (the CLI). Its errors do not
    /// repeat the file's name: whoever reports them names the store (``name``).
    public func loadNow() throws -> ThresholdConfiguration {
        try Self.configuration(from: Data(contentsOf: URL(fileURLWithPath: path)), name: "the top level")
    }

    /// Parses a thresholds file's bytes.
    public static func configuration(from data: Data, name: String) throws -> ThresholdConfiguration {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw ThresholdDocumentError(document: name, field: "", problem: "expected {\"tokens\": [...], \"thresholds\": [...]}: \(error)")
        }
        var entries: [RiskListEntry] = []
        entries.reserveCapacity(file.riskLists?.count ?? 0)
        for (index, item) in (file.riskLists ?? []).enumerated() { entries.append(try item.entry(index: index)) }
        return try ThresholdConfiguration(tokens: file.tokens ?? [], thresholds: file.thresholds ?? [],
                                          botModel: file.botModel, riskListEntries: entries)
    }
}
