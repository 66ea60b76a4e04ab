import Foundation
import ReputationCore
import TestSupport
import Testing
import WalletCorpus

/// score-stream against a real broker (Tansu, started by `make test`), run as users run it: the release
/// binary, with its own topics and group per test.
@Suite(.enabled(if: TestBroker.available), .serialized, .timeLimit(.minutes(5)))
struct EndToEndTests {
    /// Bad inputs beside the generated wallets, and what each must become.
    static var badInputs: [MalformedCorpus.Case] {
        let hugeAddress = "{\"wallet_address\":\"0x\(String(repeating: "b", count: 950_000))\",\"data\":[{\"protocolType\":\"dexes\","
            + "\"transactions\":[{\"document_id\":\"d\",\"action\":\"swap\",\"timestamp\":1700000000}]}]}"
        return MalformedCorpus.cases + [
            MalformedCorpus.deepNesting(),
            MalformedCorpus.hugeString(150_000),
            MalformedCorpus.overSize(limit: 2_000_000),
            // Scored, but its result (with the address) is over 900 KB: a small too_large failure instead.
            MalformedCorpus.Case(name: "huge wallet address", bytes: Array(hugeAddress.utf8), expectedCode: "too_large", messageContains: "result is"),
        ]
    }

    /// Thousands of generated wallets plus the malformed corpus: every input offset gets exactly one result,
    /// in the right topic, with the source headers; every wallet's result is score-wallet's line for it.
    @Test func everyInputGetsExactlyOneResult() async throws {
        let bootstrap = try TestBroker.require()
        let writer = try TopicWriter(bootstrap)
        let topics = try await StreamTopics(writer)
        let wallets = try await FedWallets(writer, topic: topics.input, count: 3000, seed: 7)
        let bad = Self.badInputs
        let badPositions = try await writer.write(topics.input, bad.enumerated().map { ("case-\($0.offset)", $0.element.bytes) })
        let expected = try await scoreWalletLines(wallets.texts)

        let service = try await StreamProcess.launch(bootstrap, topics, extra: ["--max-message-bytes", "2000000"])
        let total = wallets.texts.count + bad.count
        #expect(await service.waitForProcessed(total, timeout: .seconds(180)), "\(service.log)")
        service.signal(SIGTERM)
        #expect(await service.exitStatus(within: .seconds(10)) == 0, "\(service.log)")
        let results = try await readTopicsToEnd(bootstrap, topics.outputs)

        let index = ResultIndex(results)
        #expect(results.count == total)
        #expect(index.duplicates == 0)
        for (i, position) in wallets.positions.enumerated() {
            let found = index[position]
            try #require(found.count == 1, "wallet \(i) at \(position) has \(found.count) results")
            let result = found[0]
            #expect(stable(result.value) == expected[i], "wallet \(i)")
            let succeeded = expected[i].contains("\"zscore\"")
            #expect(result.topic == (succeeded ? topics.success : topics.failure))
            #expect(result.headers["source_topic"] == topics.input)
            let body = try JSONSerialization.jsonObject(with: Data(result.value.utf8)) as? [String: Any]
            #expect(result.key == body?["wallet_address"] as? String ?? "w\(i)")
            // Success results carry risk and its decision as a header; failures neither.
            let decision = (body?["risk"] as? [String: Any])?["decision"] as? String
            #expect((decision != nil) == succeeded, "wallet \(i)")
            #expect(result.headers["decision"] == decision, "wallet \(i)")
        }
        for (input, position) in zip(bad, badPositions) {
            let found = index[position]
            try #require(found.count == 1, "\(input.name) has \(found.count) results")
            let result = found[0]
            if let code = input.expectedCode {
                #expect(result.topic == topics.failure, "\(input.name)")
                #expect(result.headers["error_code"] == code, "\(input.name)")
                #expect(result.headers["decision"] == nil, "\(input.name)")
                #expect(result.value.contains("\"error_code\":\"\(code)\""), "\(input.name)")
                if let part = input.messageContains {
                    let error = (try JSONSerialization.jsonObject(with: Data(result.value.utf8)) as? [String: Any])?["error"] as? String
                    #expect(error?.contains(part) == true, "\(input.name): \(result.value.prefix(300))")
                }
                #expect(result.value.utf8.count < 10_000, "\(input.name): failure results stay small")
            } else {
                #expect(result.topic == topics.success, "\(input.name): \(result.value.prefix(300))")
            }
            #expect(result.headers["source_topic"] == topics.input)
        }
    }

