import Foundation
import ReputationKafka
import ScoreStream
import TestSupport
import Testing

/// `/api/v1/health` is liveness, `/api/v1/ready` readiness: an instance waiting for its group, or a
/// standby one beyond the partition count, is alive; only one owning partitions is `ready`.
@Suite(.timeLimit(.minutes(2)))
struct ReadinessTests {
    func probe(_ port: Int, _ path: String) async -> (Int, String)? {
        guard let answer = await httpGet(port: port, path) else { return nil }
        return (answer.status, answer.body["status"] as? String ?? "")
    }

    @Test func joiningThenReadyAndASecondInstanceIsStandby() async throws {
        let group = unique("ready")
        let cluster = try mockStreamCluster(group: group, partitions: 1)
        let configuration = mockStreamConfiguration(cluster, group: group)
        let logA = CapturedLog(), logB = CapturedLog()

        // The group's coordinator (broker 1) is down: the instance cannot join yet. It is alive, not ready.
        try await cluster.setBroker(1, up: false)
        let a = try await buildScoreStream(configuration, logger: logA.logger)
        let groupA = a.serviceGroup(signals: [])
        async let runA: Void = groupA.run()
        let portA = try await a.listeningPort()
        let joining = await probe(portA, "/api/v1/ready")
        #expect(joining?.0 == 503 && joining?.1 == "joining", "\(String(describing: joining))")
        let alive = await probe(portA, "/api/v1/health")
        #expect(alive?.0 == 200 && alive?.1 == "ok", "\(String(describing: alive))")
        try await cluster.setBroker(1, up: true)
        #expect(await eventually(timeout: .seconds(30)) { await probe(portA, "/api/v1/ready").map { $0 == (200, "ready") } ?? false },
                "\(logA.text)")
        #expect(await httpGet(port: portA, "/api/v1/ready")?.body["partitions"] as? Int == 1)

        let b = try await buildScoreStream(configuration, logger: logB.logger)
        let groupB = b.serviceGroup(signals: [])
        async let runB: Void = groupB.run()
        let portB = try await b.listeningPort()
        let shared = await eventually(timeout: .seconds(60)) {
            let (ra, rb) = (await probe(portA, "/api/v1/ready"), await probe(portB, "/api/v1/ready"))
            return ra?.0 == 200 && rb?.0 == 200 && Set([ra?.1, rb?.1]) == ["ready", "standby"]
        }
        #expect(shared, "A: \(logA.text)\nB: \(logB.text)")
        for port in [portA, portB] {
            let health = await probe(port, "/api/v1/health")
            #expect(health?.0 == 200 && health?.1 == "ok", "\(String(describing: health))")
        }
        let standbyPort = await probe(portA, "/api/v1/ready")?.1 == "standby" ? portA : portB
        let standby = await httpGet(port: standbyPort, "/api/v1/ready")?.body
        #expect(standby?["partitions"] as? Int == 0)
        #expect((standby?["reasons"] as? [String])?.first?.contains("more instances than partitions") == true)

        // The join is logged: its start, then what it gave.
        for log in [logA, logB] { #expect(log.count("joining consumer group \(group)") == 1, "\(log.text)") }
        #expect(logA.count("partitions assigned in consumer group \(group) after") + logB.count("partitions assigned in consumer group \(group) after") >= 1)
        #expect(logA.count("without partitions: standby") + logB.count("without partitions: standby") >= 1, "A: \(logA.text)\nB: \(logB.text)")

        await groupB.triggerGracefulShutdown()
        await groupA.triggerGracefulShutdown()
        try await runA
        try await runB
    }
}
