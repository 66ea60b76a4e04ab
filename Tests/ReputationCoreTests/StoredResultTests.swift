import Foundation
import ReputationCore
import Testing

struct StoredResultTests {
    /// FIPS 180-4's examples and a message whose padding spills into a second block.
    @Test func sha256KnownDigests() {
        #expect(SHA256.hex("".utf8) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc".utf8) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex(Array(repeating: UInt8(ascii: "a"), count: 1000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    /// score-wallet's keys: one per (wallet, as-of, parameters); any change gives another key.
    @Test func walletKeysAreStableAndDistinct() {
        let key = ResultKey.wallet(address: "0xabc", asOf: 1_704_067_200, parametersID: "p1")
        #expect(key == SHA256.hex("0xabc\u{1F}1704067200\u{1F}p1".utf8))
        #expect(key.count == 64)
        #expect(key != ResultKey.wallet(address: "0xabc", asOf: 1_704_067_201, parametersID: "p1"))
        #expect(key != ResultKey.wallet(address: "0xabc", asOf: 1_704_067_200, parametersID: "p2"))
        #expect(ResultKey.failure(input: "a.jsonl", line: 3) != ResultKey.failure(input: "a.jsonl", line: 4))
        #expect(ResultKey.stream(topic: "wallets", partition: 2, offset: 17) == "wallets:2:17")
    }

    @Test func liftsASuccessLine() throws {
        let sample = try String(contentsOf: fixtures.appendingPathComponent("examples/sample.json"), encoding: .utf8)
        let outcome = WalletScorer(configuration: .defaults).score(json: sample, asOf: exampleAsOf)
        guard case .success(let score) = outcome else { Issue.record("not scored"); return }
        var line = outcome.jsonLine(timestamp: 1_704_067_300, processingTimeMs: 0.5)
        line.removeLast()
        line += #","risk":{"model_version":"risk-v1","decision":"REVIEW","risk_score":61.5,"bot_probability":0.25}}"#
        let stored = try StoredResult(key: "k", source: "test", resultLine: line)
        #expect(stored == StoredResult(key: "k", walletAddress: score.walletAddress, asOf: exampleAsOf, timestamp: 1_704_067_300,
                                       finalScore: score.finalScore, percentile: score.percentile, decision: "REVIEW", riskScore: 61.5,
                                       botProbability: 0.25, parametersID: score.parametersID, errorCode: nil, source: "test", result: line))
    }

    @Test func liftsAFailureLine() throws {
        let outcome = WalletScorer(configuration: .defaults).score(json: #"{"wallet_address": "0xdef", "data": 3}"#, asOf: exampleAsOf)
        let line = outcome.jsonLine(timestamp: 5, processingTimeMs: 0)
        let stored = try StoredResult(key: "k", source: "kafka:t:0:1", resultLine: line)
        #expect(stored.walletAddress == "0xdef")
        #expect(stored.errorCode == outcome.errorCode?.rawValue)
        #expect(stored.errorCode != nil)
        #expect(stored.finalScore == nil && stored.asOf == nil && stored.decision == nil)
        #expect(throws: DecodingError.self) { try StoredResult(key: "k", source: "s", resultLine: "not json") }
    }
}
