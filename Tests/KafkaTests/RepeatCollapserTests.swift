import ReputationKafka
import Testing

/// Repeated log lines collapse to one per kind per window, with the count of those held back.
struct RepeatCollapserTests {
    let start = ContinuousClock.now

    @Test func theFirstLineIsLoggedAndRepeatsWithinTheWindowAreHeld() {
        var collapser = RepeatCollapser(window: .seconds(10))
        #expect(collapser.decide("refused", at: start) == .log(repeats: 0))
        for second in 1...9 { #expect(collapser.decide("refused", at: start + .seconds(second)) == .suppress) }
        #expect(collapser.decide("refused", at: start + .seconds(10)) == .log(repeats: 9))
        #expect(collapser.decide("refused", at: start + .seconds(11)) == .suppress)
        #expect(collapser.decide("refused", at: start + .seconds(25)) == .log(repeats: 1))
        #expect(collapser.decide("refused", at: start + .seconds(40)) == .log(repeats: 0))
    }

    @Test func kindsAreCountedApart() {
        var collapser = RepeatCollapser(window: .seconds(10))
        #expect(collapser.decide("broker a", at: start) == .log(repeats: 0))
        #expect(collapser.decide("broker b", at: start) == .log(repeats: 0))
        #expect(collapser.decide("broker a", at: start + .seconds(1)) == .suppress)
        #expect(collapser.decide("broker b", at: start + .seconds(11)) == .log(repeats: 0))
        #expect(collapser.decide("broker a", at: start + .seconds(11)) == .log(repeats: 1))
    }

    /// Timings and counts do not make a new kind; the broker named in the thread tag does.
    @Test func keysIgnoreNumbersButNotTheBroker() {
        let line = { (broker: String, ms: Int) in
            "[thrd:\(broker)/bootstrap]: \(broker)/bootstrap: Connect to ipv4#\(broker) failed: Connection refused (after \(ms)ms in state CONNECT)"
        }
        #expect(RepeatCollapser.key(line("127.0.0.1:9092", 0)) == RepeatCollapser.key(line("127.0.0.1:9092", 12)))
        #expect(RepeatCollapser.key(line("127.0.0.1:9092", 0)) != RepeatCollapser.key(line("127.0.0.1:9093", 0)))
        #expect(RepeatCollapser.key("no tag 12 and 345") == "no tag # and #")
    }

    /// librdkafka's own count of suppressed repeats does not make a new kind either (under load it appears
    /// on the second line of a kind, which then got through).
    @Test func librdkafkasRepeatCountIsOfTheSameKind() {
        let first = "[thrd:127.0.0.1:1/bootstrap]: 127.0.0.1:1/bootstrap: Connect to ipv4#127.0.0.1:1 failed: Connection refused (after 0ms in state CONNECT)"
        let later = "[thrd:127.0.0.1:1/bootstrap]: 127.0.0.1:1/bootstrap: Connect to ipv4#127.0.0.1:1 failed: Connection refused (after 1ms in state CONNECT, 3 identical error(s) suppressed)"
        #expect(RepeatCollapser.key(later) == RepeatCollapser.key(first))
        var collapser = RepeatCollapser()
        #expect(collapser.decide(RepeatCollapser.key(first)) == .log(repeats: 0))
        #expect(collapser.decide(RepeatCollapser.key(later)) == .suppress)
    }

    @Test func theLoggedLineSaysHowManyWereHeld() {
        #expect(RepeatCollapser.annotate("refused", repeats: 0, window: .seconds(10)) == "refused")
        #expect(RepeatCollapser.annotate("refused", repeats: 38, window: .seconds(10)) == "refused [and 38 more like it in the last 10 s]")
    }
}
