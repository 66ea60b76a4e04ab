import Foundation
@testable import ReputationCore
import Testing
import WalletCorpus

/// Broken lines never swallow a complete object that stands alone on its own line, in any layout the
/// framer reads, wherever the broken lines are and whatever the read sizes.
@Suite struct FramerResyncTests {
    let framing = FramerTests()

    static let good = (1...3).map { #"{"wallet_address":"0x\#($0)","data":[{"protocolType":"dexes","transactions":[]}]}"# }

    /// Lines that are not a complete JSON value, each a different way of being broken.
    static let broken = [
        #"{"wallet_address":"0x9","data":[{"protocolType":"dex"#,          // cut inside a string
        #"{"wallet_address":"0x9","data":["#,                               // cut after '[' (the next line would fit in)
        #"{"wallet_address":"0x9","data":[{"protocolType":"dexes","transactions":["#,
        #"{"wallet_address":"0x9","#,                                      // an object waiting for a key
        #"{"wallet_address":"#,                                             // an object waiting for a value
        "{", "[", "}", "]", ",", "not json", #"{"a":1}}"#, #""unterminated"#, #"{"a":tru"#,
        #"{"a":"x\"#, #"{"a":"\u12"#, #"{"a" 1}"#, "{\"a\":1 \"b\":2}",
    ]

    /// Where the broken lines go among the good ones.
    static let placements: [(name: String, lines: @Sendable (String) -> [String])] = [
        ("first", { [$0] + good }),
        ("middle", { [good[0], $0, good[1], good[2]] }),
        ("last", { good + [$0] }),
        ("several in a row", { [good[0], $0, $0, good[1], $0, good[2]] }),
        ("between every line", { [$0, good[0], $0, good[1], $0, good[2], $0] }),
    ]

    /// The good objects, each as its own frame, in order, on its own line; and something reported for the rest.
    func expectGoodFramesKept(_ lines: [String], layout: String, format: MessageFramer.Format, chunk: Int,
                              array: Bool = false, good: [String] = Self.good) throws {
        let text = array ? "[\n" + lines.joined(separator: ",\n") + "\n]\n" : lines.joined(separator: "\n") + "\n"
        let frames = try framing.framesWithLines(text, format: format, chunk: chunk, batch: 64)
        let kept = frames.filter { good.contains($0.text) }
        #expect(kept.map(\.text) == good, "\(layout): \(frames.map(\.text))")
        let goodLines = lines.indices.filter { good.contains(lines[$0]) }.map { $0 + 1 + (array ? 1 : 0) }
        #expect(kept.map(\.line) == goodLines, "\(layout): \(frames)")
        // The broken lines are not silent: at least one frame reports them.
        if lines.count > good.count { #expect(frames.count > good.count, "\(layout): \(frames.map(\.text))") }
    }

    @Test(arguments: [1, 7, 4096])
    func brokenLinesNeverSwallowObjectsOnTheirOwnLine(chunk: Int) throws {
        for brokenLine in Self.broken {
            for placement in Self.placements {
                let lines = placement.lines(brokenLine)
                let name = "\(placement.name) \(brokenLine)"
                try expectGoodFramesKept(lines, layout: "auto, \(name)", format: .auto, chunk: chunk)
                try expectGoodFramesKept(lines, layout: "lines, \(name)", format: .lines, chunk: chunk)
                try expectGoodFramesKept(lines, layout: "values, \(name)", format: .json, chunk: chunk)
                try expectGoodFramesKept(lines, layout: "array, \(name)", format: .auto, chunk: chunk, array: true)
            }
        }
    }

    /// Good lines among lines cut at random places (seeded): the invariant holds in every layout.
    @Test(arguments: [false, true])
    func goodLinesSurviveRandomlyCutNeighbours(realistic: Bool) throws {
        var random = SeededGenerator(seed: realistic ? 7 : 42)
        for round in 0..<(realistic ? 30 : 300) {
            let good = realistic ? Array(RealisticWallets(count: 4, seed: UInt64(round))) : Self.good
            var lines: [String] = []
            var goodIndex = 0
            while goodIndex < good.count {
                if Int.random(in: 0..<3, using: &random) == 0 {
                    lines.append(good[goodIndex])
                    goodIndex += 1
                } else {
                    let source = good[Int.random(in: 0..<good.count, using: &random)]
                    lines.append(String(source.prefix(Int.random(in: 1..<source.count, using: &random))))
                }
            }
            if Bool.random(using: &random) { lines.append(String(good[0].prefix(Int.random(in: 1..<60, using: &random)))) }
            let chunk = [1, 3, 7, 64, 4096][round % 5]
            try expectGoodFramesKept(lines, layout: "auto #\(round)", format: .auto, chunk: chunk, good: good)
            try expectGoodFramesKept(lines, layout: "values #\(round)", format: .json, chunk: chunk, good: good)
            try expectGoodFramesKept(lines, layout: "array #\(round)", format: .auto, chunk: chunk, array: true, good: good)
        }
    }

    /// The issue's file: a truncated first line, then 3 wallets. Auto reads it as JSON values.
    @Test func truncatedFirstLineThenThreeWallets() throws {
        let text = #"{"wallet_address":"0x9","data":[{"protocolType":"dexes","transactions":[{"document_id":"a","act"#
            + "\n" + Self.good.joined(separator: "\n") + "\n"
        let frames = try framing.framesWithLines(text)
        #expect(frames.map(\.line) == [1, 2, 3, 4])
        #expect(Array(frames.map(\.text).dropFirst()) == Self.good)
    }

    /// `{"…","data":[` then a complete wallet: the wallet is not read as an element of the broken line's array.
    @Test func openArrayDoesNotAdoptTheNextLine() throws {
        let text = #"{"wallet_address":"0x1","data":["# + "\n" + Self.good[1] + "\n" + Self.good[2]
        #expect(try framing.frames(text) == [#"{"wallet_address":"0x1","data":["#, Self.good[1], Self.good[2]])
    }

    /// A valid pretty-printed value is never split, even when its lines hold whole objects.
    @Test func validMultiLineValueStaysWhole() throws {
        let value = "{\n\"wallet_address\": \"0x1\",\n\"data\": [\n\(Self.good[0].replacingOccurrences(of: "wallet_address", with: "w")),\n{\"protocolType\":\"x\"}\n]\n}"
        #expect(try framing.frames(value + "\n" + Self.good[1]) == [value, Self.good[1]])
    }

    /// A broken pretty-printed value: its lines become one failing message, the objects after it their own.
    @Test func brokenPrettyValueIsOneMessage() throws {
        let text = "{\n  \"wallet_address\": \"0x1\",\n  \"data\": [\n" + Self.good.joined(separator: "\n")
        let frames = try framing.framesWithLines(text)
        #expect(frames.map(\.text) == ["{\n  \"wallet_address\": \"0x1\",\n  \"data\": ["] + Self.good)
        #expect(frames.map(\.line) == [1, 4, 5, 6])
    }

    @Test func arrayWithAMissingCommaKeepsBothElementsAndSaysSo() throws {
        let frames = try framing.framesWithLines("[\n\(Self.good[0])\n\(Self.good[1]),\n\(Self.good[2])\n]")
        #expect(frames.map(\.text) == [
            Self.good[0], "<layout: missing ',' between elements of the array opened at line 1; both elements are read>",
            Self.good[1], Self.good[2]])
        #expect(frames.map(\.line) == [2, 3, 3, 4])
    }

