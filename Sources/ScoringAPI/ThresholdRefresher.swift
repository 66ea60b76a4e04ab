import Logging
import ReputationCore
import ServiceLifecycle

/// Reads the threshold store again every interval, for score-stream and score-server. A new valid
/// configuration applies to the work after it; a failed read keeps the last good one, is logged and is
/// reported (score-stream marks itself degraded and counts it; both dashboards show it until a read succeeds).
public struct ThresholdRefresher: Service {
    /// What the service does with the outcome of each read, besides logging it.
    public struct Reports: Sendable {
        /// A read succeeded (the configuration read, whether or not it changed anything).
        public var refreshed: @Sendable (ThresholdConfiguration) -> Void
        /// A read failed: `"STORE: ERROR"`.
        public var failed: @Sendable (String) -> Void

        public init(refreshed: @escaping @Sendable (ThresholdConfiguration) -> Void, failed: @escaping @Sendable (String) -> Void) {
            self.refreshed = refreshed
            self.failed = failed
        }
    }

    let store: any ThresholdStore
    let interval: Duration
    let live: LiveThresholds
    let reports: Reports
    let logger: Logger

    public init(store: any ThresholdStore, interval: Duration, live: LiveThresholds, reports: Reports, logger: Logger) {
        self.store = store
        self.interval = interval
        self.live = live
        self.reports = reports
        self.logger = logger
    }

    public func run() async throws {
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
            if let old = live.replace(with: configuration) {
                logger.info("thresholds changed", metadata: [
                    "store": "\(store.name)", "parameters_id": "\(configuration.parametersID)", "was": "\(old.parametersID)"])
            }
            reports.refreshed(configuration)
        } catch {
            reports.failed("\(store.name): \(error)")
            logger.warning("thresholds refresh failed; keeping the last good parameters", metadata: [
                "store": "\(store.name)", "error": "\(error)", "parameters_id": "\(live.configuration.parametersID)"])
        }
    }
}
