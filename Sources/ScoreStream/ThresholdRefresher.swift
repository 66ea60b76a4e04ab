import Logging
import ReputationCore
import ServiceLifecycle

/// Reads the threshold store again every interval. A new valid configuration applies to the messages read
/// after it; a failed read keeps the last good one, marks the service degraded and counts the failure.
struct ThresholdRefresher: Service {
    let store: any ThresholdStore
    let interval: Duration
    let live: LiveThresholds
    let stats: ServiceStats
    let metrics: ServiceMetrics
    let logger: Logger

    func run() async throws {
        while true {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return   // shutting down
            }
            await refresh()
        }
    }

    func refresh() async {
        do {
            let configuration = try await store.load()
            metrics.thresholdRefreshes.increment()
            if let old = live.replace(with: configuration) {
                logger.info("thresholds changed", metadata: [
                    "store": "\(store.name)", "parameters_id": "\(configuration.parametersID)", "was": "\(old.parametersID)"])
            }
            stats.thresholdsRefreshed(parametersID: configuration.parametersID)
        } catch {
            metrics.thresholdRefreshFailures.increment()
            stats.thresholdsRefreshFailed("\(store.name): \(error)")
            logger.warning("thresholds refresh failed; keeping the last good parameters", metadata: [
                "store": "\(store.name)", "error": "\(error)", "parameters_id": "\(live.configuration.parametersID)"])
        }
    }
}
