import Foundation
import TestSupport
import Testing

/// Broken lines cost only themselves: every wallet on its own line is scored, whatever the layout, and
/// each failure line says where its message was.
@Suite(.serialized, .timeLimit(.minutes(2))) struct BrokenInputTests {
    let wallets: [String]

    init() throws {
        wallets = try ["sample", "lpwhale", "trader"].map {
            try String(contentsOf: fixtures.appendingPathComponent("examples/\($0).json"), encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    func file(_ text: String, _ name: String = "wallets.jsonl") throws -> URL {
        let url = try temporaryDirectory().appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    /// The issue's file: a truncated first line, then 3 wallets, gave 1 result line and exit 0.
    @Test func truncatedFirstLineCostsOnlyItself() async throws {
        let truncated = String(wallets[0].prefix(150))
        let input = try file(([truncated] + wallets).joined(separator: "\n") + "\n")
        let result = try await scoreWallet(["--as-of", "1704067200", input.path])
        #expect(result.status == 0)
        #expect(Array(result.lines.dropFirst()).map(comparable) == libraryLines(wallets, asOf: 1_704_067_200))
        let first = try #require(try objects(result).first)
        #expect(first["error_code"] as? String == "invalid_json")
        #expect(first["input"] as? String == input.path)
        #expect(first["line"] as? Int == 1)
    }

    /// Broken lines first, in the middle, last and several in a row, in each layout auto can choose.
    @Test func everyWalletOnItsOwnLineIsScoredInEveryLayout() async throws {
        let broken = [String(wallets[1].prefix(40)), #"{"wallet_address":"0x9","data":["#, "[", "{", "not json"]
        let lines = [broken[0], wallets[0], broken[1], broken[2], wallets[1], broken[3], broken[4], wallets[2], broken[0]]
        let layouts = [
            "JSON lines": ([wallets[0]] + lines).joined(separator: "\n"),
            "JSON values": lines.joined(separator: "\n"),
            "JSON array": "[\n" + lines.joined(separator: ",\n") + "\n]",
        ]
        let expected = libraryLines(wallets, asOf: 1_704_067_200)
        for (layout, text) in layouts {
            let input = try file(text)
            let result = try await scoreWallet(["--as-of", "1704067200", "--summary", input.path])
            #expect(result.status == 0, "\(layout)")
            let scored = result.lines.map(comparable).filter { $0.contains("\"zscore\"") }
            #expect(scored == (layout == "JSON lines" ? [expected[0]] + expected : expected), "\(layout): \(result.lines)")
            #expect(result.lines.count > scored.count, "\(layout): the broken lines are reported")
            #expect(result.stderr.contains("input \(input.path): \(layout), "), "\(result.stderr)")
            // Each failure names its input and the line where its message starts.
            for object in try objects(result) where object["error_code"] != nil {
                let line = try #require(object["line"] as? Int)
                #expect(object["input"] as? String == input.path)
                #expect((1...(text.split(separator: "\n", omittingEmptySubsequences: false).count)).contains(line))
            }
        }
    }

    /// `"input"` and `"line"` come right after `error_code` in failure lines; success lines are unchanged.
    @Test func failureLinesSayWhereTheirMessageWas() async throws {
        let input = try file("\n\(wallets[0])\n\n{\"wallet_address\":\"0x1\"}\n")
        let result = try await scoreWallet(["--as-of", "1704067200", input.path, "-"], stdin: Data("[\(wallets[2]),\n\n 7]".utf8))
        #expect(result.status == 0)
        #expect(result.lines.count == 4)
        #expect(!result.lines[0].contains("\"input\"") && !result.lines[2].contains("\"line\""))
        func placed(_ line: String, _ input: String, _ number: Int) -> Bool {
            line.range(of: ##""error_code":"[a-z_]+","input":""## + NSRegularExpression.escapedPattern(for: input) + ##"","line":\##(number),"timestamp":"##,
                       options: .regularExpression) != nil
        }
        #expect(placed(result.lines[1], input.path, 4), "\(result.lines[1])")
        #expect(placed(result.lines[3], "-", 3), "\(result.lines[3])")
    }

    /// An array never closed, and a missing comma, are failure lines of their own; no element is lost.
    @Test func arrayFaultsAreReportedAndLoseNothing() async throws {
        let input = try file("[\n\(wallets[0])\n\(wallets[1]),\n\(wallets[2])\n", "wallets.json")
        let result = try await scoreWallet(["--as-of", "1704067200", "--summary", input.path])
        let all = try objects(result)
        #expect(all.compactMap { $0["wallet_address"] as? String }.count == 3)
        let faults = all.filter { $0["error_code"] as? String == "invalid_json" }.compactMap { $0["error"] as? String }
        #expect(faults == ["missing ',' between elements of the array opened at line 1; both elements are read",
                           "the array opened at line 1 is never closed: the input ends first"])
        #expect(result.stderr.contains("input \(input.path): JSON array, 5 wallets, 2 failures"), "\(result.stderr)")
    }
}
