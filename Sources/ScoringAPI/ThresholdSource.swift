import ReputationCore

/// The threshold configuration in force, which a refresher may replace while the API serves.
public protocol ThresholdSource: Sendable {
    /// Changes whenever ``configuration`` does.
    var version: Int { get }
    var configuration: ThresholdConfiguration { get }
}
