import Foundation
import ReputationCore
import Testing
import WalletCorpus

/// The one-pass reader and the Codable (JSONDecoder) path give byte-identical results.
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
