import Foundation

/// score-server's ``DashboardSource``: its ``ScoringStats``, the thresholds in force, health as
/// `/api/v1/health` answers it, and the results store's name.
struct ServerDashboardSource: DashboardSource {
    let stats: ScoringStats
    let thresholds: any ThresholdSource
    let shutdown: ShutdownState
    let resultsStore: String?

    /// `GET /api/v1/stats`.
    func document() -> ScoringStatsDocument {
        stats.document(parametersID: thresholds.configuration.parametersID, resultsStore: resultsStore)
    }

    func statsDocument() -> [String: Any] {
        let encoder = JSONEncoder()
        guard let data = try? encoder.encode(document()),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object
    }

    func dashboardHealth() -> DashboardHealth {
        shutdown.isShuttingDown ? DashboardHealth(code: 503, status: "shutting_down", reasons: ["shutting down"])
            : DashboardHealth(code: 200, status: "ok")
    }

    var parametersID: String { thresholds.configuration.parametersID }
    var thresholdsProblem: String? { stats.thresholdsProblem }
    var dashboard: DashboardState { stats.dashboard }
}
