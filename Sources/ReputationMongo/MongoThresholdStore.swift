import Foundation
import ReputationCore

/// Where the threshold documents live in MongoDB (MODEL.md §7).
public struct MongoConfiguration: Sendable, Equatable {
    /// `MONGODB_URL`, e.g. `mongodb://user:secret@db.example:27017/?tls=true`.
    public var url: String
    /// `MONGODB_DATABASE`, default `ai_scoring`.
    public var database = "ai_scoring"
    /// `MONGODB_TOKENS_COLLECTION`, default `tokens`.
    public var tokensCollection = "tokens"
    /// `MONGODB_THRESHOLDS_COLLECTION`, default `protocol-thresholds-percentiles`.
    public var thresholdsCollection = "protocol-thresholds-percentiles"
    /// `MONGODB_RISK_LISTS_COLLECTION`, default `risk-lists` (RISK.md §6).
    public var riskListsCollection = "risk-lists"
    /// How long a load waits for a server before it fails (unless the URL sets its own timeouts). Default 10 s.
    public var timeout: Duration = .seconds(10)

    public init(url: String) { self.url = url }

    /// The URL with any password replaced by `***`, for messages.
    public var redactedURL: String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@") else { return url }
        let credentials = url[scheme.upperBound..<at]
        let user = credentials.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
        return url[..<scheme.upperBound] + user + (credentials.contains(":") ? ":***" : "") + url[at...]
    }
}

/// Threshold documents read from MongoDB through libmongoc: tokens, thresholds (with the risk rules and
/// the bot model, in ascending `_id` order) and risk lists (ascending `_id`). Every load reads the three
/// collections anew, on a dispatch queue of its own, never on Swift's concurrency threads.
public final class MongoThresholdStore: ThresholdStore {
    public let configuration: MongoConfiguration
    private let pool: MongoClientPool
    private let queue = DispatchQueue(label: "wallet-reputation.mongo")

    /// - Throws: ``MongoError`` for a URL libmongoc cannot use.
    public init(configuration: MongoConfiguration) throws {
        self.configuration = configuration
        pool = try MongoClientPool(url: configuration.url, timeout: configuration.timeout)
    }

    public var name: String {
        "MongoDB \(configuration.redactedURL) database \(configuration.database) (collections "
            + "\(configuration.tokensCollection), \(configuration.thresholdsCollection), \(configuration.riskListsCollection))"
    }

    /// - Throws: ``MongoError`` when MongoDB cannot be read, ``ThresholdDocumentError`` for a bad document.
    public func load() async throws -> ThresholdConfiguration {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { [self] in continuation.resume(with: Result { try loadBlocking() }) }
        }
    }

    private func loadBlocking() throws -> ThresholdConfiguration {
        func read(_ collection: String, sortedByID: Bool) throws -> [DocumentValue] {
            try pool.documents(database: configuration.database, collection: collection, sortedByID: sortedByID).map {
                try JSONDecoder().decode(DocumentValue.self, from: $0)
            }
        }
        return try ThresholdConfiguration(tokens: read(configuration.tokensCollection, sortedByID: false),
                                          thresholds: read(configuration.thresholdsCollection, sortedByID: true),
                                          riskListEntries: riskListEntries())
    }

    private static let entryFields = BSONKeys(["list", "kind", "value", "severity", "category"])

    /// The risk-list entries in ascending `_id` order. A valid entry is read straight from its BSON
    /// string fields (a million load in seconds); any other document goes through ``DocumentValue`` so
    /// that its error names the `_id` and the field, as for the thresholds.
    private func riskListEntries() throws -> [RiskListEntry] {
        let collection = configuration.riskListsCollection
        var entries: [RiskListEntry] = []
        try pool.forEachDocument(database: configuration.database, collection: collection, sortedByID: true) { document in
            let f = document.strings(Self.entryFields)
            if let list = f[0], let kind = f[1], let value = f[2], let severity = f[3], let category = f[4],
               let entry = RiskListEntry(fields: list, kind: kind, value: value, severity: severity, category: category) {
                entries.append(entry)
                return
            }
            guard let json = document.json() else { throw MongoError(message: "a document of \(collection) cannot be read as JSON") }
            entries.append(try RiskListEntry(document: JSONDecoder().decode(DocumentValue.self, from: json), index: entries.count))
        }
        return entries
    }
}
