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

/// Threshold documents read from MongoDB through libmongoc. Every load reads both collections anew, on a
/// dispatch queue of its own, never on Swift's concurrency threads.
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
        "MongoDB \(configuration.redactedURL) database \(configuration.database) "
            + "(collections \(configuration.tokensCollection), \(configuration.thresholdsCollection))"
    }

    /// - Throws: ``MongoError`` when MongoDB cannot be read, ``ThresholdDocumentError`` for a bad document.
    public func load() async throws -> ThresholdConfiguration {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { [self] in continuation.resume(with: Result { try loadBlocking() }) }
        }
    }

    private func loadBlocking() throws -> ThresholdConfiguration {
        let decoder = JSONDecoder()
        func read(_ collection: String) throws -> [DocumentValue] {
            try pool.documents(database: configuration.database, collection: collection).map {
                try decoder.decode(DocumentValue.self, from: $0)
            }
        }
        return try ThresholdConfiguration(tokens: read(configuration.tokensCollection),
                                          thresholds: read(configuration.thresholdsCollection))
    }
}
