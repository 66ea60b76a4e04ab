import Foundation
import Histogram
import ReputationCore
import ReputationKafka
import ScoringAPI
import Synchronization

/// What the service reports on `/api/v1/stats`, `/api/v1/health` and `/api/v1/ready`: counts, latencies,
/// lag, the problems that make it broken or degraded, and where it stands in its consumer group. Written
/// by the pipeline and the refresher, read by HTTP and the dashboard.
final class ServiceStats: DashboardSource {
    /// Problems that stop the service from doing its job (health 503).
    enum Blocker: String, Sendable, CaseIterable {
        case deliveryFailing = "results cannot be delivered"
        case brokersDown = "the Kafka brokers cannot be reached"
        case stopping = "shutting down"
    }

    /// Where the consumer stands in its group.
    enum GroupState: Sendable {
        /// Subscribed, waiting for the group's first assignment.
        case joining
        /// Its partitions were revoked; waiting for the new assignment.
        case rebalancing
        /// Owns at least one partition of the input topic.
        case assigned
        /// A member of the group that was given no partition (more instances than partitions).
        case standby
    }

    struct PartitionState: Sendable {
        var position: Int64?
        var lag: Int64?
        var committed: Int64?
    }

    private struct State {
        var succeeded = 0
        var failed = 0
        var failuresByCode: [String: Int] = [:]
        var decisions: [RiskDecision: Int] = [:]
        var scoringNanoseconds: UInt64 = 0
        var scoringMicros = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .two)
        var latencyMicros = Histogram<UInt64>(highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: .two)
        var lastProcessed: Date?
        var deliveryRetries = 0
        var partitions: [TopicPartition: PartitionState] = [:]
        var blockers: [Blocker: String] = [:]
        var group = GroupState.joining
        var thresholdsProblem: String?
        /// Why results cannot be written to the results store (reading pauses meanwhile).
        var resultsStoreProblem: String?
        var parametersID: String
        var lastPoll = ContinuousClock.now
        var inFlightResults = 0
        var inFlightBytes = 0
        var inFlightBytesPeak = 0
    }

    private let state: Mutex<State>
    let started = Date()
    private let startedInstant = ContinuousClock.now

    /// The dashboard's series, distributions and recent results (`/api/v1/dashboard`).
    let dashboard = DashboardState()

    /// The pipeline counts as stalled when it has not polled Kafka for this long.
    let stallLimit: Duration
    /// The results store's counts; reported when ``storesResults``.
    let resultsStore = ResultsStoreCounters()
    let storesResults: Bool

    init(parametersID: String, stallLimit: Duration, storesResults: Bool = false) {
        state = Mutex(State(parametersID: parametersID))
        self.stallLimit = stallLimit
        self.storesResults = storesResults
    }

    // MARK: - Written by the pipeline

    /// A result was delivered: it counts as processed (and a success's risk decision as decided).
    func recordDelivered(success: Bool, errorCode: String?, decision: RiskDecision? = nil, scoringNanoseconds: UInt64,
                         latencyNanoseconds: UInt64) {
        state.withLock { s in
            if success { s.succeeded += 1 } else { s.failed += 1 }
            if let errorCode { s.failuresByCode[errorCode, default: 0] += 1 }
            if let decision { s.decisions[decision, default: 0] += 1 }
            s.scoringNanoseconds += scoringNanoseconds
            _ = s.scoringMicros.record(max(1, scoringNanoseconds / 1000))
            _ = s.latencyMicros.record(max(1, latencyNanoseconds / 1000))
            s.lastProcessed = Date()
            s.blockers[.deliveryFailing] = nil
            s.blockers[.brokersDown] = nil
        }
    }

    func recordDeliveryRetry() { state.withLock { $0.deliveryRetries += 1 } }

    /// Results waiting for their delivery report, and their bytes.
    func setInFlight(results: Int, bytes: Int) {
        state.withLock { s in
            s.inFlightResults = results
            s.inFlightBytes = bytes
            s.inFlightBytesPeak = max(s.inFlightBytesPeak, bytes)
        }
    }

    func polled() { state.withLock { $0.lastPoll = ContinuousClock.now } }

    /// The group gave this instance these partitions (all it owns now; empty: standby).
    func assigned(_ partitions: [TopicPartition]) {
        setAssignment(partitions, group: partitions.isEmpty ? .standby : .assigned)
    }

    /// Partitions were revoked and these remain (empty: waiting for the new assignment).
    func revoked(remaining partitions: [TopicPartition]) {
        setAssignment(partitions, group: partitions.isEmpty ? .rebalancing : .assigned)
    }

    private func setAssignment(_ partitions: [TopicPartition], group: GroupState) {
        state.withLock { s in
            s.partitions = partitions.reduce(into: [:]) { result, partition in result[partition] = s.partitions[partition] ?? PartitionState() }
            s.group = group
        }
    }

    func updatePartitions(_ update: [TopicPartition: PartitionState]) {
        state.withLock { s in
            for (partition, value) in update where s.partitions[partition] != nil { s.partitions[partition] = value }
        }
    }

    func block(_ blocker: Blocker, _ detail: String = "") { state.withLock { $0.blockers[blocker] = detail } }
    func unblock(_ blocker: Blocker) { _ = state.withLock { $0.blockers.removeValue(forKey: blocker) } }

    // MARK: - Written by the refresher

    func thresholdsRefreshed(parametersID: String) {
        state.withLock { s in
            s.thresholdsProblem = nil
            s.parametersID = parametersID
        }
    }

    func thresholdsRefreshFailed(_ problem: String) { state.withLock { $0.thresholdsProblem = problem } }

    // MARK: - Written by the results writer

    func resultsStoreFailing(_ problem: String) { state.withLock { $0.resultsStoreProblem = problem } }
    func resultsStoreRecovered() { state.withLock { $0.resultsStoreProblem = nil } }

    // MARK: - Read by HTTP

    /// An answer of `/api/v1/health` or `/api/v1/ready`: the HTTP status and the JSON body.
    struct Probe: Equatable {
        struct Body: Codable, Equatable {
            /// health: `ok`, `degraded` or `unavailable`; ready: `ready`, `standby`, `joining`,
            /// `rebalancing`, `stopping` or `unavailable`.
            var status: String
            /// Why it is not `ok`/`ready`; empty otherwise.
            var reasons: [String]
            /// ready only: the input partitions this instance owns.
            var partitions: Int?
        }

        /// 200 or 503.
        var code: Int
        var body: Body
    }

    /// Liveness: 503 while the process cannot do its work (brokers unreachable, results undeliverable,
    /// no poll for ``stallLimit``, shutting down), 200 `degraded` while threshold refreshes or results-store
    /// writes fail (a restart would not help; readiness is 503 while the store fails), else 200 `ok`. Owning no partition is no concern of liveness.
    func health() -> Probe {
        state.withLock { s in
            let blockers = self.blockers(s)
            if !blockers.isEmpty { return Probe(code: 503, body: .init(status: "unavailable", reasons: blockers)) }
            let problems = [s.thresholdsProblem.map { "thresholds refresh failing: \($0)" },
                            s.resultsStoreProblem.map { "results store failing: \($0)" }].compactMap { $0 }
            if !problems.isEmpty { return Probe(code: 200, body: .init(status: "degraded", reasons: problems)) }
            return Probe(code: 200, body: .init(status: "ok", reasons: []))
        }
    }

    /// ``health()`` as the dashboard shows it.
    func dashboardHealth() -> DashboardHealth {
        let probe = health()
        return DashboardHealth(code: probe.code, status: probe.body.status, reasons: probe.body.reasons)
    }

    /// Readiness: 200 `ready` with partitions assigned, 200 `standby` for a member given no partition (it
    /// takes over when another instance leaves); 503 `joining` before the first assignment, `rebalancing`
    /// between a revocation and the next assignment, `stopping` while shutting down, `unavailable` while
    /// liveness fails or the results store cannot be written.
    func readiness(group: String) -> Probe {
        state.withLock { s in
            let partitions = s.partitions.count
            func probe(_ code: Int, _ status: String, _ reasons: [String]) -> Probe {
                Probe(code: code, body: .init(status: status, reasons: reasons, partitions: partitions))
            }
            if s.blockers[.stopping] != nil { return probe(503, "stopping", [Blocker.stopping.rawValue]) }
            let blockers = self.blockers(s)
            if !blockers.isEmpty { return probe(503, "unavailable", blockers) }
            if let problem = s.resultsStoreProblem { return probe(503, "unavailable", ["results store failing: \(problem)"]) }
            return switch s.group {
            case .joining: probe(503, "joining", ["joining consumer group \(group); no partition assigned yet"])
            case .rebalancing: probe(503, "rebalancing", ["consumer group \(group) is rebalancing"])
            case .standby: probe(200, "standby", ["member of consumer group \(group) without partitions: more instances than partitions"])
            case .assigned: probe(200, "ready", [])
            }
        }
    }

    private func blockers(_ s: State) -> [String] {
        var blockers = Blocker.allCases.compactMap { blocker in
            s.blockers[blocker].map { $0.isEmpty ? blocker.rawValue : "\(blocker.rawValue): \($0)" }
        }
        if ContinuousClock.now - s.lastPoll > stallLimit {
            blockers.append("the consumer has not polled Kafka for over \(stallLimit)")
        }
        return blockers
    }

    var parametersID: String { state.withLock { $0.parametersID } }

    /// Why the last threshold refresh failed; nil while refreshes succeed.
    var thresholdsProblem: String? { state.withLock { $0.thresholdsProblem } }

    /// The `/api/v1/stats` document.
    func statsDocument() -> [String: Any] {
        state.withLock { s in
            let total = s.succeeded + s.failed
            func quantiles(_ h: Histogram<UInt64>) -> Any {
                guard h.totalCount > 0 else { return NSNull() }
                return ["p50": Double(h.valueAtPercentile(50)) / 1000, "p99": Double(h.valueAtPercentile(99)) / 1000]
            }
            let partitions = s.partitions.sorted { ($0.key.topic, $0.key.partition) < ($1.key.topic, $1.key.partition) }.map { key, value in
                ["topic": key.topic, "partition": Int(key.partition), "position": value.position.map { $0 as Any } ?? NSNull(),
                 "lag": value.lag.map { $0 as Any } ?? NSNull(), "committed": value.committed.map { $0 as Any } ?? NSNull()] as [String: Any]
            }
            var document: [String: Any] = [
                "total_processed": total,
                "successful_processed": s.succeeded,
                "failed_processed": s.failed,
                "failures_by_code": s.failuresByCode,
                "decisions": Dictionary(uniqueKeysWithValues: RiskDecision.allCases.map { ($0.rawValue, s.decisions[$0] ?? 0) }),
                "average_processing_time_ms": total == 0 ? 0 : Double(s.scoringNanoseconds) / Double(total) / 1e6,
                "processing_time_ms": quantiles(s.scoringMicros),
                "processing_latency_ms": quantiles(s.latencyMicros),
                "uptime_seconds": (ContinuousClock.now - startedInstant).seconds,
                "last_processed_timestamp": s.lastProcessed.map { $0.timeIntervalSince1970 as Any } ?? NSNull(),
                "delivery_retries": s.deliveryRetries,
                "in_flight_results": s.inFlightResults,
                "in_flight_bytes": s.inFlightBytes,
                "in_flight_bytes_peak": s.inFlightBytesPeak,
                "parameters_id": s.parametersID,
                "partitions": partitions,
            ]
            if storesResults { document["results_store"] = resultsStore.document }
            return document
        }
    }
}
