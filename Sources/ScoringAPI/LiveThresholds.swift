import ReputationCore
import Synchronization

/// The parameters in force, replaced by the ``ThresholdRefresher`` and read by score-stream's pipeline and
/// the API's requests. The version lets a reader notice a change with one atomic load.
public final class LiveThresholds: ThresholdSource {
    private let current: Mutex<ThresholdConfiguration>
    private let versionCounter = Atomic<Int>(0)

    public init(_ configuration: ThresholdConfiguration) { current = Mutex(configuration) }

    public var version: Int { versionCounter.load(ordering: .acquiring) }

    public var configuration: ThresholdConfiguration { current.withLock { $0 } }

    /// Installs `configuration`; returns the one it replaced when it differs, else nil.
    public func replace(with configuration: ThresholdConfiguration) -> ThresholdConfiguration? {
        let old: ThresholdConfiguration? = current.withLock { value in
            guard value != configuration else { return nil }
            defer { value = configuration }
            return value
        }
        if old != nil { versionCounter.add(1, ordering: .releasing) }
        return old
    }
}
