import Dispatch
import Logging
import ReputationCore

/// A results store whose blocking calls run on a queue of their own, awaited with a continuation: never
/// on the event loops nor on Swift's concurrency threads.
struct StoreCalls: Sendable {
    let store: any ResultsStore
    let logger: Logger
    private static let queue = DispatchQueue(label: "scoring-api.results-store", attributes: .concurrent)

    /// Runs `call` on the store's queue. A store error becomes a 503 problem naming the store; a ``ResultsQueryError`` (a bad cursor) is a 400 naming the parameter.
    func run<T: Sendable>(_ call: @escaping @Sendable (any ResultsStore) throws -> T) async throws(Problem) -> T {
        let store = self.store
        let outcome: Result<T, any Error> = await withCheckedContinuation { continuation in
            Self.queue.async { continuation.resume(returning: Result { try call(store) }) }
        }
        do {
            return try outcome.get()
        } catch let error as ResultsQueryError {
            throw Problem.badParameter(error.parameter, error.problem)   // the request's fault (a cursor that is not one)
        } catch {
            logger.warning("results store call failed", metadata: ["store": "\(store.name)", "error": "\(error)"])
            throw Problem(.serviceUnavailable, "the results store (\(store.name)) cannot be reached: \(error)")
        }
    }
}
