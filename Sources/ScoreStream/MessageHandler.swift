import Foundation
import ReputationCore
import ReputationKafka
import ScoringAPI

/// The result made for one input message: which topic it goes to, its key and bytes.
struct HandledMessage {
    enum Destination { case success, failure }

    var destination: Destination
    /// The wallet address, else the input's key; nil for neither.
    var key: [UInt8]?
    var value: [UInt8]
    /// The failure's `error_code`.
    var errorCode: ScoringFailure.Code?
    /// A success's `risk.decision` (the `decision` header); nil for failures and pass-through.
    var decision: RiskDecision? = nil
    /// How long scoring took.
    var scoringNanoseconds: UInt64
    /// What the dashboard keeps of it.
    var digest = ResultDigest.passedThrough

    /// The bytes this result holds (value and key).
    var byteCount: Int { value.count + (key?.count ?? 0) }
}

/// Turns input messages into results: scores them with ``ScoringSession``, or (the bench's baseline)
/// passes them through unchanged. Lives on the pipeline thread.
struct MessageHandler {
    private let mode: ScoreStreamConfiguration.Mode
    private let asOf: Int64?
    private let maxResultBytes: Int
    private let limits: MessageLimits
    private var session: ScoringSession
    private(set) var thresholdsVersion: Int

    init(configuration: ScoreStreamConfiguration, thresholds: ThresholdConfiguration, thresholdsVersion: Int) {
        mode = configuration.mode
        asOf = configuration.asOf
        maxResultBytes = configuration.maxResultBytes
        limits = configuration.limits
        session = ScoringSession(configuration: thresholds, limits: configuration.limits)
        self.thresholdsVersion = thresholdsVersion
    }

    /// Scores with `thresholds` from now on.
    mutating func use(_ thresholds: ThresholdConfiguration, version: Int) {
        session = ScoringSession(configuration: thresholds, limits: limits)
        thresholdsVersion = version
    }

    var parametersID: String { session.parametersID }

    mutating func handle(_ message: ConsumedMessage) -> HandledMessage {
        let inputKey = message.key.map(Array.init)
        if mode == .passThrough {
            return HandledMessage(destination: .success, key: inputKey, value: Array(message.value), errorCode: nil, scoringNanoseconds: 0)
        }
        let start = DispatchTime.now().uptimeNanoseconds
        let now = Int64(Date().timeIntervalSince1970)
        var outcome = session.score(message.value, asOf: asOf ?? now)
        var value: [UInt8] = []
        value.reserveCapacity(1400)
        var elapsed = DispatchTime.now().uptimeNanoseconds - start
        ResultWriter.append(outcome, timestamp: now, processingTimeMs: Double(elapsed) / 1e6, to: &value)
        if value.count > maxResultBytes {
            // A result Kafka would refuse (e.g. a megabyte-long wallet address): say so in a small failure.
            outcome = .failure(ScoringFailure(code: .tooLarge, message: "result is \(value.count) bytes, over the limit of \(maxResultBytes)"))
            value.removeAll(keepingCapacity: true)
            elapsed = DispatchTime.now().uptimeNanoseconds - start
            ResultWriter.append(outcome, timestamp: now, processingTimeMs: Double(elapsed) / 1e6, to: &value)
        }
        switch outcome {
        case .success(let score):
            return HandledMessage(destination: .success, key: Array(score.walletAddress.utf8), value: value,
                                  errorCode: nil, decision: score.risk?.decision, scoringNanoseconds: elapsed,
                                  digest: ResultDigest(outcome))
        case .failure(let failure):
            let key = failure.walletAddress.map { Array($0.utf8) } ?? inputKey.flatMap { $0.count <= maxResultBytes ? $0 : nil }
            return HandledMessage(destination: .failure, key: key, value: value, errorCode: failure.code, scoringNanoseconds: elapsed,
                                  digest: ResultDigest(outcome))
        }
    }
}
