import Foundation
import ReputationKafka
import TestSupport
import Testing

/// The mock cluster survives brokers going down while children start (see ``SpawnLock``). Without the lock,
/// librdkafka aborts the test process within a few cycles (an abort that ended a CI run).
@Suite(.timeLimit(.minutes(2)))
struct SpawnLockTests {
    @Test func aBrokerGoesDownAndUpWhileChildrenStart() async throws {
        let cluster = try await blocking { try KafkaMockCluster(brokers: 1, logger: testLogger) }
        let starting = Flag()
        let starter = Thread {
            while !starting.isDown {
                let child = Process()
                child.executableURL = URL(fileURLWithPath: "/bin/true")
                if (try? SpawnLock.start(child)) != nil {   // counted below: the race needs children starting
                    child.waitUntilExit()
                    starting.count()
                }
            }
        }
        starter.start()
        defer { starting.lower() }
        // At least 200 cycles and until 100 children have started during them; the test fails by the abort.
        let overlapping = try await blocking {
            guard starting.first.wait(timeout: .now() + 30) == .success else { throw TestSetupError("no child started in 30 s") }
            let before = starting.started
            var cycles = 0
            while cycles < 200 || starting.started - before < 100 {
                try SpawnLock.withoutChildrenStarting { try cluster.setBroker(1, up: false) }
                try cluster.setBroker(1, up: true)
                cycles += 1
            }
            return starting.started - before
        }
        #expect(overlapping >= 100)
    }
}

/// A flag one thread lowers and another reads, and how many children that thread started.
private final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var down = false
    private var children = 0
    var isDown: Bool { lock.withLock { down } }
    var started: Int { lock.withLock { children } }
    func lower() { lock.withLock { down = true } }
    /// Signalled when the first child has started.
    let first = DispatchSemaphore(value: 0)
    func count() {
        if lock.withLock({ children += 1; return children }) == 1 { first.signal() }
    }
}
