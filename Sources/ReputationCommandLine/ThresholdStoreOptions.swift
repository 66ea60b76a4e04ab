import ArgumentParser
import Foundation
import ReputationCore
import ReputationMongo

/// The threshold-store flags both executables take: a JSON file, or MongoDB (flags, else the `MONGODB_*`
/// variables; tokens, thresholds with the risk rules and bot model, and risk lists), else the embedded defaults.
public struct ThresholdStoreOptions: ParsableArguments {
    @Option(help: "A JSON thresholds file ({\"tokens\": [...], \"thresholds\": [...]}, docs/MODEL.md §7) instead of the embedded defaults.")
    public var thresholds: String?

    @Option(help: "MongoDB URL of the threshold store (or MONGODB_URL).")
    public var mongoUrl: String?

    @Option(help: "MongoDB database (or MONGODB_DATABASE; default ai_scoring).")
    public var mongoDatabase: String?

    @Option(help: "Tokens collection (or MONGODB_TOKENS_COLLECTION; default tokens).")
    public var mongoTokensCollection: String?

    @Option(help: "Thresholds collection (or MONGODB_THRESHOLDS_COLLECTION; default protocol-thresholds-percentiles).")
    public var mongoThresholdsCollection: String?

    @Option(help: "Risk-lists collection (or MONGODB_RISK_LISTS_COLLECTION; default risk-lists).")
    public var mongoRiskListsCollection: String?

    @Option(help: "Seconds to wait for MongoDB before giving up.")
    public var mongoTimeout: Int = 10

    public init() {}

    public func validate() throws {
        if thresholds != nil && mongoConfiguration != nil {
            throw ValidationError("give either --thresholds or a MongoDB URL (--mongo-url, MONGODB_URL), not both")
        }
        guard mongoTimeout >= 1 else { throw ValidationError("--mongo-timeout must be at least 1 second") }
    }

    /// The MongoDB store's settings from the flags, else the environment; nil when no URL is given.
    public var mongoConfiguration: MongoConfiguration? {
        let environment = ProcessInfo.processInfo.environment
        guard let url = mongoUrl ?? environment["MONGODB_URL"], !url.isEmpty else { return nil }
        var configuration = MongoConfiguration(url: url)
        if let database = mongoDatabase ?? environment["MONGODB_DATABASE"] { configuration.database = database }
        if let tokens = mongoTokensCollection ?? environment["MONGODB_TOKENS_COLLECTION"] { configuration.tokensCollection = tokens }
        if let thresholds = mongoThresholdsCollection ?? environment["MONGODB_THRESHOLDS_COLLECTION"] {
            configuration.thresholdsCollection = thresholds
        }
        if let riskLists = mongoRiskListsCollection ?? environment["MONGODB_RISK_LISTS_COLLECTION"] {
            configuration.riskListsCollection = riskLists
        }
        configuration.timeout = .seconds(mongoTimeout)
        return configuration
    }

    /// The configured store: the thresholds file, MongoDB, or the embedded defaults.
    /// - Throws: ``StoreFailure`` when the MongoDB URL cannot be used.
    public func makeStore() throws -> any ThresholdStore {
        if let thresholds { return JSONFileThresholds(path: thresholds) }
        guard let mongo = mongoConfiguration else { return EmbeddedThresholds() }
        do {
            return try MongoThresholdStore(configuration: mongo)
        } catch {
            throw StoreFailure(store: "MongoDB \(mongo.redactedURL)", error: error)
        }
    }
}

/// A configured threshold store that cannot be used: nothing is scored.
public struct StoreFailure: Error, CustomStringConvertible {
    public var store: String
    public var error: any Error
    public init(store: String, error: any Error) {
        self.store = store
        self.error = error
    }
    public var description: String { "cannot use \(store): \(error)" }
}

/// Writes a line to standard error.
public func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
