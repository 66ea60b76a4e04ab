import ServiceLifecycle
import Synchronization

/// Set once the process starts shutting down: from then on the API answers 503 (`Retry-After: 1`), so a
/// load balancer sends its requests elsewhere while the server drains.
public final class ShutdownState: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    public var isShuttingDown: Bool { flag.load(ordering: .acquiring) }

    public func begin() { flag.store(true, ordering: .releasing) }
}

/// A lifecycle service to run after the HTTP server: on a graceful shutdown it sets the ``ShutdownState``
/// first and waits `grace` (new requests get 503) before the server itself stops.
public struct ShutdownGate: Service {
    let state: ShutdownState
    let grace: Duration

    public init(state: ShutdownState, grace: Duration) {
        self.state = state
        self.grace = grace
    }

    public func run() async throws {
        try? await gracefulShutdown()   // until the group shuts down (or is cancelled)
        state.begin()
        try? await Task.sleep(for: grace)
    }
}
