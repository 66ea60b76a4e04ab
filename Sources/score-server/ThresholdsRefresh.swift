import Logging
import ReputationCore
import ScoringAPI
import ServiceLifecycle
import Synchronization

/// The threshold configuration in force; the refresh replaces it, requests read it.
final class LiveConfiguration: ThresholdSource {
    private let value: Mutex<ThresholdConfiguration>
    private let versionCounter = Atomic<Int>(0)

    init(_ configuration: ThresholdConfiguration) { value = Mutex(configuration) }

    var version: Int { versionCounter.load(ordering: .acquiring) }

    var configuration: ThresholdConfiguration { value.withLock { $0 } }

    /// Installs `configuration`; true when it differs from the one in force.
    func replace(with configuration: ThresholdConfiguration) -> Bool {
        let changed = value.withLock { old in
            defer { old = configuration }
            return old != configuration
        }
        if changed { versionCounter.add(1, ordering: .releasing) }
        return changed
    }
}

/// Reads the threshold store again every interval, as score-stream does: a new valid configuration applies
/// to the requests after it; a failed read keeps the last good one, is logged and shows on the dashboard
/// until a read succeeds.
struct ThresholdsRefresh: Service {
    let store: any ThresholdStore
    let interval: Duration
    let live: LiveConfiguration
    let stats: ScoringStats
    let logger: Logger

    func run() async throws {
        while true {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return   // shutting down
            }
            do {
                let configuration = try await store.load()
                stats.thresholdsRefreshed()
                if live.replace(with: configuration) {
                    logger.info("thresholds changed", metadata: ["store": "\(store.name)", "parameters_id": "\(configuration.parametersID)"])
                }
            } catch {
                stats.thresholdsRefreshFailed("\(store.name): \(error)")
                logger.warning("thresholds refresh failed; keeping the last good parameters",
                               metadata: ["store": "\(store.name)", "error": "\(error)"])
            }
        }
    }
}
