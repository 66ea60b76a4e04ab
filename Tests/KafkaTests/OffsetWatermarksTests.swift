import ReputationKafka
import Testing

struct OffsetWatermarksTests {
    let p0 = TopicPartition(topic: "t", partition: 0)
    let p1 = TopicPartition(topic: "t", partition: 1)

    @Test func inOrderAcknowledgementsAdvanceOneByOne() {
        var marks = OffsetWatermarks()
        for offset in 0..<3 { marks.begin(p0, offset: Int64(offset)) }
        #expect(marks.acknowledge(p0, offset: 0) == 1)
        #expect(marks.acknowledge(p0, offset: 1) == 2)
        #expect(marks.acknowledge(p0, offset: 2) == 3)
        #expect(marks.pendingCount == 0)
    }

    @Test func outOfOrderAcknowledgementsWaitForTheGap() {
        var marks = OffsetWatermarks()
        for offset in 10..<14 { marks.begin(p0, offset: Int64(offset)) }
        #expect(marks.acknowledge(p0, offset: 12) == nil)
        #expect(marks.acknowledge(p0, offset: 13) == nil)
        #expect(marks.watermark(p0) == nil)
        #expect(marks.acknowledge(p0, offset: 10) == 11)
        #expect(marks.pending(p0) == 3)
        #expect(marks.acknowledge(p0, offset: 11) == 14)   // passes 12 and 13 at once
        #expect(marks.pending(p0) == 0)
    }

    @Test func anUnacknowledgedMessageHoldsItsPartitionOnly() {
        var marks = OffsetWatermarks()
        marks.begin(p0, offset: 0)
        marks.begin(p0, offset: 1)
        marks.begin(p1, offset: 0)
        #expect(marks.acknowledge(p0, offset: 1) == nil)   // 0 failed or is still in flight
        #expect(marks.acknowledge(p1, offset: 0) == 1)
        #expect(marks.watermark(p0) == nil)
        #expect(marks.pendingCount == 2)
    }

    @Test func gapsInOffsetsAreNotWaitedFor() {
        var marks = OffsetWatermarks()
        for offset: Int64 in [3, 7, 8] { marks.begin(p0, offset: offset) }   // compaction or transaction markers
        #expect(marks.acknowledge(p0, offset: 3) == 4)
        #expect(marks.acknowledge(p0, offset: 8) == nil)
        #expect(marks.acknowledge(p0, offset: 7) == 9)
    }

    @Test func duplicateAndUnknownAcknowledgementsAreIgnored() {
        var marks = OffsetWatermarks()
        marks.begin(p0, offset: 0)
        marks.begin(p0, offset: 1)
        #expect(marks.acknowledge(p0, offset: 1) == nil)
        #expect(marks.acknowledge(p0, offset: 1) == nil)
        #expect(marks.acknowledge(p0, offset: 5) == nil)
        #expect(marks.acknowledge(p1, offset: 0) == nil)
        #expect(marks.acknowledge(p0, offset: 0) == 2)
    }

    @Test func revokedPartitionsAreForgotten() {
        var marks = OffsetWatermarks()
        marks.begin(p0, offset: 0)
        marks.begin(p1, offset: 0)
        marks.remove([p0])
        #expect(marks.pendingCount == 1)
        #expect(marks.acknowledge(p0, offset: 0) == nil)
    }

    @Test func longRunsStayCorrectAcrossCompaction() {
        var marks = OffsetWatermarks()
        for offset in 0..<5000 { marks.begin(p0, offset: Int64(offset)) }
        var last: Int64?
        for offset in stride(from: 0, to: 5000, by: 2) { _ = marks.acknowledge(p0, offset: Int64(offset + 1)) }
        for offset in stride(from: 0, to: 5000, by: 2) { last = marks.acknowledge(p0, offset: Int64(offset)) ?? last }
        #expect(last == 5000)
        #expect(marks.pendingCount == 0)
    }
}
