import Foundation

/// A stored result: one document per result (success or failure), under an idempotent key.
///
/// The lifted fields are what the store indexes and filters on; `result` is the whole result line.
public struct StoredResult: Sendable, Equatable {
    /// The idempotent key (the document's `_id`): `topic:partition:offset` for score-stream, a stable hash
    /// of (wallet_address, as_of, parameters_id) for score-wallet, the `Idempotency-Key` for the API.
    public var key: String
    public var walletAddress: String?
    /// The as-of time of a success result (unix seconds).
    public var asOf: Int64?
    /// The result's `timestamp` (unix seconds).
    public var timestamp: Int64
    public var finalScore: Double?
    public var percentile: Double?
    /// `APPROVED`, `REVIEW` or `DECLINED`, when the result carries a risk assessment.
    public var decision: String?
    public var riskScore: Double?
    public var botProbability: Double?
    public var parametersID: String?
    /// The failure's `error_code`; nil for a success.
    public var errorCode: String?
    /// Where the result came from, e.g. `kafka:topic:partition:offset`, `score-wallet:FILE:LINE`, `api`.
    public var source: String
    /// The whole result line (one JSON object, no newline).
    public var result: String

    public init(key: String, walletAddress: String?, asOf: Int64?, timestamp: Int64, finalScore: Double?,
                percentile: Double?, decision: String?, riskScore: Double?, botProbability: Double?,
                parametersID: String?, errorCode: String?, source: String, result: String) {
        self.key = key
        self.walletAddress = walletAddress
        self.asOf = asOf
        self.timestamp = timestamp
        self.finalScore = finalScore
        self.percentile = percentile
        self.decision = decision
        self.riskScore = riskScore
        self.botProbability = botProbability
        self.parametersID = parametersID
        self.errorCode = errorCode
        self.source = source
        self.result = result
    }
}

/// What a write of a batch did: idempotent ingestion counts new documents apart from replays.
public struct ResultsWriteCount: Sendable, Equatable {
    /// Documents written for the first time.
    public var inserted: Int
    /// Documents whose key was already stored (left unchanged).
    public var alreadyPresent: Int

    public init(inserted: Int = 0, alreadyPresent: Int = 0) {
        self.inserted = inserted
        self.alreadyPresent = alreadyPresent
    }
}

/// One page of a wallet's history, newest first.
public struct ResultsPage: Sendable, Equatable {
    public var items: [StoredResult]
    /// Opaque; pass it back for the next page. Nil on the last page.
    public var nextCursor: String?

    public init(items: [StoredResult], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}

/// The order of a top-N query.
public struct TopResultsQuery: Sendable, Equatable {
    public enum Field: String, Sendable, CaseIterable { case riskScore = "risk_score", finalScore = "final_score" }
    public enum Order: String, Sendable, CaseIterable { case descending = "desc", ascending = "asc" }

    public var by: Field
    public var order: Order
    /// Only wallets whose latest result has this decision.
    public var decision: String?
    /// 1–1000.
    public var limit: Int

    public init(by: Field = .riskScore, order: Order = .descending, decision: String? = nil, limit: Int = 10) {
        self.by = by
        self.order = order
        self.decision = decision
        self.limit = limit
    }
}

/// Where results are remembered (MongoDB in `ReputationMongo`). Calls block on I/O: call them off Swift's
/// concurrency threads (a store adapter documents how it does that).
public protocol ResultsStore: Sendable {
    /// Names the store for messages (never with credentials).
    var name: String { get }
    /// Writes a batch (unordered); a key already stored is left as it is and counted as already present.
    func write(_ results: [StoredResult]) throws -> ResultsWriteCount
    /// The result stored under `key`, if any.
    func result(key: String) throws -> StoredResult?
    /// The wallet's newest result (by `timestamp`, then key), if any.
    func latest(walletAddress: String) throws -> StoredResult?
    /// The wallet's results, newest first, `limit` at a time; stable under concurrent inserts.
    func history(walletAddress: String, limit: Int, cursor: String?) throws -> ResultsPage
    /// The wallets' latest results, ordered and filtered as asked.
    func top(_ query: TopResultsQuery) throws -> [StoredResult]
}
