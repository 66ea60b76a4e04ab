import Foundation
import ReputationCore
import Testing

/// Risk lists (RISK.md §3): matching per kind, exposure, duplicates and flag order.
@Suite struct RiskListTests {
    func entry(_ list: String, _ kind: RiskListKind, _ value: String, _ severity: RiskSeverity = .high,
               _ category: String = "c") -> RiskListEntry {
        RiskListEntry(list: list, kind: kind, value: value, severity: severity, category: category)
    }

    /// swap 100/90 USD, deposit 30 + 50, an unknown action; U = 100 + 80 + 0 = 180.
    let transactions = [
        RiskTx(id: "s", timestamp: 100, pool: "0xPoolA",
               sides: [("tokenIn", 100, "0xTOKEN"), ("tokenOut", 90, "0xtoken")]),
        RiskTx(id: "d", action: "deposit", timestamp: 200, pool: "0xpoola",
               sides: [("token0", 30, "0xToken"), ("token1", 50, "0xOther")]),
        RiskTx(id: "c", action: "collect", timestamp: 300, pool: "0xPOOLB", sides: [("token0", 7, "0xTOKEN")]),
    ]

    @Test func walletEntryExposesEveryTransaction() throws {
        let risk = try assessRisk(riskWallet("0xAbC", transactions),
                                  riskConfiguration(entries: [entry("ofac", .wallet, "0xaBc", .severe, "sanctions")]))
        #expect(risk.flags == [RiskFlag(list: "ofac", kind: .wallet, value: "0xaBc", severity: .severe, category: "sanctions",
                                        transactions: 3, exposureUSD: 180, exposureShare: 1)])
    }

    @Test func poolEntryExposesWholeUSDFoldingCase() throws {
        let risk = try assessRisk(riskWallet(transactions), riskConfiguration(entries: [entry("p", .pool, "0xPOOLA")]))
        #expect(risk.flags == [RiskFlag(list: "p", kind: .pool, value: "0xPOOLA", severity: .high, category: "c",
                                        transactions: 2, exposureUSD: 180, exposureShare: 1)])
        // An action other than swap, deposit and withdraw is exposed for 0 USD but counted.
        let other = try assessRisk(riskWallet(transactions), riskConfiguration(entries: [entry("p", .pool, "0xpoolb")]))
        #expect(other.flags.map(\.transactions) == [1])
        #expect(other.flags.map(\.exposureUSD) == [0])
        #expect(other.flags.map(\.exposureShare) == [0])
    }

    /// A pool entry matched by two spellings of its pool sums their transactions' USD in input order, not pool
    /// by pool: (0.1 + 0.2) + 3 is 3.3, (0.1 + 3) + 0.2 is 3.3000000000000003.
    @Test func poolEntryMatchedByTwoSpellingsSumsInInputOrder() throws {
        let risk = try assessRisk(riskWallet([
            RiskTx(id: "1", timestamp: 100, pool: "0xPoolA", sides: [("tokenIn", 0.1, nil)]),
            RiskTx(id: "2", timestamp: 200, pool: "0xPOOLA", sides: [("tokenIn", 0.2, nil)]),
            RiskTx(id: "3", timestamp: 300, pool: "0xPoolA", sides: [("tokenIn", 3, nil)]),
            RiskTx(id: "4", timestamp: 400, pool: "0xPoolB", sides: [("tokenIn", 1, nil)]),
        ]), riskConfiguration(entries: [entry("p", .pool, "0xpoola")]))
        #expect(risk.flags.map(\.transactions) == [3])
        #expect(risk.flags.map(\.exposureUSD) == [(0.1 + 0.2) + 3])
        #expect(risk.flags.map(\.exposureUSD) != [(0.1 + 3) + 0.2])
    }

    @Test func tokenEntryExposesMatchingSidesCappedByTheTransaction() throws {
        let risk = try assessRisk(riskWallet(transactions), riskConfiguration(entries: [entry("t", .token, "0xtoken")]))
        // swap: min(100, 100 + 90) = 100; deposit: min(80, 30) = 30; collect: min(0, 7) = 0.
        #expect(risk.flags == [RiskFlag(list: "t", kind: .token, value: "0xtoken", severity: .high, category: "c",
                                        transactions: 3, exposureUSD: 130, exposureShare: 130 / 180)])
    }

    @Test func entryMatchingNothingGivesNoFlag() throws {
        let risk = try assessRisk(riskWallet(transactions), riskConfiguration(entries: [
            entry("w", .wallet, "0xnobody"), entry("p", .pool, "0xtoken"), entry("t", .token, "0xpoola"),
        ]))
        #expect(risk.flags.isEmpty)
    }

    @Test func duplicatesAreOneEntryTheFirstWins() {
        let lists = RiskLists(entries: [
            entry("l", .pool, "0xAA", .low, "first"), entry("l", .pool, "0xaa", .severe, "second"),
            entry("m", .pool, "0xaa", .medium), entry("l", .token, "0xAA", .medium),
        ])
        #expect(lists.entries.map(\.category) == ["first", "c", "c"])
        #expect(lists.entries.map(\.list) == ["l", "m", "l"])
        #expect(lists.duplicatesDropped == 1)
    }

    @Test func duplicateEntryGivesOneFlag() throws {
        let risk = try assessRisk(riskWallet(transactions), riskConfiguration(entries: [
            entry("l", .pool, "0xpoolb", .low, "first"), entry("l", .pool, "0xPOOLB", .severe, "second"),
        ]))
        #expect(risk.flags.map(\.category) == ["first"])
    }

    @Test func flagsBySeverityThenExposureThenListThenValue() throws {
        let risk = try assessRisk(riskWallet("0xW", transactions), riskConfiguration(entries: [
            entry("z", .pool, "0xpoolb", .high),           // high, 0 USD
            entry("b", .token, "0xother", .high),          // high, 50 USD
            entry("a", .pool, "0xpoolb", .high),           // high, 0 USD, list a before z
            entry("x", .wallet, "0xw", .low),              // low, everything
            entry("y", .token, "0xtoken", .severe),        // severe first
            entry("a", .token, "0xpoola", .high),          // matches nothing (a pool, not a token)
            entry("a", .token, "0xTOKEN", .high),          // high, 130 USD
        ]))
        #expect(risk.flags.map { "\($0.list) \($0.value)" } == ["y 0xtoken", "a 0xTOKEN", "b 0xother", "a 0xpoolb", "z 0xpoolb", "x 0xw"])
    }

    @Test func sameListAndExposureOrderByValue() throws {
        let risk = try assessRisk(riskWallet(transactions), riskConfiguration(entries: [
            entry("l", .token, "0xtoken"), entry("l", .pool, "0xpoolb"), entry("l", .token, "0xOTHER"),
        ]))
        // 130 USD first, then 50, then 0.
        #expect(risk.flags.map(\.value) == ["0xtoken", "0xOTHER", "0xpoolb"])
        let tie = try assessRisk(riskWallet([RiskTx(id: "1", action: "collect", timestamp: 1, pool: "0xP",
                                                     sides: [("tokenIn", 1, "0xT")])]),
                                 riskConfiguration(entries: [entry("l", .token, "0xt"), entry("l", .pool, "0xp")]))
        #expect(tie.flags.map(\.value) == ["0xp", "0xt"])
    }

    @Test func noUSDGivesShareZeroExceptForTheWallet() throws {
        let txs = [RiskTx(id: "1", action: "collect", timestamp: 1, pool: "0xP")]
        let risk = try assessRisk(riskWallet("0xW", txs), riskConfiguration(entries: [
            entry("l", .pool, "0xp", .severe), entry("l", .wallet, "0xw", .low),
        ]))
        #expect(risk.flags.map(\.exposureShare) == [0, 1])
        #expect(risk.flags.map(\.exposureUSD) == [0, 0])
    }

    @Test func escapedAddressesMatchAfterDecoding() throws {
        // "0x\u0041B" is 0xAB on both paths.
        let json = riskWallet([RiskTx(id: "1", timestamp: 1, pool: "0x\\u0041B", sides: [("tokenIn", 5, "0x\\u0043D")])])
        let risk = try assessRisk(json, riskConfiguration(entries: [entry("p", .pool, "0xab"), entry("t", .token, "0xcd")]))
        #expect(risk.flags.map(\.list) == ["p", "t"])
    }

    /// Each distinct pool is looked up once per wallet; the answers must not outlive the wallet: one session
    /// scores listed, unlisted and listed-again wallets whose pools come in the same order (the same
    /// ordinals), each transaction exposed by its own match (token addresses beside them).
    @Test(.timeLimit(.minutes(1))) func lookupsPerWalletDoNotCarryOverToTheNextWallet() throws {
        let configuration = riskConfiguration(entries: [entry("p", .pool, "0xpoola"), entry("t", .token, "0xTOKEN")])
        var session = ScoringSession(configuration: configuration)
        func flags(_ pools: [String], _ tokens: [String]) throws -> [String] {
            let txs = zip(pools, tokens).enumerated().map { i, pair in
                RiskTx(id: "\(i)", timestamp: Int64(100 + i), pool: pair.0,
                       sides: [("tokenIn", 10, pair.1), ("tokenOut", 4, pair.1.uppercased())])
            }
            let outcome = session.score(json: riskWallet(txs), asOf: exampleAsOf)
            guard case .success(let score) = outcome else {
                Issue.record("not scored: \(outcome)")
                return []
            }
            return try #require(score.risk).flags.map { "\($0.value) \($0.transactions) \($0.exposureUSD)" }
        }
        let listed = try flags(["0xPoolA", "0xPOOLB", "0xpoola"], ["0xtoken", "0xother", "0xToken"])
        #expect(listed == ["0xpoola 2 20.0", "0xTOKEN 2 20.0"])
        #expect(try flags(["0xPOOLC", "0xPOOLD", "0xPOOLC"], ["0xthird", "0xfourth", "0xthird"]) == [])
        #expect(try flags(["0xPOOLD", "0xpoolA", "0xPOOLD"], ["0xfourth", "0xTOKEN", "0xfifth"])
                == ["0xpoola 1 10.0", "0xTOKEN 1 10.0"])
        #expect(try flags(["0xPoolA", "0xPOOLB", "0xpoola"], ["0xtoken", "0xother", "0xToken"]) == listed)
    }

    @Test func foldingIsASCIIOnly() {
        // "É" and "é" differ (not ASCII letters); "A" and "a" are one value.
        let lists = RiskLists(entries: [entry("l", .pool, "É"), entry("l", .pool, "é"), entry("l", .pool, "A"), entry("l", .pool, "a")])
        #expect(lists.entries.map(\.value) == ["É", "é", "A"])
        // Every ASCII character, in eight-byte words (16) and in a tail (3): only A–Z fold onto a–z.
        for code in 0x20..<0x7F {
            let other = code ^ 0x20 < 0x7F ? code ^ 0x20 : code
            let folds = (0x41...0x5A).contains(code) || (0x61...0x7A).contains(code)
            for length in [16, 3] {
                let value = String(repeating: String(UnicodeScalar(UInt8(code))), count: length)
                let twin = String(repeating: String(UnicodeScalar(UInt8(other))), count: length)
                let pair = RiskLists(entries: [entry("l", .pool, value), entry("l", .pool, twin)])
                #expect(pair.entries.count == (folds || value == twin ? 1 : 2), "\(value) \(twin)")
            }
        }
    }
}
