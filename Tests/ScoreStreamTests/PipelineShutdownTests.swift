import Foundation
import ReputationKafka
import ScoreStream
import TestSupport
import Testing

/// Every way the pipeline stops goes through the same shutdown on its own thread.
@Suite(.timeLimit(.minutes(2)))
struct PipelineShutdownTests {
    /// A static member fenced by the group coordinator gets a fatal consumer error: the service still
    /// drains what is in flight, commits, leaves the group and destroys its clients on the pipeline
    /// thread, then stops with the error.
    @Test func aFatalConsumerErrorStillShutsDown() async throws {
        let group = unique("fenced")
        let cluster = try mockStreamCluster(group: group)
        let writer = try TopicWriter(cluster.bootstrapServers)
        _ = try await FedWallets(writer, topic: "in", count: 20, seed: 43)
        var configuration = mockStreamConfiguration(cluster, group: group)
        configuration.kafka.properties["group.instance.id"] = unique("instance")
        configuration.kafka.properties["heartbeat.interval.ms"] = "500"
        let log = CapturedLog()
        let service = try await buildScoreStream(configuration, logger: log.logger)
        let running = Task { try await service.serviceGroup(signals: []).run() }
        let port = try await service.listeningPort()
        #expect(await eventually(timeout: .seconds(30)) { await statsField(port, "total_processed") as? Int == 20 })
        cluster.failRequests(apiKey: 12 /* Heartbeat */, count: 50, code: 82 /* FENCED_INSTANCE_ID */)
        await #expect(throws: ScoreStreamError.self) { try await running.value }
        #expect(log.count("stopping: finishing results in flight") == 1, "\(log.text)")
        #expect(log.count("Kafka clients destroyed") == 1, "\(log.text)")
        #expect(log.count("thread=score-pipeline") >= 1, "\(log.text.split(separator: "\n").filter { $0.contains("destroyed") })")
    }
}
