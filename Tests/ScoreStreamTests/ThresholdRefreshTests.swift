import Foundation
import TestSupport
import Testing

/// score-stream re-reads its threshold store while it runs: a new configuration applies to the messages
/// read after it, a failed read keeps the last good parameters and marks health degraded, recovery clears it.
@Suite(.enabled(if: TestBroker.available && MongoTestServer.available), .serialized, .timeLimit(.minutes(5)))
struct ThresholdRefreshTests {
    static let override = #"{"tokens": [], "thresholds": [{"protocolType": "dexes", "parameter": "lp.volume_full_usd", "value": 20000}]}"#

    @Test func aChangedFileAppliesAndABadFileDegrades() async throws {
        let bootstrap = try TestBroker.require()
        let writer = try TopicWriter(bootstrap)
        let topics = try await StreamTopics(writer, partitions: 1)
        let directory = try await temporaryDirectory()
        defer { removeOrWarn(directory) }
        let file = directory.appendingPathComponent("thresholds.json")
        try await write(#"{"tokens": [], "thresholds": []}"#, to: file)

        let service = try await StreamProcess.launch(bootstrap, topics, extra: ["--thresholds", file.path, "--thresholds-refresh", "1"])
        #expect(await service.waitForHealth(200, "ok"), "\(service.log)")
        let first = try await scoreOne(sampleWallet(), writer, topics, bootstrap: bootstrap)
        let defaultsID = try #require(try field(first, "parameters_id") as? String)

        try await write(Self.override, to: file)
        let changed = await eventually(timeout: .seconds(20)) { await service.parametersID().map { $0 != defaultsID } ?? false }
        #expect(changed, "\(service.log)")
        let second = try await scoreOne(sampleWallet(), writer, topics, bootstrap: bootstrap)
        let newID = try #require(try field(second, "parameters_id") as? String)
        #expect(newID != defaultsID)
        let offline = try await run(executable("score-wallet"), ["--thresholds", file.path, "--as-of", String(asOf), "--format", "lines"],
                              stdin: Data(sampleWallet().utf8))
        #expect(offline.lines.map(stable) == [stable(second.value)], "the stream scores as score-wallet with the same file")

        try await write("{\"tokens\": [], \"thresholds\": [{\"protocolType\": \"dexes\", \"parameter\": \"lp.volume_full_usd\", \"value\": \"lots\"}]}", to: file)
        #expect(await service.waitForHealth(200, "degraded"), "\(service.log)")
        let reasons = await service.get("/api/v1/health")?.body["reasons"] as? [String] ?? []
        #expect(reasons.first?.contains("lp.volume_full_usd") == true, "\(reasons)")
        #expect(reasons.first.map { $0.components(separatedBy: file.path).count - 1 } == 1, "the file named once: \(reasons)")
        #expect(await failedRefreshes(service) > 0)
        let meanwhile = try await scoreOne(sampleWallet(), writer, topics, bootstrap: bootstrap)
        #expect(try field(meanwhile, "parameters_id") as? String == newID, "the last good parameters stay")

        try await write(Self.override, to: file)
        #expect(await service.waitForHealth(200, "ok"), "\(service.log)")
        service.signal(SIGTERM)
        #expect(await service.exitStatus(within: .seconds(10)) == 0)
    }

    /// MongoDB stopped while the service runs: scoring goes on with the last good parameters, health is
    /// degraded and the failures counted; MongoDB back, health recovers.
    @Test func mongoOutageDegradesAndRecovers() async throws {
        let bootstrap = try TestBroker.require()
        let writer = try TopicWriter(bootstrap)
        let topics = try await StreamTopics(writer, partitions: 1)
        let mongo = try await MongoTestProcess.launch(port: try freePort())
        let db = try MongoTestDatabase(url: mongo.url)
        try await db.insert(db.thresholds, [#"{"protocolType": "dexes", "parameter": "lp.volume_full_usd", "value": 20000}"#])

        let service = try await StreamProcess.launch(bootstrap, topics, extra: [
            "--mongo-url", mongo.url, "--mongo-tokens-collection", db.tokens, "--mongo-thresholds-collection", db.thresholds,
            "--mongo-timeout", "1", "--thresholds-refresh", "1"])
        #expect(await service.waitForHealth(200, "ok"), "\(service.log)")
        let before = try await scoreOne(sampleWallet(), writer, topics, bootstrap: bootstrap)
        let mongoID = try #require(try field(before, "parameters_id") as? String)

        try await mongo.stop()
        #expect(await service.waitForHealth(200, "degraded"), "\(service.log)")
        #expect(await failedRefreshes(service) > 0)
        let during = try await scoreOne(sampleWallet(), writer, topics, bootstrap: bootstrap)
        #expect(during.topic == topics.success)
        #expect(try field(during, "parameters_id") as? String == mongoID)

        try await mongo.start()
        #expect(await service.waitForHealth(200, "ok"), "\(service.log)")
        #expect(await service.parametersID() == mongoID)
        service.signal(SIGTERM)
        #expect(await service.exitStatus(within: .seconds(10)) == 0)
    }

    func failedRefreshes(_ service: StreamProcess) async -> Int {
        let line = await service.metrics().split(separator: "\n").first { $0.hasPrefix("thresholds_refresh_failures_total ") }
        return line.flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
    }
}
