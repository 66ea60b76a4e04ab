import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import ReputationCore
import ScoreStream
import TestSupport
import Testing

/// score-stream's HTTP port serves the scoring API too (the same router builder as score-server).
@Suite(.timeLimit(.minutes(2)))
struct ScoringAPIRoutesTests {
    @Test func scoreStreamAnswersPostScoreWithTheLibrarysResult() async throws {
        let group = unique("api")
        let cluster = try mockStreamCluster(group: group, partitions: 1)
        let log = CapturedLog()
        let service = try await buildScoreStream(mockStreamConfiguration(cluster, group: group), logger: log.logger)
        let serviceGroup = service.serviceGroup(signals: [])
        async let running: Void = serviceGroup.run()
        let port = try await service.listeningPort()

        let wallet = try await sampleWallet()
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/api/v1/score?as_of=1704067200")!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(wallet.utf8)
        request.timeoutInterval = 10
        let (data, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        let expected = WalletScorer().score(json: wallet, asOf: 1_704_067_200).jsonLine(timestamp: 0, processingTimeMs: 0)
        #expect(stable(String(decoding: data, as: UTF8.self)) == stable(expected))
        #expect(await httpGet(port: port, "/openapi.json")?.body["openapi"] as? String == "3.1.0")
        // The service's own routes are still there.
        #expect(await httpGet(port: port, "/api/v1/health")?.status == 200)

        await serviceGroup.triggerGracefulShutdown()
        try await running
    }
}
