import ReputationKafka
import Testing

/// An offset is acknowledged only once its result is both delivered and stored, in either order.
struct PendingStepsTests {
    @Test func doneOnlyWhenEveryStepFinished() {
        var steps = PendingSteps()
        steps.begin(1, owing: [.delivered, .stored])
        steps.begin(2, owing: [.delivered, .stored])
        steps.begin(3, owing: .delivered)
        #expect(steps.finish(1, .delivered) == false)
        #expect(steps.owes(1, .stored))
        #expect(steps.finish(2, .stored) == false)
        #expect(steps.finish(2, .stored) == false, "a step finished twice does not count twice")
        #expect(steps.finish(3, .delivered) == true)
        #expect(steps.finish(1, .stored) == true)
        #expect(steps.finish(2, .delivered) == true)
        #expect(steps.count == 0)
        #expect(steps.finish(1, .stored) == false, "forgotten once done")
    }

    @Test func forgottenMessagesNeverComplete() {
        var steps = PendingSteps()
        steps.begin(7, owing: [.delivered, .stored])
        #expect(steps.finish(7, .delivered) == false)
        steps.forget(7)
        #expect(steps.finish(7, .stored) == false)
        #expect(steps.count == 0)
    }

    /// With the watermarks: the store's lag holds the committed offset back, whatever the delivery order.
    @Test func storeLagHoldsTheWatermarkBack() {
        let partition = TopicPartition(topic: "in", partition: 0)
        var marks = OffsetWatermarks()
        var steps = PendingSteps()
        for offset in Int64(0)..<3 {
            marks.begin(partition, offset: offset)
            steps.begin(UInt64(offset), owing: [.delivered, .stored])
        }
        var committed: Int64?
        func finish(_ offset: Int64, _ step: PendingSteps.Steps) {
            if steps.finish(UInt64(offset), step), let mark = marks.acknowledge(partition, offset: offset) { committed = mark }
        }
        for offset in Int64(0)..<3 { finish(offset, .delivered) }
        #expect(committed == nil, "delivered but not stored: nothing may be committed")
        finish(1, .stored)
        #expect(committed == nil)
        finish(0, .stored)
        #expect(committed == 2)
        finish(2, .stored)
        #expect(committed == 3)
    }
}
