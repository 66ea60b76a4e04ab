import Foundation
import Histogram
import ReputationKafka
import Synchronization

/// What the service reports on `/api/v1/stats` and `/api/v1/health`: counts, latencies, lag and the
/// problems that make it unhealthy or degraded. Written by the pipeline and the refresher, read by HTTP.
final class ServiceStats: Sendable {
    /// Problems that stop the service from doing its job (health 503).
    enum Blocker: String, Sendable, CaseIterable {
        case notAssigned = "no partition of the input topic is assigned to this instance"
        case deliveryFailing = "results cannot be delivered"
        case brokersDown = "the Kafka brokers cannot be reached"
        case stopping = "shutting down"
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
        var scoringNanoseconds: UInt64 = 0
        var scoringMicros = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .two)
        var latencyMicros = Histogram<UInt64>(highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: .two)
        var lastProcessed: Date?
        var deliveryRetries = 0
        var partitions: [TopicPartition: PartitionState] = [:]
        var blockers: [Blocker: String] = [.notAssigned: ""]
        var thresholdsProblem: String?
        var parametersID: String
        var lastPoll = ContinuousClock.now
        var inFlightResults = 0
        var inFlightBytes = 0
        var inFlightBytesPeak = 0
    }

    private let state: Mutex<State>
    let started = Date()
    private let startedInstant = ContinuousClock.now

    init(parametersID: String) { state = Mutex(State(parametersID: parametersID)) }

    // MARK: - Written by the pipeline

    /// A result was delivered: it counts as processed.
    func recordDelivered(success: Bool, errorCode: String?, scoringNanoseconds: UInt64, latencyNanoseconds: UInt64) {
        state.withLock { s in
            if success { s.succeeded += 1 } else { s.failed += 1 }
            if let errorCode { s.failuresByCode[errorCode, default: 0] += 1 }
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

    func setAssignment(_ partitions: [TopicPartition]) {
        state.withLock { s in
            s.partitions = partitions.reduce(into: [:]) { result, partition in result[partition] = s.partitions[partition] ?? PartitionState() }
            s.blockers[.notAssigned] = partitions.isEmpty ? "" : nil
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

    // MARK: - Read by HTTP

    struct Health {
        /// 503 reasons; empty when healthy.
        var blockers: [String]
        /// Reasons the service works in a degraded way (still 200).
        var degraded: [String]
    }

    /// The pipeline counts as stalled when it has not polled Kafka for this long.
    static let stallLimit: Duration = .seconds(30)

    func health() -> Health {
        state.withLock { s in
            var blockers = Blocker.allCases.compactMap { blocker in
                s.blockers[blocker].map { $0.isEmpty ? blocker.rawValue : "\(blocker.rawValue): \($0)" }
            }
            if ContinuousClock.now - s.lastPoll > Self.stallLimit {
                blockers.append("the consumer has not polled Kafka for over \(Self.stallLimit)")
            }
            return Health(blockers: blockers, degraded: s.thresholdsProblem.map { ["thresholds refresh failing: \($0)"] } ?? [])
        }
    }

    var parametersID: String { state.withLock { $0.parametersID } }

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
            return [
                "total_processed": total,
                "successful_processed": s.succeeded,
                "failed_processed": s.failed,
                "failures_by_code": s.failuresByCode,
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
        }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
