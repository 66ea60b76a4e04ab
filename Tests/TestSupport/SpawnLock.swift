import Foundation
import ReputationKafka
#if canImport(Glibc)
import Glibc
#endif

/// Children are started under a lock they share, which a mock broker going down takes alone.
///
/// Starting a child copies this process's descriptors into it until it runs its program. When librdkafka's
/// mock cluster takes a broker down, it closes the broker's listening socket and at once binds the same port
/// again; a child started in that instant still holds the old socket, so the bind fails and librdkafka
/// aborts the whole test process (`rd_kafka_mock_broker_cmd: Assertion … Failed to-create mock broker
/// listener`). Every test that starts a child does it with ``start(_:)``; ``withoutChildrenStarting(_:)``
/// wraps the broker's change.
public enum SpawnLock {
    private final class Lock: @unchecked Sendable {
        let rwlock = UnsafeMutablePointer<pthread_rwlock_t>.allocate(capacity: 1)
        init() { pthread_rwlock_init(rwlock, nil) }
    }
    private static let lock = Lock()

    /// Starts `process`; children start concurrently with each other, never during a broker's change.
    public static func start(_ process: Process) throws {
        pthread_rwlock_rdlock(lock.rwlock)
        defer { pthread_rwlock_unlock(lock.rwlock) }
        try process.run()   // returns once the child runs its program (and has closed this process's sockets)
    }

    /// Runs `body` while no child is starting. Blocks: call it off Swift's concurrency threads.
    public static func withoutChildrenStarting<T>(_ body: () throws -> T) rethrows -> T {
        pthread_rwlock_wrlock(lock.rwlock)
        defer { pthread_rwlock_unlock(lock.rwlock) }
        return try body()
    }
}

extension KafkaMockCluster {
    /// ``setBroker(_:up:)`` on a thread of its own, for async tests, while no child process starts (see
    /// ``SpawnLock``: a broker going down binds its port again, which a starting child would make fail).
    public func setBroker(_ id: Int32, up: Bool) async throws {
        try await blocking { try SpawnLock.withoutChildrenStarting { try self.setBroker(id, up: up) } }
    }
}
