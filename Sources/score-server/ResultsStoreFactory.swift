import ReputationCore
import ReputationMongo
import ScoringAPI

/// Where results are kept: `--store-results`/`RESULTS_STORE=mongo`, or `--results-in-memory`.
enum ResultsStoreSettings {
    case mongo(MongoResultsSettings)
    /// In memory, lost at exit: for development and tests.
    case memory
}

/// The MongoDB results store's settings: `MONGODB_URL`, `MONGODB_DATABASE`, `MONGODB_RESULTS_COLLECTION`.
struct MongoResultsSettings {
    var url: String
    var database: String
    var collection: String
    var timeout: Duration
}

func makeResultsStore(_ settings: ResultsStoreSettings) throws -> any ResultsStore {
    switch settings {
    case .memory: MemoryResultsStore()
    case .mongo(let mongo): try makeMongoResultsStore(mongo)
    }
}

/// The MongoDB results store (`MongoResultsStore`). Nothing is sent before the first request; its indexes
/// are made by the writer that shares the collection (score-stream or score-wallet with `--store-results`).
func makeMongoResultsStore(_ settings: MongoResultsSettings) throws -> any ResultsStore {
    var configuration = MongoResultsConfiguration(url: settings.url)
    configuration.database = settings.database
    configuration.collection = settings.collection
    configuration.timeout = settings.timeout
    return try MongoResultsStore(configuration: configuration)
}
