import ReputationCore
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

/// MERGE POINT: the MongoDB results store (`MongoResultsStore`, branch `store`) is made here once it is
/// merged. Until then asking for it fails the start with a clear message.
func makeMongoResultsStore(_ settings: MongoResultsSettings) throws -> any ResultsStore {
    throw ResultsStoreUnavailable()
}

/// This build has no MongoDB results store yet.
struct ResultsStoreUnavailable: Error, CustomStringConvertible {
    var description: String { "this build has no MongoDB results store (MongoResultsStore is not merged yet)" }
}
