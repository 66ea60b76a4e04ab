import CoreMetrics
import Prometheus
import ReputationCore
import Synchronization

/// The API's Prometheus metrics, in the registry of the process's `/metrics`.
public final class APIMetrics: Sendable {
    /// Where the metrics are registered (score-stream passes its own, so one `/metrics` shows both).
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    let successes: CoreMetrics.Counter
    let failures: CoreMetrics.Counter
    /// Success results by `risk.decision`.
    let decisions: [RiskDecision: CoreMetrics.Counter]
    let scoring: CoreMetrics.Timer
    let storeReplays: CoreMetrics.Counter
    let storeInserts: CoreMetrics.Counter
    /// The request counters by (method, route, status) and timers by route made so far, under one lock.
    private let requestMetrics = Mutex(RequestMetrics())

    private struct RequestMetrics {
        struct Key: Hashable { var method: String, route: String, status: Int }
        var counters: [Key: CoreMetrics.Counter] = [:]
        var timers: [String: CoreMetrics.Timer] = [:]
    }

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets["api_wallet_scoring_seconds"] = [
            .microseconds(10), .microseconds(25), .microseconds(50), .microseconds(100), .microseconds(250),
            .microseconds(500), .milliseconds(1), .milliseconds(5), .milliseconds(25), .milliseconds(100)]
        factory.durationHistogramBuckets["api_request_seconds"] = [
            .microseconds(250), .milliseconds(1), .milliseconds(5), .milliseconds(25), .milliseconds(100),
            .milliseconds(500), .seconds(1), .seconds(5), .seconds(30)]
        self.factory = factory
        successes = CoreMetrics.Counter(label: "api_wallet_results_total", dimensions: [("outcome", "success")], factory: factory)
        failures = CoreMetrics.Counter(label: "api_wallet_results_total", dimensions: [("outcome", "failure")], factory: factory)
        decisions = Dictionary(uniqueKeysWithValues: RiskDecision.allCases.map {
            ($0, CoreMetrics.Counter(label: "api_wallet_decisions_total", dimensions: [("decision", $0.rawValue)], factory: factory))
        })
        scoring = CoreMetrics.Timer(label: "api_wallet_scoring_seconds", factory: factory)
        storeInserts = CoreMetrics.Counter(label: "api_results_stored_total", dimensions: [("write", "inserted")], factory: factory)
        storeReplays = CoreMetrics.Counter(label: "api_results_stored_total", dimensions: [("write", "already_present")], factory: factory)
    }

    /// Counts a scored wallet, and a success's decision.
    func record(_ outcome: ScoringOutcome, nanoseconds: UInt64) {
        switch outcome {
        case .success(let score):
            successes.increment()
            if let decision = score.risk?.decision { decisions[decision]?.increment() }
        case .failure:
            failures.increment()
        }
        scoring.recordNanoseconds(Int64(nanoseconds))
    }

    /// Counts an answered request by route (the pattern, not the path) and status.
    func request(method: String, route: String, status: Int, nanoseconds: UInt64) {
        let factory = self.factory
        let (counter, timer) = requestMetrics.withLock { made in
            let key = RequestMetrics.Key(method: method, route: route, status: status)
            let counter = made.counters[key] ?? {
                let counter = CoreMetrics.Counter(label: "api_requests_total",
                                                  dimensions: [("method", method), ("route", route), ("status", String(status))], factory: factory)
                made.counters[key] = counter
                return counter
            }()
            let timer = made.timers[route] ?? {
                let timer = CoreMetrics.Timer(label: "api_request_seconds", dimensions: [("route", route)], factory: factory)
                made.timers[route] = timer
                return timer
            }()
            return (counter, timer)
        }
        counter.increment()
        timer.recordNanoseconds(Int64(nanoseconds))
    }

    /// Prometheus text exposition of every metric of the registry.
    public func exposition() -> String { registry.emitToString() }
}
