import Foundation
import TestSupport
import Testing
import WalletCorpus

/// The crash soak's size, from the environment: `make test` runs a small one, `make soak` the full one.
struct SoakSettings {
    /// `SOAK_INPUTS`: how many inputs, 1% of them poison. Default 5,000.
    var inputs = 5000
    /// `SOAK_KILLS`: how many `kill -9`, each followed by a restart. Default 2.
    var kills = 2
    /// `SOAK_SEED`: the inputs, the poison positions, the kill moments and victims. Default: random (printed).
    var seed = UInt64.random(in: 1...UInt64.max)

    static let current: SoakSettings = {
        let environment = ProcessInfo.processInfo.environment
        var settings = SoakSettings()
        if let inputs = environment["SOAK_INPUTS"].flatMap(Int.init), inputs >= 100 { settings.inputs = inputs }
        if let kills = environment["SOAK_KILLS"].flatMap(Int.init), kills >= 0 { settings.kills = kills }
        if let seed = environment["SOAK_SEED"].flatMap(UInt64.init) { settings.seed = seed }
        return settings
    }()

    /// Minutes the whole soak may take.
    var timeLimit: Int { 5 + inputs / 5000 + 2 * kills }
}

/// Two `score-stream` instances in one group on 6 partitions, inputs with 1% poison, `kill -9` of a random
/// instance at random moments while results flow, each followed by a restart: every input gets a result,
/// exactly the poison inputs fail, no instance ends but by our signals; the duplicates are counted.
@Suite(.enabled(if: TestBroker.available), .timeLimit(.minutes(SoakSettings.current.timeLimit)))
struct CrashSoakTests {
    @Test func killNineWhileResultsFlowLosesNothing() async throws {
        let settings = SoakSettings.current
        print("crash soak: \(settings.inputs) inputs, \(settings.kills) kills, seed \(settings.seed) (SOAK_SEED=\(settings.seed) repeats the inputs and the kill schedule)")
        let bootstrap = try TestBroker.require()
        let writer = try TopicWriter(bootstrap)
        let topics = try await StreamTopics(writer, partitions: 6)
        let start = { try await StreamProcess.launch(bootstrap, topics, extra: ["--max-message-bytes", String(SoakInputs.maxMessageBytes)]) }
        let started = ContinuousClock.now
        var random = SeededGenerator(seed: settings.seed)
        var instances = [try await start(), try await start()]
        let shared = await eventually(timeout: .seconds(60)) {
            let (a, b) = (await instances[0].assignedPartitions(), await instances[1].assignedPartitions())
            return a > 0 && b > 0 && a + b == 6
        }
        try #require(shared, "the two instances did not share the 6 partitions:\n\(instances[0].log)\n\(instances[1].log)")

        let progress = ResultProgress(bootstrap, topics.outputs)
        defer { progress.stop() }
        let poison = SoakInputs(count: settings.inputs, seed: settings.seed).poison
        // Inputs are written as results come, at most `ahead` of them unscored; the writer stops at each kill's
        // moment, sends the kill and waits for the next. (A task, not `async let`: a failing test must not wait
        // for it.)
        let ahead = max(1000, settings.inputs / 10)
        let gate = WriteGate()
        defer { gate.stop() }
        let writing = Task {
            try await blocking {
                var inputs = SoakInputs(count: settings.inputs, seed: settings.seed)
                var positions: [(Int32, Int64)] = []
                while positions.count < settings.inputs {
                    let limit = try gate.waitBlocking(beyond: positions.count)
                    try progress.waitBlocking(for: positions.count - ahead, stall: .seconds(120))
                    positions += try writer.write(topics.input, inputs.next(min(ahead / 5, limit - positions.count)))
                    gate.wrote(positions.count, withResult: progress.inputsWithResult)
                }
                return positions
            }
        }

        var kills: [String] = []
        // No instance may end but by the test's signals: a crash on input fails the test at once.
        func ended() -> String? {
            instances.enumerated().first { !$0.element.process.isRunning }.map { "instance \($0.offset) ended: \(ending($0.element))" }
        }
        let stretch = Double(settings.inputs) / Double(settings.kills + 1)
        for kill in 0..<settings.kills {
            // The k-th kill falls at a random point of the k-th of kills + 1 equal stretches of the inputs, once
            // the instance restarted by the previous kill owns partitions and a tenth of a stretch later at least.
            let planned = Int(stretch * (Double(kill) + Double.random(in: 0.2..<0.9, using: &random)))
            let victim = Int(random.next() % 2)
            var owned = [0, 0]
            let rejoined = await eventually(timeout: .seconds(60)) {
                owned = [await instances[0].assignedPartitions(), await instances[1].assignedPartitions()]
                return owned[0] > 0 && owned[1] > 0 && owned[0] + owned[1] == 6 || ended() != nil
            }
            try #require(rejoined && ended() == nil, "before kill \(kill + 1), partitions \(owned); \(ended() ?? "")")
            gate.arm(killAt: max(planned, progress.inputsWithResult + Int(stretch / 10)), pid: instances[victim].process.processIdentifier)
            // Only the victim may end, and only by the writer's kill.
            var sent = false
            let deadline = ContinuousClock.now + .seconds(240)
            while !sent {
                let problem = ended()
                sent = gate.kills.count > kill
                if let problem, !sent { throw ProgressFailure("\(problem) (before kill \(kill + 1))") }
                guard sent || ContinuousClock.now < deadline else { throw ProgressFailure("kill \(kill + 1) was not sent: the inputs stalled") }
                if !sent { try await Task.sleep(for: .milliseconds(50)) }
            }
            let status = await instances[victim].exitStatus(within: .seconds(10))
            #expect(status == SIGKILL && instances[victim].process.terminationReason == .uncaughtSignal, "\(ending(instances[victim]))")
            let sentKill = gate.kills[kill]
            kills.append("kill \(kill + 1): instance \(victim) (owning \(owned[victim]) partitions) with \(sentKill.written) inputs written, "
                + "\(sentKill.withResult) with a result")
            instances[victim] = try await start()
        }
        gate.open(to: settings.inputs)
        let positions = try await writing.value
        // Should results stop short, the checks below still say which inputs have none.
        await #expect(throws: Never.self) { try await progress.wait(for: settings.inputs, stall: .seconds(120), unless: ended) }
        #expect(ended() == nil)
        for instance in instances { instance.signal(SIGTERM) }
        for instance in instances {
            let status = await instance.exitStatus(within: .seconds(15))
            #expect(status == 0 && instance.process.terminationReason == .exit, "after SIGTERM: \(ending(instance))")
        }

        let results = try await readTopicsToEnd(bootstrap, topics.outputs)
        let elapsed = ContinuousClock.now - started
        let index = ResultIndex(results)
        let missing = positions.filter { index[$0].isEmpty }
        #expect(missing.isEmpty, "\(missing.count) inputs without a result, first \(missing.prefix(10))")
        let written = Set(positions.map { ResultIndex.key($0) })
        let unknown = index.byInput.keys.filter { !written.contains($0) }
        #expect(unknown.isEmpty, "results name inputs that were not written: \(unknown.prefix(10))")
        // Checked in plain code, then one expectation: 50,000 expectations would take a minute.
        var wrong: [String] = []
        for (i, position) in positions.enumerated() {
            let found = index[position]
            guard let first = found.first else { continue }
            let expected = poison[i]
            let topic = expected == nil ? topics.success : topics.failure
            let what = "input \(i) at \(position), \(expected.map { "\($0)" } ?? "a wallet")"
            if !found.allSatisfy({ $0.topic == topic && $0.headers["error_code"] == expected?.code && $0.headers["source_topic"] == topics.input }) {
                wrong.append("\(what): \(found.map { "\($0.topic) \($0.headers) \($0.value.prefix(300))" })")
            }
            if let expected, !((try field(first, "error")) as? String ?? "").contains(expected.errorContains) {
                wrong.append("\(what): error \(first.value.prefix(300))")
            }
            if found.count > 1, !found.allSatisfy({ withoutRunFields($0.value) == withoutRunFields(first.value) }) {
                wrong.append("\(what): its \(found.count) results differ: \(found.map(\.value))")
            }
        }
        #expect(wrong.isEmpty, "\(wrong.count) inputs with wrong results, first:\n\(wrong.prefix(10).joined(separator: "\n"))")
        print("crash soak: \(positions.count) inputs (\(poison.count) poison), \(kills.count) kills, \(results.count) results, "
            + "\(index.duplicates) duplicates, \(String(format: "%.1f", elapsed.seconds)) s, seed \(settings.seed)\n  " + kills.joined(separator: "\n  "))
    }
}

/// A result without its run-dependent fields (`timestamp`, `processing_time_ms`), success or failure.
private func withoutRunFields(_ value: String) -> String {
    value.replacing(/"(timestamp|processing_time_ms)":[0-9.e+-]+,?/, with: "")
}

/// How an instance ended (or that it did not), with its log.
private func ending(_ instance: StreamProcess) -> String {
    let process = instance.process
    let how = process.isRunning ? "still running" : "\(process.terminationReason == .exit ? "exit status" : "signal") \(process.terminationStatus)"
    return "\(how)\n\(instance.log)"
}
