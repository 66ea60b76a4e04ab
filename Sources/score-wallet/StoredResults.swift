import Foundation
import ReputationCore
import ReputationMongo

/// `--store-results`: every result line is also stored in MongoDB, a batch at a time, as the batch is
/// written. A success's key is ``ResultKey/wallet(address:asOf:parametersID:)``, so rescoring the same
/// wallet at the same as-of time with the same parameters replaces its document (an upsert of the newer
/// result) instead of adding one; a failure's key is ``ResultKey/failure(input:line:)``.
///
/// The first failed write stops storing: later results are counted as not stored, and the run reports it
/// and exits 1 (nothing is dropped silently). Called by one writing thread at a time.
final class StoredResults: @unchecked Sendable {
    let store: MongoResultsStore
    private(set) var count = ResultsWriteCount()
    private(set) var notStored = 0
    private(set) var failure: (any Error)?

    init(store: MongoResultsStore) { self.store = store }

    /// The stored form of a compact result line.
    static func lift(_ outcome: ScoringOutcome, line: String, input: String, inputLine: Int) -> StoredResult? {
        let key: String
        switch outcome {
        case .success(let score): key = ResultKey.wallet(address: score.walletAddress, asOf: score.asOf, parametersID: score.parametersID)
        case .failure: key = ResultKey.failure(input: input, line: inputLine)
        }
        // A line this program just wrote always decodes.
        return try? StoredResult(key: key, source: "score-wallet:\(input):\(inputLine)", resultLine: line)
    }

    /// Stores a batch (blocks on MongoDB).
    func store(_ results: [StoredResult]) {
        guard !results.isEmpty else { return }
        guard failure == nil else {
            notStored += results.count
            return
        }
        do {
            let written = try store.replace(results)
            count.inserted += written.inserted
            count.alreadyPresent += written.alreadyPresent
        } catch {
            failure = error
            notStored += results.count
        }
    }

    /// The `--summary` line.
    var summaryLine: String {
        var line = "results stored in \(store.name): \(count.inserted) inserted, \(count.alreadyPresent) already present (replaced)"
        if let failure { line += "; \(notStored) not stored: \(failure)" }
        return line
    }
}
