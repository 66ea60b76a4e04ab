import Foundation
import ReputationKafka
import ScoreStream
import TestSupport
import Testing

/// Results in flight are bounded by bytes: with large results, reading pauses at the bound and resumes,
/// and every result arrives, in order.
@Suite(.timeLimit(.minutes(2)))
struct InFlightBytesTests {
    @Test func largeResultsPauseReadingAndAllArriveInOrder() async throws {
        let group = unique("large")
        let cluster = try mockStreamCluster(group: group, partitions: 1)
        try cluster.setRoundTripTime(broker: 2, .milliseconds(100))   // slow deliveries: results pile up
        let writer = try TopicWriter(cluster.bootstrapServers)
        // The mock cluster keeps about 5 MB per partition: 16 results of 250 KB, at most 500 KB in flight.
        let resultBytes = 250_000
        let inputs = (0..<16).map { index in Array("{\"n\":\(index),\"pad\":\"".utf8) + Array(repeating: UInt8(ascii: "x"), count: resultBytes) + Array("\"}".utf8) }
        _ = try await blocking { try writer.write("in", inputs.map { ("wallet", $0) }) }

        var configuration = mockStreamConfiguration(cluster, group: group)
        configuration.mode = .passThrough   // each result is its ~250 KB input
        configuration.maxInFlightBytes = 500_000
        let service = try await buildScoreStream(configuration, logger: testLogger)
        let run = service.serviceGroup(signals: [])
        async let stopped: Void = run.run()
        let port = try await service.listeningPort()
        let processed = await eventually(timeout: .seconds(60)) { await statsField(port, "total_processed") as? Int == inputs.count }
        let count = await statsField(port, "total_processed") as? Int
        #expect(processed, "\(count ?? -1) of \(inputs.count) processed")
        let peak = try #require(await statsField(port, "in_flight_bytes_peak") as? Int)
        #expect(peak > 0)
        #expect(peak < configuration.maxInFlightBytes + resultBytes + 1000, "at most one result over the bound")
        await run.triggerGracefulShutdown()
        try await stopped

        let results = try await readTopics(cluster.bootstrapServers, ["ok": 1], until: { $0.count >= inputs.count }, timeout: .seconds(30))
        #expect(results.count == inputs.count)
        let inOrder = results.map { Array($0.value.utf8) } == inputs
        #expect(inOrder, "every result, in input order: \(results.map { $0.value.prefix(12) })")
    }
}
