import Foundation
import ReputationCore
@testable import ScoringAPI
import Testing

/// The API's Prometheus counters of scored wallets: outcomes, and each success's decision.
@Suite(.timeLimit(.minutes(1)))
struct APIMetricsTests {
    @Test func resultsAndDecisionsAreCounted() {
        let metrics = APIMetrics()
        let outcomes = ScoringStatsTests.outcomes()
        for outcome in outcomes { metrics.record(outcome, nanoseconds: 10_000) }
        let lines = Set(metrics.exposition().split(separator: "\n").map(String.init))
        var decided: [RiskDecision: Int] = [:]
        for case .success(let score) in outcomes { decided[score.risk!.decision, default: 0] += 1 }
        #expect(decided.values.reduce(0, +) == outcomes.count - 2)
        for decision in RiskDecision.allCases {
            let line = "api_wallet_decisions_total{decision=\"\(decision.rawValue)\"} \(decided[decision] ?? 0)"
            #expect(lines.contains(line), "\(line)")
        }
        #expect(lines.contains("api_wallet_results_total{outcome=\"success\"} \(outcomes.count - 2)"))
        #expect(lines.contains("api_wallet_results_total{outcome=\"failure\"} 2"))
    }
}
