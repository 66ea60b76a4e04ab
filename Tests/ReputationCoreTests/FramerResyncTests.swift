import Foundation
import ReputationCore
import Testing

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
                              array: Bool = false) throws {
        let text = array ? "[\n" + lines.joined(separator: ",\n") + "\n]\n" : lines.joined(separator: "\n") + "\n"
        let frames = try framing.framesWithLines(text, format: format, chunk: chunk, batch: 64)
        let kept = frames.filter { Self.good.contains($0.text) }
        #expect(kept.map(\.text) == Self.good, "\(layout): \(frames.map(\.text))")
        let goodLines = lines.indices.filter { Self.good.contains(lines[$0]) }.map { $0 + 1 + (array ? 1 : 0) }
        #expect(kept.map(\.line) == goodLines, "\(layout): \(frames)")
        // The broken lines are not silent: at least one frame reports them.
        #expect(frames.count > Self.good.count, "\(layout): \(frames.map(\.text))")
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

    /// A syntax error in JSON values starts reading again at the next line at the latest.
    @Test func errorOnTheFirstLineOfAValueEndsWithThatLine() throws {
        #expect(try framing.frames("{\"a\":1} x {\"b\":2}\n{\"c\":3}", format: .json) == ["{\"a\":1}", "x {\"b\":2}", "{\"c\":3}"])
        #expect(try framing.frames("{\"a\": nul}\n{\"c\":3}\n", format: .json) == ["{\"a\": nul}", "{\"c\":3}"])
    }
}
