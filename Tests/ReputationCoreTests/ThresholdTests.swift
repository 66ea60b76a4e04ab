import Foundation
import ReputationCore
import Testing

/// Threshold documents (MODEL.md §7): overrides, stable tokens, percentiles, and clear errors.
@Suite struct ThresholdTests {
    func configuration(_ json: String) throws -> ThresholdConfiguration {
        try JSONFileThresholds.configuration(from: Data(json.utf8), name: "test")
    }

    func error(_ json: String) -> String {
        do {
            _ = try configuration(json)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func overridesAndStableTokens() throws {
        let c = try configuration("""
            {"tokens": [{"symbol": "USDC", "stable": true}, {"symbol": "GHO", "stable": true}, {"symbol": "WETH", "stable": false}],
             "thresholds": [{"protocolType": "dexes", "parameter": "lp.volume_full_usd", "value": 20000},
                            {"protocolType": "dexes", "parameter": "swap.activity_band_points", "value": [10, 8, 6, 4, 2]},
                            {"protocolType": "lending", "parameter": "anything", "value": "ignored"}]}
            """)
        #expect(c.parameters.lp.volumeFullUSD == 20_000)
        #expect(c.parameters.swap.activityBandPoints == [10, 8, 6, 4, 2])
        #expect(c.parameters.stableTokens == ["USDC", "GHO"])
        #expect(c.parameters.id != ScoringParameters.defaults.id)
        #expect(c.percentiles == nil)
        #expect(try configuration("{}").parameters == .defaults)
    }

    /// Exporting a configuration and loading it back gives the same parameters and id.
    @Test func thresholdsFileRoundTrips() throws {
        var original = try configuration("""
            {"thresholds": [{"protocolType": "dexes", "parameter": "weights.lp", "value": 0.7},
                            {"protocolType": "dexes", "metric": "final_score", "percentiles": {"p1": 20.5, "p50": 210, "p99": 610}}]}
            """)
        original.parameters.stableTokens = ["DAI"]
        let data = try JSONEncoder().encode(original.thresholdsFile)
        let loaded = try JSONFileThresholds.configuration(from: data, name: "export")
        #expect(loaded == original)
        #expect(loaded.parameters.id == original.parameters.id)
        let defaults = try JSONFileThresholds.configuration(from: JSONEncoder().encode(ThresholdConfiguration.defaults.thresholdsFile), name: "export")
        #expect(defaults.parameters.id == ScoringParameters.defaults.id)
    }

    /// Fractional percentile keys keep their decimals when exported (`p1.05` was written `p15`).
    @Test func fractionalPercentileKeysRoundTrip() throws {
        let original = try configuration("""
            {"thresholds": [{"protocolType": "dexes", "metric": "final_score",
                             "percentiles": {"p0.5": 5, "p1.05": 20.5, "p10.05": 96, "p50": 210, "p99.9": 610, "p100": 900}}]}
            """)
        let file = original.thresholdsFile
        guard case .array(let documents)? = file["thresholds"], case .object(let table)? = documents.last?["percentiles"] else {
            Issue.record("no percentile document in \(file)")
            return
        }
        #expect(Set(table.keys) == ["p0.5", "p1.05", "p10.05", "p50", "p99.9", "p100"])
        let loaded = try JSONFileThresholds.configuration(from: JSONEncoder().encode(file), name: "export")
        #expect(loaded == original)
        #expect(loaded.parameters.id == original.parameters.id)
        #expect(loaded.percentiles?.percentile(of: 96) == 10.05)
        #expect(PercentileTable.key(10) == "p10" && PercentileTable.key(1.05) == "p1.05" && PercentileTable.key(0) == "p0")
    }

    @Test func percentileIsLinearBetweenPoints() throws {
        let table = try PercentileTable(points: [(1, 20.5), (10, 96), (25, 140.2), (50, 210), (99, 610)])
        #expect(table.percentile(of: 20) == 0)
        #expect(table.percentile(of: 20.5) == 1)
        #expect(table.percentile(of: 96) == 10)
        let between: Double = 25 + (153 - 140.2) / (210 - 140.2) * 25
        #expect(table.percentile(of: 153) == between)
        #expect(table.percentile(of: 610) == 99)
        #expect(table.percentile(of: 610.5) == 100)
    }

    @Test func successResultsCarryThePercentile() throws {
        let c = try configuration("""
            {"thresholds": [{"protocolType": "dexes", "metric": "final_score", "percentiles": {"p10": 100, "p20": 200}}]}
            """)
        let text = try String(contentsOf: fixtures.appendingPathComponent("examples/sample.json"), encoding: .utf8)
        let result = try json(line(WalletScorer(configuration: c).score(json: text, asOf: exampleAsOf)))
        let expected: Double = 10 + (143.03125 - 100) / 100 * 10
        #expect(result["percentile"] as? Double == expected)
        let plain = try json(line(WalletScorer().score(json: text, asOf: exampleAsOf)))
        #expect(plain["percentile"] == nil)
    }

    @Test func badDocumentsNameTheDocumentAndTheField() {
        let cases: [(String, String)] = [
            ("{\"_id\": \"a1\", \"protocolType\": \"dexes\", \"parameter\": \"lp.nope\", \"value\": 1}",
             "thresholds document _id \"a1\", field parameter: unknown parameter \"lp.nope\""),
            ("{\"_id\": \"a2\", \"protocolType\": \"dexes\", \"parameter\": \"lp.volume_points\", \"value\": \"300\"}",
             "thresholds document _id \"a2\", field value: expected a finite number for lp.volume_points, got \"300\""),
            ("{\"_id\": \"a3\", \"protocolType\": \"dexes\", \"parameter\": \"swap.activity_band_hours\", \"value\": [1, 24, 168]}",
             "thresholds document _id \"a3\", field value: expected an array of 4 numbers for swap.activity_band_hours, got 3 values"),
            ("{\"_id\": \"a4\", \"protocolType\": \"dexes\", \"metric\": \"final_score\", \"percentiles\": {\"p10\": 50, \"p50\": 40}}",
             "thresholds document _id \"a4\", field percentiles: scores must increase with the percentile: p50 is not above p10"),
            ("{\"_id\": \"a5\", \"protocolType\": \"dexes\", \"metric\": \"final_score\", \"percentiles\": {\"top\": 50}}",
             "thresholds document _id \"a5\", field percentiles.top: expected a key p0 … p100"),
            ("{\"protocolType\": \"dexes\", \"value\": 1}", "thresholds[0] (no _id): expected a \"parameter\" or a \"metric\" field"),
            ("{\"_id\": 7, \"protocolType\": \"dexes\", \"metric\": \"median\"}", "thresholds document _id 7.0, field metric: expected \"final_score\", got \"median\""),
        ]
        for (document, message) in cases {
            #expect(error("{\"thresholds\": [\(document)]}") == message)
        }
        #expect(error("{\"thresholds\": [{\"_id\": \"b\", \"protocolType\": \"dexes\", \"parameter\": \"weights.lp\", \"value\": 1}, {\"_id\": \"c\", \"protocolType\": \"dexes\", \"parameter\": \"weights.lp\", \"value\": 2}]}")
                == "thresholds document _id \"c\", field parameter: weights.lp is already set by thresholds document _id \"b\"")
        #expect(error("{\"tokens\": [{\"_id\": \"t\", \"symbol\": 5, \"stable\": true}]}")
                == "tokens document _id \"t\", field symbol: expected a non-empty string for a stable token, got 5.0")
        #expect(error("{\"tokens\": [{\"_id\": \"t\", \"symbol\": \"X\", \"stable\": \"yes\"}]}")
                == "tokens document _id \"t\", field stable: expected true or false, got \"yes\"")
        #expect(error("[1]").hasPrefix("test: expected {\"tokens\": [...], \"thresholds\": [...]}"))
    }
}