    @Test func arrayNeverClosedKeepsItsElementsAndSaysSo() throws {
        for tail in ["", ",", ",\n", "\n  "] {
            let frames = try framing.frames("[\(Self.good[0]),\n\(Self.good[1])\(tail)")
            #expect(frames == [Self.good[0], Self.good[1], "<layout: the array opened at line 1 is never closed: the input ends first>"], "\(tail)")
        }
        // Cut inside an element: the element fails, and the array is reported too.
        let cut = try framing.frames("[\(Self.good[0]),\n{\"wallet_address\":\"0x")
        #expect(cut == [Self.good[0], "{\"wallet_address\":\"0x", "<layout: the array opened at line 1 is never closed: the input ends first>"])
    }

    @Test func otherArrayFaultsAreReported() throws {
        #expect(try framing.frames("[{\"a\":1},]") == ["{\"a\":1}", "<layout: trailing ',' before the ']' that closes the array opened at line 1>"])
        #expect(try framing.frames("[,{\"a\":1}]") == ["<layout: an element is missing before ',' in the array opened at line 1>", "{\"a\":1}"])
    }

    /// Nesting past what the framer follows is cut off at the end of its line, and memory stays bounded.
    @Test func absurdNestingIsCutAtItsLine() throws {
        var scanner = JSONValueScanner()
        let opening = [UInt8](repeating: UInt8(ascii: "["), count: JSONValueScanner.maxNesting + 1)
        let outcome = opening.withUnsafeBufferPointer { scanner.scan($0, from: 0, to: $0.count) }
        #expect(outcome == .error(at: JSONValueScanner.maxNesting, reason: "nesting deeper than \(JSONValueScanner.maxNesting) levels"))
        let deep = String(repeating: "[", count: 3 << 20)
        #expect(try framing.frames("{\"a\":\(deep)\n{\"b\":2}\n", format: .json, max: 4 << 20, chunk: 1 << 16, batch: 1 << 16)
                == ["{\"a\":\(deep)", "{\"b\":2}"])
        let array = try framing.frames("\(deep)\n{\"b\":2}\n", max: 1 << 20, chunk: 1 << 16, batch: 1 << 16)
        #expect(array == ["<too large: \((3 << 20) - 1)>", "{\"b\":2}", "<layout: the array opened at line 1 is never closed: the input ends first>"])
    }

    /// A syntax error in JSON values starts reading again at the next line at the latest.
    @Test func errorOnTheFirstLineOfAValueEndsWithThatLine() throws {
        #expect(try framing.frames("{\"a\":1} x {\"b\":2}\n{\"c\":3}", format: .json) == ["{\"a\":1}", "x {\"b\":2}", "{\"c\":3}"])
        #expect(try framing.frames("{\"a\": nul}\n{\"c\":3}\n", format: .json) == ["{\"a\": nul}", "{\"c\":3}"])
    }
}

