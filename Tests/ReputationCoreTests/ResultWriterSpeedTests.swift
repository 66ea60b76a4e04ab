@testable import ReputationCore
import Foundation
import Testing
import WalletCorpus

/// The result writer's shortcuts write the same bytes as the plain way: the cache of double texts
/// (``NumberTextCache``) and the eight-bytes-at-a-time escape check of strings.
@Suite(.timeLimit(.minutes(1))) struct ResultWriterSpeedTests {
    /// Doubles that collide in the cache (1,024 entries), repeat, or are special, written through one cache:
    /// each text is `writeShortest`'s, hit or miss.
    @Test func cachedNumberTextsAreTheFormattersTexts() {
        var generator = SeededGenerator(seed: 7)
        var values: [Double] = [0, -0.0, 1, -1, .nan, -.nan, .infinity, -.infinity, 1e-5, 0x1p53, 5e-324, 1 / 3, 2.0 / 3]
        for i in 0..<20_000 {
            let bits = generator.next()
            switch i % 4 {
            case 0: values.append(Double(bitPattern: bits))                       // any double
            case 1: values.append(Double(bits % 50) / Double(bits % 7 + 1))        // small ratios: repeat often
            case 2: values.append(log(1 + Double(bits % 100)))                     // logarithms of small counts
            default: values.append(values[Int(bits % UInt64(values.count))])       // a value seen before
            }
        }
        let cache = NumberTextCache()
        var differences: [String] = []
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * NumberFormatting.shortestCapacity) { buffer in
            let cached = buffer.baseAddress!, plain = cached + NumberFormatting.shortestCapacity
            for round in 0..<2 {   // the second round finds most texts in the cache
                for value in values {
                    let a = cache.entries.writeShortest(value, into: cached), b = NumberFormatting.writeShortest(value, into: plain)
                    if a != b || memcmp(cached, plain, a) != 0 {
                        differences.append("round \(round), \(value.bitPattern): \(String(decoding: UnsafeBufferPointer(start: cached, count: a), as: UTF8.self))")
                    }
                }
            }
        }
        #expect(differences.count == 0, "\(differences.prefix(5))")
    }

    /// A batch of generated wallets written with one cache, one line after another as score-wallet writes
    /// them, equals the lines written without it.
    @Test func resultsWithTheCacheEqualResultsWithout() throws {
        var session = ScoringSession()
        let cache = NumberTextCache()
        var withCache: [UInt8] = [], without: [UInt8] = []
        for line in RealisticWallets(count: 300, seed: 3) {
            let outcome = session.score(json: line, asOf: exampleAsOf)
            ResultWriter.append(outcome, timestamp: 1, processingTimeMs: 0.5, numbers: cache, to: &withCache)
            ResultWriter.append(outcome, timestamp: 1, processingTimeMs: 0.5, to: &without)
        }
        #expect(String(decoding: withCache, as: UTF8.self).contains("\"risk\":{"))
        #expect(withCache == without)
    }

    /// Every byte that needs an escape, at every position of strings of every length up to 70 (the writer
    /// tests eight bytes at a time, the last eight overlapping the word before, and copies a string with none
    /// whole), next to plain ASCII and UTF-8, and each length with no such byte, then strings around the
    /// size of the writer's buffer: the text is the escaped string, and parses back to it.
    @Test func stringsAreEscapedWhereverTheByteIs() throws {
        let specials = (0..<0x20).map { UnicodeScalar(UInt8($0)) } + ["\"", "\\"]
        let plain = Array("aé0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz€!#$%&'()*+,-./".unicodeScalars)
        var wrong: [String] = []
        func check(_ scalars: ArraySlice<UnicodeScalar>) throws {
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars)
            var out: [UInt8] = []
            JSONWriter.write(to: &out) { $0.string(text) }
            let written = String(decoding: out, as: UTF8.self)
            if written != Self.escaped(text) { wrong.append(written) }
            let parsed = try JSONSerialization.jsonObject(with: Data(out), options: .fragmentsAllowed) as? String
            if parsed != text { wrong.append("does not parse back: \(written)") }
        }
        for length in 0...70 {
            try check(plain[..<length])
            for special in specials {
                for position in 0..<length {
                    var scalars = plain[..<length]
                    scalars[position] = special
                    try check(scalars)
                }
            }
        }
        // Around the writer's 2,048-byte scratch buffer, which a string and its quotes may not fit.
        let long = Array(repeating: plain, count: 70).flatMap { $0 }
        for length in [2045, 2046, 2047, 2048, 5000] {
            try check(long[..<length])
            var scalars = long[..<length]
            scalars[length - 1] = "\""
            try check(scalars)
        }
        #expect(wrong.count == 0, "\(wrong.prefix(5))")
    }

    /// The JSON text of a string, escaped byte by byte as the writer has always done.
    static func escaped(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
