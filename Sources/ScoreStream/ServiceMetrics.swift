import CoreMetrics
import Prometheus
import ReputationCore
import ReputationKafka

/// The Prometheus metrics of one service instance (its own registry, so several instances can live in one
/// process, as in the tests).
final class ServiceMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory

    let successes: CoreMetrics.Counter
    let failures: CoreMetrics.Counter
    let failuresByCode: [ScoringFailure.Code: CoreMetrics.Counter]
    let scoring: CoreMetrics.Timer
    let latency: CoreMetrics.Timer
    let deliveryFailures: CoreMetrics.Counter
    let thresholdRefreshes: CoreMetrics.Counter
    let thresholdRefreshFailures: CoreMetrics.Counter
    let resultsStore: ResultsStoreMetrics

    init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        let micro: [Duration] = [.microseconds(10), .microseconds(25), .microseconds(50), .microseconds(100), .microseconds(250),
                                 .microseconds(500), .milliseconds(1), .milliseconds(5), .milliseconds(25), .milliseconds(100)]
        factory.durationHistogramBuckets["wallet_scoring_seconds"] = micro
        factory.durationHistogramBuckets["wallet_result_latency_seconds"] = [
            .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5), .seconds(30)]
        factory.durationHistogramBuckets[ResultsStoreMetrics.latencyLabel] = ResultsStoreMetrics.latencyBuckets
        self.factory = factory
        successes = CoreMetrics.Counter(label: "wallet_results_total", dimensions: [("outcome", "success")], factory: factory)
        failures = CoreMetrics.Counter(label: "wallet_results_total", dimensions: [("outcome", "failure")], factory: factory)
        failuresByCode = Dictionary(uniqueKeysWithValues: ScoringFailure.Code.allCases.map {
            ($0, CoreMetrics.Counter(label: "wallet_failures_total", dimensions: [("error_code", $0.rawValue)], factory: factory))
        })
        scoring = CoreMetrics.Timer(label: "wallet_scoring_seconds", factory: factory)
        latency = CoreMetrics.Timer(label: "wallet_result_latency_seconds", factory: factory)
        deliveryFailures = CoreMetrics.Counter(label: "kafka_delivery_failures_total", factory: factory)
        thresholdRefreshes = CoreMetrics.Counter(label: "thresholds_refreshes_total", factory: factory)
        thresholdRefreshFailures = CoreMetrics.Counter(label: "thresholds_refresh_failures_total", factory: factory)
        resultsStore = ResultsStoreMetrics(factory: factory)
    }

    /// The lag gauge of one partition.
    func lag(_ partition: TopicPartition) -> CoreMetrics.Gauge {
        CoreMetrics.Gauge(label: "kafka_consumer_lag", dimensions: [("topic", partition.topic), ("partition", String(partition.partition))], factory: factory)
    }

    /// Prometheus text exposition of every metric.
    func exposition() -> String { registry.emitToString() }
}
