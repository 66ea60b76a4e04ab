/// Per message in flight, the steps its work still owes before its offset may be acknowledged to
/// ``OffsetWatermarks``: its result delivered to Kafka and, with a results store, written there too. The
/// steps may finish in either order; the message is done when the last one does.
public struct PendingSteps: Sendable {
    /// Steps of a message's work.
    public struct Steps: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// The result was delivered to its topic.
        public static let delivered = Steps(rawValue: 1)
        /// The result was written to the results store.
        public static let stored = Steps(rawValue: 2)
    }

    private var owed: [UInt64: Steps] = [:]

    public init() {}

    /// Records that message `id` owes `steps` (nothing is recorded for no steps).
    public mutating func begin(_ id: UInt64, owing steps: Steps) {
        guard !steps.isEmpty else { return }
        owed[id] = steps
    }

    /// Records that `step` of `id` finished. Returns true when it was the last one owed: the message is done
    /// (and forgotten). A step finished twice, or of an unknown id (forgotten meanwhile), returns false.
    public mutating func finish(_ id: UInt64, _ step: Steps) -> Bool {
        guard var steps = owed[id], steps.contains(step) else { return false }
        steps.subtract(step)
        if steps.isEmpty {
            owed[id] = nil
            return true
        }
        owed[id] = steps
        return false
    }

    /// Whether `id` still owes `step`.
    public func owes(_ id: UInt64, _ step: Steps) -> Bool { owed[id]?.contains(step) ?? false }

    /// Forgets a message (its partition was revoked, or its result was given up).
    public mutating func forget(_ id: UInt64) { owed[id] = nil }

    /// Messages that still owe a step.
    public var count: Int { owed.count }
}
