import Foundation
import ReputationCore
import Testing
import WalletCorpus

/// The labelled corpus `make model` trains on: deterministic, every wallet scores, each bot kind shows its
/// behaviour, and the labels carry the documented noise.
@Suite(.timeLimit(.minutes(2))) struct LabelledWalletsTests {
    /// The behaviour features of a wallet as scoring computes them.
    static func behaviour(_ json: String) -> (n: Int, BehaviourFeatures)? {
        var configuration = ThresholdConfiguration.defaults
        configuration.risk.botModel = constantModel()
        var session = ScoringSession(configuration: configuration)
        guard case .success(let score) = session.score(json: json, asOf: 1_700_000_000), let risk = score.risk else { return nil }
        return (score.features.transactionCount, risk.features)
    }

    @Test func sameSeedSameWalletsOtherSeedOthers() {
        let a = LabelledWallets(count: 50, seed: 7).map { "\($0.address) \($0.label) \($0.json)" }
        let b = LabelledWallets(count: 50, seed: 7).map { "\($0.address) \($0.label) \($0.json)" }
        let c = LabelledWallets(count: 50, seed: 8).map { "\($0.address) \($0.label) \($0.json)" }
        #expect(a == b)
        #expect(a != c)
        #expect(a.count == 50)
    }

    @Test func everyWalletScoresUnderItsAddressAndEveryKindOccurs() {
        var kinds: Set<LabelledWallets.Kind> = []
        var addresses: Set<String> = []
        for wallet in LabelledWallets(count: 400, seed: 3) {
            kinds.insert(wallet.kind)
            addresses.insert(wallet.address)
            var session = ScoringSession()
            guard case .success(let score) = session.score(json: wallet.json, asOf: 1_700_000_000) else {
                Issue.record("\(wallet.kind) wallet did not score: \(wallet.json.prefix(300))")
                continue
            }
            #expect(score.walletAddress == wallet.address)
        }
        #expect(kinds == Set(LabelledWallets.Kind.allCases))
        #expect(addresses.count == 400)
    }

    /// The share of bots and of wrong labels is what the type documents (within sampling error).
    @Test func botShareAndLabelNoise() {
        let wallets = Array(LabelledWallets(count: 4000, seed: 11))
        let bots = Double(wallets.filter(\.kind.isBot).count) / 4000
        let wrong = Double(wallets.filter { $0.label != $0.kind.isBot }.count) / 4000
        #expect(abs(bots - LabelledWallets.botShare) < 0.03, "\(bots)")
        #expect(abs(wrong - LabelledWallets.labelNoise) < 0.01, "\(wrong)")
        #expect(wrong > 0)
    }

    /// Each bot kind shows the behaviour it is named for (the median over its wallets, disguised ones included).
    @Test func botKindsShowTheirBehaviour() {
        var features: [LabelledWallets.Kind: [(n: Int, BehaviourFeatures)]] = [:]
        for wallet in LabelledWallets(count: 1500, seed: 5) {
            if let f = Self.behaviour(wallet.json) { features[wallet.kind, default: []].append(f) }
        }
        func median(_ kind: LabelledWallets.Kind, _ value: (BehaviourFeatures) -> Double) -> Double {
            let values = (features[kind] ?? []).filter { $0.n >= 10 }.map { value($0.1) }.sorted()
            return values.isEmpty ? .nan : values[values.count / 2]
        }
        #expect(median(.clockwork, \.burstiness) < -0.5)
        #expect(median(.bursts, \.burstiness) > 0.5)
        #expect(median(.pingPong, \.poolConcentration) == 1 && median(.pingPong, \.swapShare) == 1)
        #expect(median(.roundTheClock, \.hourEntropy) > 0.9)
        #expect(median(.roundTheClock, \.meanGapHours) < 2.1)
        #expect(median(.human, \.meanGapHours) > median(.roundTheClock, \.meanGapHours))
        #expect(median(.sessionTrader, \.burstiness) > 0)
        #expect(median(.recurringBuyer, \.burstiness) < 0)
    }
}
