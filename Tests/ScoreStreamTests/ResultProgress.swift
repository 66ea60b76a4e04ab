import Foundation
import ReputationKafka
import TestSupport

/// Follows the output topics from their beginning on a thread of its own and counts the inputs that have at
/// least one result (by the `source_partition`/`source_offset` headers), so that a test can wait on progress.
final class ResultProgress: @unchecked Sendable {
    private let condition = NSCondition()
    private var inputs = Set<String>()
    private var readError: Error?
    private var stopped = false

    /// Starts reading; call ``stop()`` when done.
    init(_ bootstrap: String, _ topics: [String: Int]) {
        Thread { [self] in
            do {
                let consumer = try KafkaConsumer(configuration: KafkaConfiguration(bootstrapServers: bootstrap),
                                                 consumer: KafkaConsumerConfiguration(groupID: unique("progress")), logger: testLogger)
                try consumer.assign(topics.flatMap { topic, partitions in
                    (0..<partitions).map { TopicPartitionOffset(TopicPartition(topic: topic, partition: Int32($0)), offset: -2) }
                })
                follow(consumer)
            } catch {
                condition.withLock { readError = error }
            }
        }.start()
    }

    /// Ends the reading thread.
    func stop() {
        condition.withLock { stopped = true }
    }

    /// How many inputs have a result so far.
    var inputsWithResult: Int { condition.withLock { inputs.count } }

    /// Blocks until `count` inputs have a result; fails when none arrives for `stall`. Not for async code.
    func waitBlocking(for count: Int, stall: Duration) throws {
        condition.lock()
        defer { condition.unlock() }
        var seen = inputs.count
        var deadline = Date() + stall.seconds
        while inputs.count < count {
            if let readError { throw readError }
            if stopped { throw CancellationError() }
            if inputs.count > seen { (seen, deadline) = (inputs.count, Date() + stall.seconds) }
            guard Date() < deadline else { throw ProgressFailure("results stalled at \(inputs.count) inputs, waiting for \(count)") }
            _ = condition.wait(until: min(deadline, Date() + 1))
        }
    }

    /// Waits until `count` inputs have a result; fails when none arrives for `stall`, or as soon as `problem`
    /// describes one (an instance that ended, say).
    func wait(for count: Int, stall: Duration, unless problem: () -> String?) async throws {
        var seen = -1
        var deadline = ContinuousClock.now
        while true {
            let (now, error) = condition.withLock { (inputs.count, readError) }
            if let error { throw error }
            if now >= count { return }
            if let problem = problem() { throw ProgressFailure("\(problem) (waiting for \(count) inputs with a result, at \(now))") }
            if now > seen { (seen, deadline) = (now, .now + stall) }
            guard ContinuousClock.now < deadline else { throw ProgressFailure("results stalled at \(now) inputs, waiting for \(count)") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Reads until stopped; the reading thread owns the consumer.
    private func follow(_ consumer: KafkaConsumer) {
        while !condition.withLock({ stopped }) {
            var batch: [String] = []
            do {
                // Drain what is there, then publish it under the lock once.
                while try consumer.poll(timeout: batch.isEmpty ? .milliseconds(100) : .zero, { message in
                    let headers = message.headers
                    let value = { (name: String) in headers.first { $0.name == name }.map { String(decoding: $0.value, as: UTF8.self) } }
                    batch.append(ResultIndex.key(value("source_partition"), value("source_offset")))
                }), batch.count < 10_000 {}
            } catch let error as KafkaError where !error.isFatal {
                // A transient consumer error: librdkafka goes on reading.
            } catch {
                condition.withLock { readError = error }
            }
            condition.withLock {
                inputs.formUnion(batch)
                condition.broadcast()
            }
        }
    }
}

/// Results stopped coming, or something went wrong while waiting for them.
struct ProgressFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension Duration {
    /// The duration in seconds, as a `TimeInterval`.
    var seconds: TimeInterval { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