    /// kill -9 in the middle, then a restart: every input still gets a result (duplicates allowed, counted).
    @Test func killNineThenRestartLosesNothing() async throws {
        let bootstrap = try TestBroker.require()
        let writer = try TopicWriter(bootstrap)
        let topics = try await StreamTopics(writer)
        let wallets = try await FedWallets(writer, topic: topics.input, count: 20_000, seed: 11)

        let first = try await StreamProcess.launch(bootstrap, topics)
        #expect(await first.waitForProcessed(2000), "\(first.log)")
        first.signal(SIGKILL)
        #expect(await first.exitStatus(within: .seconds(5)) != nil)

        let second = try await StreamProcess.launch(bootstrap, topics)
        _ = try await readTopics(bootstrap, topics.outputs, until: { ResultIndex($0).byInput.count >= wallets.texts.count },
                                 timeout: .seconds(240))
        second.signal(SIGTERM)
        #expect(await second.exitStatus(within: .seconds(10)) == 0, "\(second.log)")
        let index = ResultIndex(try await readTopicsToEnd(bootstrap, topics.outputs))
        let missing = wallets.positions.filter { index[$0].isEmpty }
        #expect(missing.isEmpty, "\(missing.count) inputs without a result, first \(missing.prefix(10))")
        Testing.Test.current.map { _ in print("kill -9 and restart: \(index.duplicates) duplicate results of \(wallets.texts.count) inputs") }
    }

    /// SIGTERM in the middle, then a restart: every input gets exactly one result.
    @Test func sigtermThenRestartHasNoDuplicates() async throws {
        let bootstrap = try TestBroker.require()
        let writer = try TopicWriter(bootstrap)
        let topics = try await StreamTopics(writer)
        let wallets = try await FedWallets(writer, topic: topics.input, count: 20_000, seed: 13)

        let first = try await StreamProcess.launch(bootstrap, topics)
        #expect(await first.waitForProcessed(2000), "\(first.log)")
        let stopped = ContinuousClock.now
        first.signal(SIGTERM)
        #expect(await first.exitStatus(within: .seconds(10)) == 0, "\(first.log)")
        #expect(ContinuousClock.now - stopped < .seconds(10))
        let before = try await readTopicsToEnd(bootstrap, topics.outputs)
        #expect(before.count < wallets.texts.count, "the first instance was stopped before the end")

        let second = try await StreamProcess.launch(bootstrap, topics)
        #expect(await second.waitForProcessed(wallets.texts.count - before.count, timeout: .seconds(240)), "\(second.log)")
        second.signal(SIGTERM)
        #expect(await second.exitStatus(within: .seconds(10)) == 0, "\(second.log)")
        let results = try await readTopicsToEnd(bootstrap, topics.outputs)
        let index = ResultIndex(results)
        #expect(results.count == wallets.texts.count)
        #expect(index.duplicates == 0)
        #expect(wallets.positions.allSatisfy { index[$0].count == 1 })
    }

    /// Two instances in one group share the partitions; when one is killed, the other takes them over and
    /// every input still gets a result.
    @Test func twoInstancesShareThePartitionsAndFailOver() async throws {
        let bootstrap = try TestBroker.require()
        let writer = try TopicWriter(bootstrap)
        let topics = try await StreamTopics(writer, partitions: 4)
        let a = try await StreamProcess.launch(bootstrap, topics)
        let b = try await StreamProcess.launch(bootstrap, topics)
        let shared = await eventually(timeout: .seconds(60)) {
            let (pa, pb) = (await a.assignedPartitions(), await b.assignedPartitions())
            return pa > 0 && pb > 0 && pa + pb == 4
        }
        let (pa, pb) = (await a.assignedPartitions(), await b.assignedPartitions())
        #expect(shared, "partitions: \(pa) and \(pb)")
        #expect(await a.get("/api/v1/health")?.status == 200)
        #expect(await b.get("/api/v1/health")?.status == 200)
        let early = try await FedWallets(writer, topic: topics.input, count: 2000, seed: 17)
        let bothScore = await eventually(timeout: .seconds(60)) {
            let (processedByA, processedByB) = (await a.processed(), await b.processed())
            return processedByA > 0 && processedByB > 0
        }
        #expect(bothScore, "both instances score")

        a.signal(SIGKILL)
        let late = try await FedWallets(writer, topic: topics.input, count: 2000, seed: 19)
        let tookOver = await eventually(timeout: .seconds(60)) { await b.assignedPartitions() == 4 }
        #expect(tookOver, "\(b.log)")
        let all = early.positions + late.positions
        let results = try await readTopics(bootstrap, topics.outputs, until: { ResultIndex($0).byInput.count >= all.count },
                                           timeout: .seconds(120))
        b.signal(SIGTERM)
        #expect(await b.exitStatus(within: .seconds(10)) == 0, "\(b.log)")
        let index = ResultIndex(results)
        let missing = all.filter { index[$0].isEmpty }
        #expect(missing.isEmpty, "\(missing.count) inputs without a result, first \(missing.prefix(10))")
    }

