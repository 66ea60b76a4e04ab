import Foundation
import ReputationCore
import Testing
import WalletCorpus

/// The one-pass reader and the Codable (JSONDecoder) path give byte-identical results, `risk` included.
@Suite struct PathEquivalenceTests {
    @Test func fixtures() throws {
        for name in ["sample", "lpwhale", "trader", "nodex"] {
            let bytes = try [UInt8](Data(contentsOf: ReputationCoreTests.fixtures.appendingPathComponent("examples/\(name).json")))
            let (fast, codable) = bothPaths(bytes)
            #expect(line(fast) == line(codable), "\(name)")
        }
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func generatedCorpus(seed: UInt64) {
        var scored = 0
        for wallet in RealisticWallets(count: 400, seed: seed) {
            let (fast, codable) = bothPaths(Array(wallet.utf8))
            #expect(line(fast) == line(codable))
            if case .success = fast { scored += 1 }
        }
        #expect(scored == 400)
    }

    /// With risk lists that match (entries taken from the wallets, in upper case) and the worked examples'
    /// risk configuration: byte-identical lines, every success with its `risk`, some flagged.
    @Test(arguments: [UInt64(1), 2])
    func generatedCorpusWithRiskLists(seed: UInt64) throws {
        let wallets = Array(RealisticWallets(count: 300, seed: seed))
        var configuration = try RiskGoldenTests.configuration()
        var entries = configuration.risk.lists.entries
        for (i, wallet) in wallets.enumerated() where i % 5 == 0 {
            let object = try json(wallet)
            let address = try #require(object["wallet_address"] as? String)
            entries.append(RiskListEntry(list: "w", kind: .wallet, value: address.uppercased(), severity: .medium, category: "c"))
            for section in object["data"] as? [[String: Any]] ?? [] {
                for case let tx as [String: Any] in section["transactions"] as? [Any] ?? [] {
                    if let pool = tx["poolId"] as? String, tx.count % 2 == 0 {
                        entries.append(RiskListEntry(list: "p", kind: .pool, value: pool.uppercased(), severity: .severe, category: "c"))
                    }
                    if let token = (tx["tokenOut"] as? [String: Any])?["address"] as? String {
                        entries.append(RiskListEntry(list: "t", kind: .token, value: token.uppercased(), severity: .low, category: "c"))
                    }
                }
            }
        }
        configuration.risk.lists = RiskLists(entries: entries)
        var session = ScoringSession(configuration: configuration)
        var flagged = 0
        for wallet in wallets {
            let bytes = Array(wallet.utf8)
            let fast = line(session.score(bytes, asOf: exampleAsOf)), codable = line(session.score(decoding: Data(bytes), asOf: exampleAsOf))
            #expect(fast == codable)
            #expect(fast.contains(",\"risk\":{\"model_version\":\"risk-v1\""))
            if !fast.contains("\"flags\":[]") { flagged += 1 }
        }
        #expect(flagged >= wallets.count / 5)
    }

    /// Malformed input, the large cases included, gets the same failure line on both paths.
    @Test func malformedCorpus() {
        for corpusCase in MalformedCorpus.cases + [MalformedCorpus.deepNesting(), MalformedCorpus.deepNesting(129),
                                                    MalformedCorpus.hugeString(), MalformedCorpus.overSize()] {
            let (fast, codable) = bothPaths(corpusCase.bytes)
            #expect(line(fast) == line(codable), "\(corpusCase.name)")
        }
    }

    /// Each malformed case gets the outcome the corpus names, with the field in the message.
    @Test func malformedOutcomes() {
        for corpusCase in MalformedCorpus.cases + [MalformedCorpus.deepNesting(), MalformedCorpus.hugeString(),
                                                    MalformedCorpus.overSize()] {
            let outcome = bothPaths(corpusCase.bytes).fast
            #expect(outcome.errorCode?.rawValue == corpusCase.expectedCode, "\(corpusCase.name): \(line(outcome))")
            if case .failure(let failure) = outcome, let part = corpusCase.messageContains {
                #expect(failure.message.contains(part), "\(corpusCase.name): \(failure.message)")
            }
        }
    }
}
