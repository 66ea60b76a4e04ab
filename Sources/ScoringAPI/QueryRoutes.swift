import Foundation
import Hummingbird
import ReputationCore

/// The query routes, read from the results store: a wallet's latest result, its history page by page, and
/// the top wallets by their latest result. Every stored result is returned exactly as it was stored.
extension ScoringRoutes {
    /// `GET /api/v1/wallets/{address}`: the latest stored result (404 when none).
    func latest(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        try checkRunning()
        let store = try requireStore()
        let address = try walletAddress(context)
        guard let stored = try await store.run({ try $0.latest(walletAddress: address) }) else {
            throw Problem(.notFound, "no stored result for wallet \(address)")
        }
        return rawJSON(.ok, stored.result.utf8)
    }

    /// `GET /api/v1/wallets/{address}/history?limit=50&cursor=…`: newest first,
    /// `{"items": […], "next_cursor": …}` (null on the last page).
    func history(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        try checkRunning()
        let limit = try integer("limit", request, in: 1...1000, default: 50)
        let cursor = request.uri.queryParameters.get("cursor")
        if let cursor, cursor.isEmpty { throw Problem.badParameter("cursor", "must not be empty (leave it out for the first page)") }
        let store = try requireStore()
        let address = try walletAddress(context)
        let page = try await store.run { try $0.history(walletAddress: address, limit: limit, cursor: cursor) }
        return rawJSON(.ok, Self.itemsDocument(page.items, nextCursor: page.nextCursor, withCursor: true))
    }

    /// `GET /api/v1/scores/top?limit=10&by=risk_score&order=desc&decision=REVIEW`: `{"items": […]}`.
    func top(_ request: Request) async throws -> Response {
        try checkRunning()
        var query = TopResultsQuery()
        query.limit = try integer("limit", request, in: 1...1000, default: 10)
        query.by = try choice("by", request, default: TopResultsQuery.Field.riskScore)!
        query.order = try choice("order", request, default: TopResultsQuery.Order.descending)!
        query.decision = try choice("decision", request, default: RiskDecision?.none)?.rawValue
        let store = try requireStore()
        let items = try await store.run { [query] in try $0.top(query) }
        return rawJSON(.ok, Self.itemsDocument(items, nextCursor: nil, withCursor: false))
    }

    private func walletAddress(_ context: BasicRequestContext) throws(Problem) -> String {
        guard let address = context.parameters.get("address"), !address.isEmpty else {
            throw Problem.badParameter("address", "a wallet address is needed")
        }
        return address.removingPercentEncoding ?? address
    }

    /// `{"items":[RESULT,…]}`, with `"next_cursor"` when asked: the stored results are copied as they are.
    static func itemsDocument(_ items: [StoredResult], nextCursor: String?, withCursor: Bool) -> [UInt8] {
        var out = Array(#"{"items":["#.utf8)
        for (i, item) in items.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: item.result.utf8)
        }
        out.append(UInt8(ascii: "]"))
        if withCursor {
            out.append(contentsOf: #","next_cursor":"#.utf8)
            if let nextCursor, let encoded = try? JSONEncoder().encode(nextCursor) {
                out.append(contentsOf: encoded)
            } else {
                out.append(contentsOf: "null".utf8)
            }
        }
        out.append(UInt8(ascii: "}"))
        return out
    }
}