    /// The HTTP endpoints while the service runs.
    @Test func httpEndpointsAnswer() async throws {
        let bootstrap = try TestBroker.require()
        let writer = try TopicWriter(bootstrap)
        let topics = try await StreamTopics(writer, partitions: 2)
        let service = try await StreamProcess.launch(bootstrap, topics)
        let answers = await eventually(timeout: .seconds(20)) { await service.get("/") != nil }
        #expect(answers)
        // Alive from the start, whether or not the group has assigned partitions yet (ReadinessTests covers
        // `joining`, which Tansu may be too quick to show here).
        let starting = await service.get("/api/v1/health")
        #expect(starting?.status == 200)
        #expect(["joining", "ready"].contains(await service.get("/api/v1/ready")?.body["status"] as? String ?? ""))

        let root = try #require(await service.get("/"))
        #expect(root.status == 200)
        #expect(root.body["service"] as? String == "score-stream")
        #expect(root.body["model"] as? String == "dex-v1")
        #expect((root.body["librdkafka"] as? String)?.hasPrefix("2.") == true)
        #expect(root.body["version"] is String)

        let healthy = await eventually(timeout: .seconds(30)) { await service.get("/api/v1/ready")?.status == 200 }
        #expect(healthy, "\(service.log)")
        #expect(await service.get("/api/v1/health")?.body["status"] as? String == "ok")
        let wallets = try await FedWallets(writer, topic: topics.input, count: 300, seed: 23)
        _ = try await writer.write(topics.input, texts: ["not json", "{\"wallet_address\":\"0x1\",\"data\":[]}"])
        var decisions = ["APPROVED": 0, "REVIEW": 0, "DECLINED": 0]
        for line in try await scoreWalletLines(wallets.texts) {
            let risk = (try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["risk"] as? [String: Any]
            decisions[try #require(risk?["decision"] as? String), default: 0] += 1
        }
        #expect(await service.waitForProcessed(wallets.texts.count + 2))
        // Positions and lag are published every second.
        let caughtUp = await eventually(timeout: .seconds(10)) {
            let partitions = await service.get("/api/v1/stats")?.body["partitions"] as? [[String: Any]] ?? []
            return partitions.count == 2 && partitions.allSatisfy { $0["lag"] as? Int == 0 }
                && partitions.map { $0["position"] as? Int ?? 0 }.reduce(0, +) == wallets.texts.count + 2
        }
        #expect(caughtUp)

        let stats = try #require(await service.get("/api/v1/stats")).body
        #expect(stats["total_processed"] as? Int == wallets.texts.count + 2)
        #expect(stats["failed_processed"] as? Int == 2)
        #expect(stats["successful_processed"] as? Int == wallets.texts.count)
        #expect((stats["failures_by_code"] as? [String: Int]) == ["invalid_json": 1, "no_dex_transactions": 1])
        #expect((stats["decisions"] as? [String: Int]) == decisions, "score-wallet's decisions for the same wallets")
        #expect((stats["average_processing_time_ms"] as? Double ?? 0) > 0)
        let latency = try #require(stats["processing_latency_ms"] as? [String: Double])
        #expect(latency["p50"]! > 0 && latency["p99"]! >= latency["p50"]!)
        let scoring = try #require(stats["processing_time_ms"] as? [String: Double])
        #expect(scoring["p99"]! >= scoring["p50"]!)
        #expect((stats["uptime_seconds"] as? Double ?? 0) > 1)
        let last = try #require(stats["last_processed_timestamp"] as? Double)
        #expect(abs(last - Date().timeIntervalSince1970) < 60)
        let partitions = try #require(stats["partitions"] as? [[String: Any]])
        #expect(partitions.count == 2)
        #expect(partitions.allSatisfy { $0["lag"] as? Int == 0 && $0["topic"] as? String == topics.input })
        #expect(partitions.map { $0["position"] as? Int ?? 0 }.reduce(0, +) == wallets.texts.count + 2)

        let metrics = try #require(await service.get("/metrics")?.body["text"] as? String)
        #expect(metrics.contains("wallet_results_total{outcome=\"success\"} \(wallets.texts.count)"))
        #expect(metrics.contains("wallet_results_total{outcome=\"failure\"} 2"))
        #expect(metrics.contains("wallet_failures_total{error_code=\"invalid_json\"} 1"))
        for (decision, count) in decisions {
            #expect(metrics.contains("wallet_reputation_decisions_total{decision=\"\(decision)\"} \(count)\n"), "\(decision)")
        }
        #expect(metrics.contains("wallet_scoring_seconds_bucket"))
        #expect(metrics.contains("kafka_consumer_lag{topic=\"\(topics.input)\",partition=\"0\"} 0"))

        service.signal(SIGINT)
        #expect(await service.exitStatus(within: .seconds(10)) == 0)
    }
}
