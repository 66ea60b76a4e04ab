import Foundation
import ReputationCore
import Testing

/// The behaviour features of RISK.md §1, computed by hand.
@Suite struct RiskFeatureTests {
    func features(_ t: [Int64], pool: Int = 0, swaps: Int = 0, asOf: Int64 = 1_000_000) -> BehaviourFeatures {
        BehaviourFeatures.compute(sortedTimestamps: t, busiestPoolCount: pool, swaps: swaps, asOf: asOf)
    }

    @Test func oneTransaction() {
        let f = features([999_000], pool: 1, swaps: 1, asOf: 999_000)
        #expect(f == BehaviourFeatures(txLast1h: 1, txLast24h: 1, maxTxPerHour: 1, meanGapHours: 0, burstiness: 0,
                                       hourEntropy: 0, poolConcentration: 1, swapShare: 1))
        #expect(f.hourEntropy.sign == .plus)
    }

    @Test func twoTransactions() {
        // Hours 0 and 2 of the day: one bit of entropy; burstiness needs three.
        let f = features([0, 7200], swaps: 1)
        #expect(f.meanGapHours == 2)
        #expect(f.burstiness == 0)
        #expect(f.maxTxPerHour == 1)
        #expect(f.hourEntropy == 1 / log2(24.0))
        #expect(f.swapShare == 0.5)
        #expect(f.poolConcentration == 0)
    }

    @Test func threeTransactions() {
        // Gaps 3600 and 7200: μ = 5400, σ = 1800, B = (1800 − 5400)/(1800 + 5400) = −0.5.
        let f = features([0, 3600, 10800])
        #expect(f.meanGapHours == 1.5)
        #expect(f.burstiness == -0.5)
        // [t, t + 3600) excludes the transaction exactly an hour later.
        #expect(f.maxTxPerHour == 1)
    }

    @Test func regularClockHasBurstinessMinusOne() {
        #expect(features([0, 60, 120, 180]).burstiness == -1)
    }

    @Test func equalTimestamps() {
        let f = features([500, 500, 500])
        #expect(f.burstiness == 0)        // σ + μ = 0
        #expect(f.meanGapHours == 0)
        #expect(f.maxTxPerHour == 3)
        #expect(f.hourEntropy == 0 && f.hourEntropy.sign == .plus)
    }

    @Test func busiestHourStartsAtATransaction() {
        // From 0: 0, 3599 (3600 is outside); from 3599: 3599, 3600, 3601 (7199 = 3599 + 3600 is outside).
        #expect(features([0, 3599, 3600, 3601, 7199]).maxTxPerHour == 3)
        #expect(features([0, 1, 2, 3600]).maxTxPerHour == 3)
        #expect(features([0, 1, 2, 3599]).maxTxPerHour == 4)
    }

    @Test func windowsEndAtAsOfAndExcludeTheirStart() {
        let asOf: Int64 = 200_000
        let f = features([asOf - 86400, asOf - 86399, asOf - 3600, asOf - 3599, asOf, asOf + 1], asOf: asOf)
        #expect(f.txLast1h == 2)    // asOf − 3599 and asOf
        #expect(f.txLast24h == 4)   // not asOf − 86400, not the future one
    }

    /// One transaction (its own path) at each edge of the windows, with and without a pool or a swap.
    @Test func oneTransactionAtTheWindowsEdges() {
        let asOf: Int64 = 200_000
        let cases: [(Int64, Int, Int)] = [(asOf - 86400, 0, 0), (asOf - 86399, 0, 1), (asOf - 3600, 0, 1),
                                          (asOf - 3599, 1, 1), (asOf, 1, 1), (asOf + 1, 0, 0)]
        for (time, hour, day) in cases {
            for (pool, swaps) in [(0, 0), (1, 1), (1, 0)] {
                let f = features([time], pool: pool, swaps: swaps, asOf: asOf)
                #expect(f == BehaviourFeatures(txLast1h: hour, txLast24h: day, maxTxPerHour: 1, meanGapHours: 0,
                                               burstiness: 0, hourEntropy: 0, poolConcentration: Double(pool),
                                               swapShare: Double(swaps)), "t = as_of \(time - asOf)")
                #expect(f.meanGapHours.sign == .plus && f.burstiness.sign == .plus && f.hourEntropy.sign == .plus)
            }
        }
    }

    @Test func hourEntropyIsOneForOneTransactionPerHour() {
        let t = (0..<24).map { Int64($0) * 3600 + 86400 * 3 + 17 }
        #expect(abs(features(t).hourEntropy - 1) < 1e-15)
    }

    @Test func hourOfDayIsUTCModuloADay() {
        // 05:00 on two different days is one hour of the day.
        #expect(features([5 * 3600, 86400 + 5 * 3600 + 59]).hourEntropy == 0)
    }

    /// The single pass collects what §1 needs: de-duplicated transactions, unknown actions included, pools counted.
    @Test func collectedInTheSinglePass() throws {
        let txs = [
            RiskTx(id: "a", timestamp: 7200, pool: "0xP"),
            RiskTx(id: "a", timestamp: 0, pool: "0xQ"),                 // duplicate: ignored
            RiskTx(id: "b", action: "collect", timestamp: 0, pool: "0xP"),
            RiskTx(id: "c", action: "deposit", timestamp: 3600, pool: "0xQ"),
            RiskTx(id: "d", timestamp: 10800),
        ]
        let risk = try assessRisk(riskWallet(txs), riskConfiguration(), asOf: 10800)
        #expect(risk.features == BehaviourFeatures(
            txLast1h: 1, txLast24h: 4, maxTxPerHour: 1, meanGapHours: 1, burstiness: -1,
            hourEntropy: 2 / log2(24.0), poolConcentration: 0.5, swapShare: 0.5))
    }
}
