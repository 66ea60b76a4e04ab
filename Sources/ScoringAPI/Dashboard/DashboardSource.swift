/// What a service tells its dashboard (``DashboardRoutes``): its `/api/v1/stats` document, its health, the
/// parameters in force, the threshold store's state and the live ``DashboardState`` it feeds with results.
/// score-stream's stats and score-server's ``ScoringStats`` conform.
public protocol DashboardSource: Sendable {
    /// The service's `/api/v1/stats` document (JSON values only): the page reads `total_processed`,
    /// `successful_processed`, `failed_processed`, `failures_by_code`, `processing_time_ms` and, when the
    /// service has them, `processing_latency_ms` (end to end) and `partitions` (consumer lag).
    func statsDocument() -> [String: Any]
    /// Health as `/api/v1/health` reports it.
    func dashboardHealth() -> DashboardHealth
    /// The `parameters_id` of the threshold configuration in force.
    var parametersID: String { get }
    /// Why the last threshold refresh failed; nil while refreshes succeed.
    var thresholdsProblem: String? { get }
    /// The series, distributions and recent results fed with every result.
    var dashboard: DashboardState { get }
}

/// A service's health as the dashboard shows it.
public struct DashboardHealth: Sendable, Equatable {
    /// The HTTP status `/api/v1/health` answers (200 or 503).
    public var code: Int
    /// `ok`, `degraded`, `unavailable` or `shutting_down`.
    public var status: String
    /// Why it is not `ok`; empty otherwise.
    public var reasons: [String]

    public init(code: Int, status: String, reasons: [String] = []) {
        self.code = code
        self.status = status
        self.reasons = reasons
    }
}
