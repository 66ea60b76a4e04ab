import ArgumentParser
import Foundation
import ReputationCore
import ReputationMongo

/// The results-store flags: `--store-results` (or `RESULTS_STORE=mongo`) stores every result in MongoDB,
/// at `MONGODB_URL`, `MONGODB_DATABASE`, `MONGODB_RESULTS_COLLECTION` unless flags say otherwise.
public struct ResultsStoreOptions: ParsableArguments {
    @Flag(help: "Store every result in MongoDB (or RESULTS_STORE=mongo), under an idempotent key.")
    public var storeResults = false

    @Option(help: "MongoDB URL of the results store (or MONGODB_URL).")
    public var resultsMongoUrl: String?

    @Option(help: "Results database (or MONGODB_DATABASE; default ai_scoring).")
    public var resultsDatabase: String?

    @Option(help: "Results collection (or MONGODB_RESULTS_COLLECTION; default wallet-scores).")
    public var resultsCollection: String?

    @Option(help: "Seconds one results-store operation waits for MongoDB before it fails.")
    public var resultsTimeout: Int = 10

    public init() {}

    private static var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// Whether results are stored: the flag, or `RESULTS_STORE=mongo`.
    public var enabled: Bool { storeResults || Self.environment["RESULTS_STORE"] == "mongo" }

    public func validate() throws {
        if let kind = Self.environment["RESULTS_STORE"], !["", "mongo", "none"].contains(kind) {
            throw ValidationError("RESULTS_STORE must be mongo or none, not \(kind)")
        }
        guard resultsTimeout >= 1 else { throw ValidationError("--results-timeout must be at least 1 second") }
        if enabled && url == nil {
            throw ValidationError("--store-results needs a MongoDB URL: --results-mongo-url or MONGODB_URL")
        }
    }

    private var url: String? {
        guard let url = resultsMongoUrl ?? Self.environment["MONGODB_URL"], !url.isEmpty else { return nil }
        return url
    }

    /// The results store's settings; nil when results are not stored.
    public var configuration: MongoResultsConfiguration? {
        guard enabled, let url else { return nil }
        var configuration = MongoResultsConfiguration(url: url)
        if let database = resultsDatabase ?? Self.environment["MONGODB_DATABASE"] { configuration.database = database }
        if let collection = resultsCollection ?? Self.environment["MONGODB_RESULTS_COLLECTION"] { configuration.collection = collection }
        configuration.timeout = .seconds(resultsTimeout)
        return configuration
    }

    /// The results store, its indexes created unless `creatingIndexes` is false; nil when results are not
    /// stored. Creating the indexes blocks (call it off Swift's concurrency threads).
    /// - Throws: ``StoreFailure`` when the URL cannot be used or the indexes cannot be created.
    public func makeStore(creatingIndexes: Bool = true) throws -> MongoResultsStore? {
        guard let configuration else { return nil }
        var redacting = MongoConfiguration(url: configuration.url)
        redacting.database = configuration.database
        do {
            let store = try MongoResultsStore(configuration: configuration)
            do {
                if creatingIndexes { try store.createIndexes() }
            } catch {
                throw StoreFailure(store: store.name, error: error)
            }
            return store
        } catch let error as StoreFailure {
            throw error
        } catch {
            throw StoreFailure(store: "MongoDB \(redacting.redactedURL)", error: error)
        }
    }
}

extension MongoResultsStore {
    /// Creates the store's indexes on a thread of its own (libmongoc blocks), for a service's async start-up.
    /// - Throws: ``StoreFailure`` when the store cannot be reached.
    public func createIndexesOffThread() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            Thread {
                continuation.resume(with: Result {
                    do {
                        try self.createIndexes()
                    } catch {
                        throw StoreFailure(store: self.name, error: error)
                    }
                })
            }.start()
        }
    }
}
