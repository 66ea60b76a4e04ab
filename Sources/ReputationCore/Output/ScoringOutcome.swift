/// What scoring one wallet message gave: a score or a failure.
public enum ScoringOutcome: Sendable, Equatable {
    case success(WalletScore)
    case failure(ScoringFailure)

    /// The result as one compact JSON line (MODEL.md §5), without the trailing newline.
    /// - Parameters:
    ///   - timestamp: when the result was made, unix seconds.
    ///   - processingTimeMs: how long scoring took; printed rounded to microseconds.
    public func jsonLine(timestamp: Int64, processingTimeMs: Double) -> String {
        var bytes: [UInt8] = []
        ResultWriter.append(self, timestamp: timestamp, processingTimeMs: processingTimeMs, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The failure's `error_code`, or nil for a success.
    public var errorCode: ScoringFailure.Code? {
        if case .failure(let failure) = self { failure.code } else { nil }
    }
}
