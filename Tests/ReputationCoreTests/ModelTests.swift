import Foundation
import ReputationCore
import Testing

/// The rules of MODEL.md §1–§4 on small hand-made wallets.
@Suite struct ModelTests {
    func tx(_ id: String, _ action: String, _ t: Int, pool: String? = nil, _ tokens: String = "") -> String {
        "{\"document_id\":\"\(id)\",\"action\":\"\(action)\",\"timestamp\":\(t)" + (pool.map { ",\"poolId\":\"\($0)\"" } ?? "") + tokens + "}"
    }

    func score(_ transactions: [String], asOf: Int64 = exampleAsOf) throws -> WalletScore {
        let text = "{\"wallet_address\":\"0xw\",\"data\":[{\"protocolType\":\"dexes\",\"transactions\":[\(transactions.joined(separator: ","))]}]}"
        let outcome = WalletScorer().score(json: text, asOf: asOf)
        guard case .success(let score) = outcome else { throw Failure(line: line(outcome)) }
        #expect(bothPaths(Array(text.utf8), asOf: asOf).codable == outcome)
        return score
    }
    struct Failure: Error { var line: String }

    func swap(_ inUSD: Double, _ outUSD: Double, _ inSymbol: String = "USDC", _ outSymbol: String = "WETH") -> String {
        ",\"tokenIn\":{\"amountUSD\":\(inUSD),\"symbol\":\"\(inSymbol)\"},\"tokenOut\":{\"amountUSD\":\(outUSD),\"symbol\":\"\(outSymbol)\"}"
    }

    func lp(_ a: Double, _ b: Double) -> String {
        ",\"token0\":{\"amountUSD\":\(a)},\"token1\":{\"amountUSD\":\(b)}"
    }

    @Test func duplicateDocumentIDsCountOnceFirstWins() throws {
        let s = try score([tx("a", "deposit", 1_700_000_000, lp(100, 100)), tx("a", "deposit", 1_700_000_500, lp(900, 900))])
        #expect(s.features.transactionCount == 1)
        #expect(s.features.totalDepositUSD == 200)
        #expect(s.features.numDeposits == 1)
    }

    @Test func unknownActionsCountOnlyForActivity() throws {
        let s = try score([tx("a", "collect", 1_700_000_000, pool: "p1"), tx("b", "Swap", 1_700_086_400, pool: "p2", swap(1e6, 1e6))])
        #expect(s.features.transactionCount == 2)
        #expect(s.features.accountAgeDays == 1)
        #expect(s.features.uniquePools == 2)
        #expect(s.features.numSwaps == 0)
        #expect(s.features.totalSwapVolume == 0)
    }

    @Test func holdTimeUsesTheFirstLaterWithdrawOrTheAsOfTime() throws {
        let day = 86_400
        let s = try score([tx("d1", "deposit", 10 * day, lp(1, 1)), tx("w1", "withdraw", 10 * day, lp(1, 0)),
                           tx("w2", "withdraw", 13 * day, lp(1, 0)), tx("d2", "deposit", 20 * day, lp(1, 1))],
                          asOf: Int64(30 * day))
        // d1: the withdraw at the same second does not count; w2 is 3 days later. d2: none later, as-of is 10 days later.
        #expect(s.features.avgHoldTimeDays == 6.5)
        #expect(s.features.withdrawRatio == 0.5)
        let early = try score([tx("d1", "deposit", 10 * day, lp(1, 1))], asOf: Int64(5 * day))
        #expect(early.features.avgHoldTimeDays == 0)
    }

    @Test func swapVolumeTakesTheLargerSideAndDiversityCountsDistinctSymbols() throws {
        let s = try score([tx("a", "swap", 1_700_000_000, pool: "q1", swap(100, 90, "USDT", "PEPE")),
                           tx("b", "swap", 1_700_000_100, pool: "q1", swap(10, 20, "PEPE", "usdt")),
                           tx("c", "swap", 1_700_000_200, ",\"tokenIn\":null")])
        #expect(s.features.totalSwapVolume == 120)
        #expect(s.features.numSwaps == 3)
        #expect(s.features.uniquePoolsSwapped == 1)
        #expect(s.features.tokenDiversityScore == .whole(10 + 15 + 15))   // USDT stable; PEPE, usdt volatile
        #expect(s.features.avgSwapSize == 40)
    }

