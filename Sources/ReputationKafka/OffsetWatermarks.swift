/// Per partition, the offset up to which every message has been acknowledged: the next offset a consumer
/// may commit without losing a message when acknowledgements arrive out of order.
///
/// Call ``begin(_:offset:)`` when a message is read (offsets of a partition are read in increasing order),
/// ``acknowledge(_:offset:)`` when its work is durably done. The watermark of a partition advances only
/// over a contiguous run of acknowledged offsets, so a message whose work failed holds it back.
public struct OffsetWatermarks: Sendable {
    private struct Partition {
        /// Offsets read and not yet passed by the watermark, in reading order; `head` indexes the first.
        var offsets: [Int64] = []
        var acknowledged: [Bool] = []
        var head = 0
        /// The next offset to commit: every offset below it is acknowledged.
        var watermark: Int64?

        var pending: Int { offsets.count - head }

        mutating func compact() {
            guard head > 1024, head * 2 > offsets.count else { return }
            offsets.removeFirst(head)
            acknowledged.removeFirst(head)
            head = 0
        }
    }

    private var partitions: [TopicPartition: Partition] = [:]

    public init() {}

    /// Records that `offset` of `partition` was read and its work has begun.
    public mutating func begin(_ partition: TopicPartition, offset: Int64) {
        partitions[partition, default: Partition()].offsets.append(offset)
        partitions[partition]!.acknowledged.append(false)
    }

    /// Records that the work for `offset` is done. Returns the partition's new watermark (the next offset to
    /// commit) when it advanced, else nil. Unknown partitions and offsets are ignored (their partition was
    /// revoked meanwhile).
    public mutating func acknowledge(_ partition: TopicPartition, offset: Int64) -> Int64? {
        guard var p = partitions[partition] else { return nil }
        // Acknowledgements mostly come in reading order: look from the head.
        guard let index = p.offsets[p.head...].firstIndex(of: offset), !p.acknowledged[index] else { return nil }
        p.acknowledged[index] = true
        var advanced: Int64?
        while p.head < p.offsets.count, p.acknowledged[p.head] {
            advanced = p.offsets[p.head] + 1
            p.head += 1
        }
        if let advanced { p.watermark = advanced }
        p.compact()
        partitions[partition] = p
        return advanced
    }

    /// The next offset to commit for `partition`, if any message of it was acknowledged.
    public func watermark(_ partition: TopicPartition) -> Int64? { partitions[partition]?.watermark }

    /// Messages of `partition` read and not yet passed by its watermark.
    public func pending(_ partition: TopicPartition) -> Int { partitions[partition]?.pending ?? 0 }

    /// Messages read and not yet passed by a watermark, over all partitions.
    public var pendingCount: Int { partitions.values.reduce(0) { $0 + $1.pending } }

    /// Forgets partitions that this consumer no longer owns.
    public mutating func remove(_ removed: [TopicPartition]) {
        for partition in removed { partitions[partition] = nil }
    }
}
