import ReputationCore
import Testing

@Suite struct ParametersTests {
    @Test func everyParameterOfModelSection7IsNamed() {
        #expect(ScoringParameters.names.count == 32)
        #expect(ScoringParameters.bandNames.map(\.name) == ["swap.activity_band_hours", "swap.activity_band_points"])
        let p = ScoringParameters.defaults
        #expect(p[keyPath: ScoringParameters.names.first { $0.name == "lp.volume_full_usd" }!.keyPath] == 10_000)
        #expect(p[keyPath: ScoringParameters.names.first { $0.name == "tags.multi_pool_count" }!.keyPath] == 3)
        #expect(p.swap.activityBandPoints == [100, 80, 60, 40, 20])
        #expect(p.stableTokens == ["USDC", "USDT", "DAI", "LUSD", "USDP", "TUSD", "FRAX"])
    }

    @Test func idIsStableAndFollowsTheValues() {
        let a = ScoringParameters(), b = ScoringParameters()
        #expect(a.id == b.id)
        #expect(a.id.count == 16)
        var c = ScoringParameters()
        c.lp.volumeFullUSD = 20_000
        #expect(c.id != a.id)
        var d = ScoringParameters()
        d.stableTokens.insert("GHO")
        #expect(d.id != a.id)
        var e = ScoringParameters()
        e.stableTokens = ["FRAX", "TUSD", "USDP", "LUSD", "DAI", "USDT", "USDC"]
        #expect(e.id == a.id)
    }

    @Test func parametersChangeTheScore() {
        var p = ScoringParameters()
        p.lp.pointsPerDeposit = 25
        let text = "{\"wallet_address\":\"0xw\",\"data\":[{\"protocolType\":\"dexes\",\"transactions\":[{\"document_id\":\"a\",\"action\":\"deposit\",\"timestamp\":1}]}]}"
        guard case .success(let s) = WalletScorer(parameters: p).score(json: text, asOf: 2) else { Issue.record("not scored"); return }
        #expect(s.liquidityProvision.frequencyScore == .whole(25))
        #expect(s.parametersID == p.id)
    }
}
