import ReputationCore

/// Where `--store-results` keeps results: MongoDB.
struct ResultsStoreSettings {
    var url: String
    var database: String
    var collection: String
    var timeout: Duration
}

/// MERGE POINT: the results store of `--store-results`. The MongoDB store (`MongoResultsStore`, branch
/// `store`) is wired here when it is merged; until then asking for a store fails the start, clearly.
func makeResultsStore(_ settings: ResultsStoreSettings) throws -> any ResultsStore {
    throw ResultsStoreUnavailable()
}

/// This build has no MongoDB results store yet.
struct ResultsStoreUnavailable: Error, CustomStringConvertible {
    var description: String { "this build has no MongoDB results store (MongoResultsStore is not merged yet)" }
}
