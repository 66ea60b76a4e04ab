import Foundation
import Hummingbird
import NIOCore
import ReputationCore

/// `POST /api/v1/score`: one wallet message in, its result out (200 success, 422 failure: the document
/// the failure topic gets). With `?store=true` the result is stored under `Idempotency-Key` (`api:KEY`);
/// the same key again returns the stored result unchanged, without scoring.
extension ScoringRoutes {
    static let idempotencyKey = HTTPFields.Element.Name("Idempotency-Key")!
    static let replayed = HTTPFields.Element.Name("Idempotent-Replayed")!

    func score(_ request: Request) async throws -> Response {
        try checkRunning()
        let asOf = try asOf(request)
        let storing = try flag("store", request)
        let key = request.headers[Self.idempotencyKey]
        if let key, key.isEmpty || key.utf8.count > 255 {
            throw Problem.badParameter("Idempotency-Key", "must be 1 to 255 bytes")
        }
        if key != nil && !storing {
            throw Problem.badParameter("Idempotency-Key", "is used with ?store=true only (nothing would be stored)")
        }
        if let type = mediaType(request), type != "application/json" {
            throw Problem(.unsupportedMediaType, "send one wallet message as application/json, not \(type)")
        }
        let store = storing ? try requireStore() : nil
        // Made only when storing: a result stored without Idempotency-Key gets a key of its own.
        let storeKey = store.map { _ in key.map { "api:\($0)" } ?? "api:\(UUID().uuidString.lowercased())" }
        if let store, let storeKey, key != nil, let stored = try await store.run({ try $0.result(key: storeKey) }) {
            metrics.storeReplays.increment()
            return replay(stored)
        }
        let bytes = try await body(request)
        let timestamp = Int64(Date().timeIntervalSince1970)
        let (outcome, line) = scoreOne(bytes, asOf: asOf, timestamp: timestamp)
        if let store, let storeKey {
            let document = try StoredResult(key: storeKey, source: "api", resultLine: String(decoding: line, as: UTF8.self))
            let count = try await store.run { try $0.write([document]) }
            if count.alreadyPresent > 0, let stored = try await store.run({ try $0.result(key: storeKey) }) {
                // The same key was stored by a concurrent request: its result is the answer.
                metrics.storeReplays.increment()
                return replay(stored)
            }
            metrics.storeInserts.increment()
        }
        return rawJSON(outcome.errorCode == nil ? .ok : .unprocessableContent, line)
    }

    /// Scores one message and writes its result line.
    func scoreOne(_ bytes: ByteBuffer, asOf: Int64, timestamp: Int64) -> (ScoringOutcome, [UInt8]) {
        let (pooled, version) = sessions.take()
        let start = DispatchTime.now().uptimeNanoseconds
        let outcome = bytes.withUnsafeReadableBytes { pooled.session.score($0, asOf: asOf) }
        let elapsed = DispatchTime.now().uptimeNanoseconds - start
        sessions.giveBack(pooled, version: version)
        metrics.record(outcome, nanoseconds: elapsed)
        stats?.record(outcome, nanoseconds: elapsed)
        var line: [UInt8] = []
        line.reserveCapacity(1400)
        ResultWriter.append(outcome, timestamp: timestamp, processingTimeMs: Double(elapsed) / 1e6, to: &line)
        return (outcome, line)
    }

    private func replay(_ stored: StoredResult) -> Response {
        rawJSON(stored.errorCode == nil ? .ok : .unprocessableContent, stored.result.utf8, headers: [Self.replayed: "true"])
    }
}
