import Foundation
import ReputationCore

/// Scores one wallet message given as JSON text and returns its result line.
func resultLine(for text: String) -> String {
    let scorer = WalletScorer()                                    // the embedded default parameters
    let outcome = scorer.score(json: text, asOf: 1_704_067_200)   // or score(bytes, …), score(message: WalletMessage, …)
    return outcome.jsonLine(timestamp: Int64(Date().timeIntervalSince1970), processingTimeMs: 0)
}
