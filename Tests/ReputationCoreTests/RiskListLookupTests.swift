@testable import ReputationCore
import Testing

/// Lookups in large risk lists (the table's filter and its growth): every entry is found, in any ASCII case,
/// and nothing else is.
@Suite struct RiskListLookupTests {
    /// Large enough for the filter to take a huge page (256 KB and more).
    @Test func everyEntryOfALargeListIsFoundAndNothingElse() {
        func value(_ i: Int) -> String { "0xAbCd" + String(i * 7919, radix: 16) }
        let count = 200_000
        let lists = RiskLists(entries: (0..<count).map {
            RiskListEntry(list: "l", kind: .pool, value: value($0), severity: .low, category: "c")
        })
        func matches(_ text: String, _ kind: RiskListKind = .pool) -> [Int] {
            var text = text, found: [Int] = []
            let first = text.withUTF8 { lists.firstMatch(kind, UnsafeRawBufferPointer($0)) }
            lists.forEachMatch(kind, from: first) { found.append($0) }
            return found
        }
        var wrong: [String] = []
        for i in 0..<count where matches(value(i).uppercased()) != [i] { wrong.append(value(i)) }
        for i in count..<(2 * count) where !matches(value(i)).isEmpty { wrong.append(value(i)) }
        for i in 0..<100 where !matches(value(i), .token).isEmpty { wrong.append("token \(value(i))") }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
    }

    /// Keys of every length up to 64 (each way the hash reads them: a short tail, one or two words, sixteen-byte
    /// blocks and the overlapping last sixteen bytes) are found in any case; keys that share their last
    /// sixteen bytes, and so their filter bits, are still told apart by the table.
    @Test func keysOfEveryLengthAndKeysSharingTheirEnd() {
        let letters = Array("aB3cD4eF5gH6")
        func value(_ n: Int, _ first: Character = "x") -> String {
            n == 0 ? "" : String(first) + String((1..<n).map { letters[$0 % letters.count] })
        }
        let values = (0...64).map { value($0) } + (17...64).map { value($0, "y") }
        let lists = RiskLists(entries: values.map { RiskListEntry(list: "l", kind: .token, value: $0, severity: .low, category: "c") })
        func matches(_ text: String) -> [Int] {
            var text = text, found: [Int] = []
            let first = text.withUTF8 { lists.firstMatch(.token, UnsafeRawBufferPointer($0)) }
            lists.forEachMatch(.token, from: first) { found.append($0) }
            return found
        }
        var wrong: [String] = []
        for (i, v) in values.enumerated() {
            if matches(v.uppercased()) != [i] || matches(v.lowercased()) != [i] { wrong.append("not found: \(v)") }
        }
        for n in 17...64 where !matches(value(n, "z")).isEmpty { wrong.append("found: \(value(n, "z"))") }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
    }

    /// The filter's words: a power of two of them, zeroed; from 256 KB on, at least one 2 MB page's worth
    /// (the pages the kernel is asked to back with a huge page). A copy is the filter's own.
    @Test func filterWordsFillTheirPages() {
        for minimum in [2, 1 << 10, (256 << 10) / 16, (256 << 10) / 8, 1 << 18, 1 << 19] {
            let filter = FilterWords(minimumCount: minimum)
            let huge = minimum * 8 >= 256 << 10
            #expect(filter.count == (huge ? max(minimum, (2 << 20) / 8) : minimum), "\(minimum)")
            #expect(UnsafeBufferPointer(start: filter.words, count: filter.count).allSatisfy { $0 == 0 })
            #expect(!huge || UInt(bitPattern: filter.words) % (2 << 20) == 0)
        }
        let filter = FilterWords(minimumCount: 4)
        filter.words[1] = 7
        let copy = filter.copy()
        copy.words[1] = 9
        #expect(filter.words[1] == 7 && copy.words[1] == 9 && copy.count == 4)
    }
}
