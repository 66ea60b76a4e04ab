import ReputationCore
import ScoringAPI
import Synchronization

/// The parameters in force, replaced by the refresher and read by the pipeline. The version lets the
/// pipeline notice a change with one atomic load per message.
final class LiveThresholds: ThresholdSource {
    private let current: Mutex<ThresholdConfiguration>
    private let versionCounter = Atomic<Int>(0)

    init(_ configuration: ThresholdConfiguration) { current = Mutex(configuration) }

    var version: Int { versionCounter.load(ordering: .acquiring) }

    var configuration: ThresholdConfiguration { current.withLock { $0 } }

    /// Installs `configuration`; returns the one it replaced when it differs, else nil.
    func replace(with configuration: ThresholdConfiguration) -> ThresholdConfiguration? {
        let old: ThresholdConfiguration? = current.withLock { value in
            guard value != configuration else { return nil }
            defer { value = configuration }
            return value
        }
        if old != nil { versionCounter.add(1, ordering: .releasing) }
        return old
    }
}
