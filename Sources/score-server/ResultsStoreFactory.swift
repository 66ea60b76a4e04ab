import Foundation
import ReputationCommandLine
import ReputationCore
import ReputationMongo
import ScoringAPI

/// The results store score-server reads and writes: MongoDB (`--store-results`/`RESULTS_STORE=mongo`,
/// its indexes created at start on a thread of their own, as libmongoc blocks), memory
/// (`--results-in-memory`), or none.
/// - Throws: ``StoreFailure`` when MongoDB cannot be used.
func makeResultsStore(_ options: ResultsStoreOptions, inMemory: Bool) async throws -> (any ResultsStore)? {
    if inMemory { return MemoryResultsStore() }
    guard let store = try options.makeStore(creatingIndexes: false) else { return nil }
    try await store.createIndexesOffThread()
    return store
}