    @Test(arguments: [(3_600, 100.0), (3_601, 80.0), (86_400, 80.0), (604_800, 60.0), (2_592_000, 40.0), (2_592_001, 20.0)])
    func swapFrequencyBands(gap: Int, points: Double) throws {
        let s = try score([tx("a", "swap", 1_700_000_000, swap(1, 1)), tx("b", "swap", 1_700_000_000 + gap, swap(1, 1)),
                           tx("c", "swap", 1_700_000_000 + 2 * gap, swap(1, 1))])
        #expect(s.features.swapFrequencyScore == points)
    }

    @Test func tagsAreOnePerLineInOrder() throws {
        var transactions = (0..<101).map { tx("s\($0)", "swap", 1_700_000_000 + $0, pool: "p\($0 % 5)", swap(6000, 1, "T\($0 % 12)", "USDC")) }
        transactions.append(tx("d", "deposit", 1_600_000_000, lp(60000, 50000)))
        let s = try score(transactions)
        #expect(s.tags == ["Whale LP", "Long-term Holder", "Whale Trader", "High Frequency Trader", "Diversified Trader"])
        let small = try score([tx("d", "deposit", 1_703_000_000, pool: "a", lp(1, 0)), tx("x", "other", 1, pool: "b"),
                               tx("y", "other", 1, pool: "c"), tx("z", "other", 1, pool: "d")])
        #expect(small.tags == ["Small LP", "Short-term Holder", "Multi-Pool LP"])
    }

    @Test func capsAreWholeAndFinalScoreIsWeighted() throws {
        let s = try score([tx("d", "deposit", 1_600_000_000, pool: "p", lp(1e6, 0))])
        #expect(s.liquidityProvision.volumeScore == .whole(300))
        #expect(s.liquidityProvision.holdingScore == .whole(150))
        #expect(s.liquidityProvision.retentionScore == .real(250))
        #expect(s.finalScore == 0.6 * s.lpScore.value + 0.4 * s.swapScore.value)
    }

    @Test func retentionIsWholeZeroWhenWithdrawsExceedDeposits() throws {
        let s = try score([tx("d", "deposit", 1_600_000_000, lp(10, 0)), tx("w", "withdraw", 1_600_000_001, lp(30, 0))])
        #expect(s.liquidityProvision.retentionScore == .whole(0))
        #expect(s.features.withdrawRatio == 3)
    }

    @Test func valuesMadeInCodeAreCheckedToo() {
        let message = WalletMessage(walletAddress: "0xw", data: [ProtocolSection(protocolType: "dexes", transactions: [
            DexTransaction(documentID: "a", action: "deposit", timestamp: 1, token0: TokenAmount(amountUSD: -1)),
        ])])
        let outcome = WalletScorer().score(message: message, asOf: exampleAsOf)
        guard case .failure(let failure) = outcome else { Issue.record("scored"); return }
        #expect(failure.code == .invalidField)
        #expect(failure.message == "data[0].transactions[0].token0.amountUSD: expected a finite number ≥ 0 or null, got a negative number")
        #expect(failure.dexTransactionCount == 1)
    }

    @Test func failureCarriesTheDexCategoryOnlyForTransactionErrors() throws {
        let bad = "{\"wallet_address\":\"0xw\",\"data\":[{\"protocolType\":\"dexes\",\"transactions\":[\(tx("a", "swap", 1)),{\"document_id\":\"b\",\"action\":\"swap\",\"timestamp\":\"abc\"},7]}]}"
        let failure = try json(line(WalletScorer().score(json: bad, asOf: exampleAsOf)))
        #expect(failure["wallet_address"] as? String == "0xw")
        #expect(failure["error"] as? String == "data[0].transactions[1].timestamp: expected integer seconds, got \"abc\"")
        #expect((failure["categories"] as? [[String: Any]])?.first?["transaction_count"] as? Int == 3)
        let notJSON = try json(line(WalletScorer().score(json: "{", asOf: exampleAsOf)))
        #expect(notJSON["wallet_address"] is NSNull)
        #expect((notJSON["categories"] as? [Any])?.isEmpty == true)
    }
}
