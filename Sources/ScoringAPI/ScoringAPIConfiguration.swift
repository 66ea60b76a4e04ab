import ReputationCore

/// How the scoring API behaves, with its defaults.
public struct ScoringAPIConfiguration: Sendable {
    /// `--max-request-bytes`: the largest request body. A larger one is refused with 413 (a batch whose
    /// body passes it while streaming ends its answer with a 413 problem line). Default 64 MiB.
    public var maxRequestBytes = 64 << 20
    /// Limits of one wallet message; a larger or deeper one is a `too_large` failure result.
    public var limits = MessageLimits()
    /// Input bytes the batch endpoint frames and scores at a time before writing their lines. Default 64 KiB.
    public var batchBytes = 64 << 10
    /// Threads that score one batch request (at most the cores). Default 2.
    public var batchJobs = 2
    /// Bytes of request body and of result lines a batch holds in memory at most (each side): past it,
    /// reading the body (or scoring) waits for the other side. Default 4 MiB.
    public var batchBufferBytes = 4 << 20

    public init() {}
}
