import Foundation

/// Runs blocking work (a libmongoc or librdkafka call, file I/O) on a new thread of its own and awaits its
/// result, so that it never holds one of Swift's concurrency threads nor an event loop.
public func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
