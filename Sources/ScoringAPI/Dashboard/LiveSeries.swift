/// Values per time bucket over a sliding window, in a fixed ring of buckets: a bucket's slot is reused once
/// its time has left the window, so memory stays constant however long the service runs.
///
/// Time is given by the caller (whole seconds, e.g. unix time), which keeps the type pure and testable.
public struct LiveSeries<Bucket: Sendable>: Sendable {
    /// Seconds one bucket covers.
    public let bucketSeconds: Int64
    /// Buckets in the window (window = `bucketSeconds · bucketCount`).
    public let bucketCount: Int
    private let empty: Bucket
    /// The bucket start (a multiple of ``bucketSeconds``) each slot holds now; nil for a slot never used.
    private var starts: [Int64?]
    private var buckets: [Bucket]

    /// - Parameters:
    ///   - bucketSeconds: seconds per bucket (at least 1).
    ///   - bucketCount: buckets kept (at least 1).
    ///   - empty: a bucket with nothing counted yet.
    public init(bucketSeconds: Int64, bucketCount: Int, empty: Bucket) {
        precondition(bucketSeconds >= 1 && bucketCount >= 1, "a series needs at least one bucket of at least one second")
        self.bucketSeconds = bucketSeconds
        self.bucketCount = bucketCount
        self.empty = empty
        starts = Array(repeating: nil, count: bucketCount)
        buckets = Array(repeating: empty, count: bucketCount)
    }

    /// The start of the bucket holding `second`.
    public func bucketStart(_ second: Int64) -> Int64 {
        second - ((second % bucketSeconds) + bucketSeconds) % bucketSeconds
    }

    private func slot(_ start: Int64) -> Int {
        Int(((start / bucketSeconds) % Int64(bucketCount) + Int64(bucketCount)) % Int64(bucketCount))
    }

    /// Changes the bucket of `second`; a slot still holding an older bucket is emptied first.
    public mutating func update(at second: Int64, _ change: (inout Bucket) -> Void) {
        let start = bucketStart(second)
        let slot = slot(start)
        if starts[slot] != start {
            // An older bucket leaves the window (a value older than the slot's is dropped with it).
            guard starts[slot].map({ $0 < start }) ?? true else { return }
            starts[slot] = start
            buckets[slot] = empty
        }
        change(&buckets[slot])
    }

    /// Every bucket of the window that ends with the bucket of `second`, oldest first: ``bucketCount``
    /// entries, empty ones for times nothing was recorded.
    public func window(endingAt second: Int64) -> [(start: Int64, bucket: Bucket)] {
        let last = bucketStart(second)
        return (0..<Int64(bucketCount)).reversed().map { back in
            let start = last - back * bucketSeconds
            let slot = slot(start)
            return (start, starts[slot] == start ? buckets[slot] : empty)
        }
    }
}
