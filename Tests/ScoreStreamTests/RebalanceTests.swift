import Foundation
import Synchronization
import TestSupport
import Testing
import WalletCorpus

/// An ordinary rebalance, as README.md promises it: partitions revoked from a busy instance are drained
/// and committed as on SIGTERM, so their new owner scores nothing twice.
@Suite(.enabled(if: TestBroker.available), .timeLimit(.minutes(5)))
struct RebalanceTests {
    /// A second instance joins the group while the first scores a steady stream: every input gets exactly
    /// one result, and the first instance's revoked partitions were committed before the second read them.
    /// Results wait up to a second to be batched (`linger.ms`), so that many are in flight when the
    /// partitions are revoked: without the drain, their inputs would be read and scored again.
    @Test func aJoiningInstanceGetsCommittedPartitions() async throws {
        let bootstrap = try TestBroker.require()
        let writer = try TopicWriter(bootstrap)
        let topics = try await StreamTopics(writer, partitions: 4)
        let slowBatches = ["--kafka-property", "linger.ms=1000"]
        let first = try await StreamProcess.launch(bootstrap, topics, extra: slowBatches)
        let feeder = Feeder()
        feeder.add(first)
        async let fed = feeder.feed(writer, topic: topics.input)

        #expect(await first.waitForProcessed(1000), "\(first.log)")
        let second = try await StreamProcess.launch(bootstrap, topics, extra: slowBatches)
        feeder.add(second)
        let shared = await eventually(timeout: .seconds(60)) {
            let (a, b) = (await first.assignedPartitions(), await second.assignedPartitions())
            return a > 0 && b > 0 && a + b == 4
        }
        #expect(shared, "\(second.log)")
        #expect(await second.waitForProcessed(1), "\(second.log)")
        feeder.stop()
        let positions = try await fed

        let answered = try await readTopics(bootstrap, topics.outputs, until: { ResultIndex($0).byInput.count >= positions.count },
                                            timeout: .seconds(120))
        #expect(ResultIndex(answered).byInput.count >= positions.count)
        first.signal(SIGTERM)
        second.signal(SIGTERM)
        #expect(await first.exitStatus(within: .seconds(10)) == 0, "\(first.log)")
        #expect(await second.exitStatus(within: .seconds(10)) == 0, "\(second.log)")

        let index = ResultIndex(try await readTopicsToEnd(bootstrap, topics.outputs))
        let missing = positions.filter { index[$0].isEmpty }
        #expect(missing.isEmpty, "\(missing.count) inputs without a result, first \(missing.prefix(10))")
        #expect(index.duplicates == 0, "\(index.duplicates) duplicate results of \(positions.count) inputs")
        #expect(try await first.readLog().contains("partitions revoked"), "the first instance went through a rebalance")
    }
}

/// Writes generated wallets in batches until stopped, keeping at most `ahead` of them unscored by the
/// instances so that they stay busy without a backlog that outlives the test.
final class Feeder: Sendable {
    private let stopped = Atomic<Bool>(false)
    private let instances = Mutex<[StreamProcess]>([])

    func add(_ instance: StreamProcess) { instances.withLock { $0.append(instance) } }

    func stop() { stopped.store(true, ordering: .relaxed) }

    /// Results delivered by every instance so far.
    func processed() async -> Int {
        var total = 0
        for instance in instances.withLock({ $0 }) { total += await instance.processed() }
        return total
    }

    /// Returns where every wallet landed.
    func feed(_ writer: TopicWriter, topic: String, batch: Int = 200, ahead: Int = 3000) async throws -> [(Int32, Int64)] {
        var positions: [(Int32, Int64)] = []
        var seed: UInt64 = 100
        while !stopped.load(ordering: .relaxed) {
            let written = positions.count
            let caughtUp = await eventually(timeout: .seconds(60)) { await processed() >= written - ahead || self.stopped.load(ordering: .relaxed) }
            guard caughtUp else { throw TestSetupError("the service scored \(await processed()) of \(written) wallets in a minute") }
            let wallets = Array(RealisticWallets(count: batch, seed: seed))
            seed += 1
            positions += try await writer.write(topic, wallets.enumerated().map { ("w\(seed)-\($0.offset)", Array($0.element.utf8)) })
        }
        return positions
    }
}
