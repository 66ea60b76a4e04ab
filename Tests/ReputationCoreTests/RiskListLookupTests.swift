@testable import ReputationCore
import Testing

/// Lookups in large risk lists (the table's filter and its growth): every entry is found, in any ASCII case,
/// and nothing else is.
@Suite struct RiskListLookupTests {
    @Test func everyEntryOfALargeListIsFoundAndNothingElse() {
        func value(_ i: Int) -> String { "0xAbCd" + String(i * 7919, radix: 16) }
        let count = 50_000
        let lists = RiskLists(entries: (0..<count).map {
            RiskListEntry(list: "l", kind: .pool, value: value($0), severity: .low, category: "c")
        })
        func matches(_ text: String, _ kind: RiskListKind = .pool) -> [Int] {
            var text = text, found: [Int] = []
            text.withUTF8 { lists.forEachMatch(kind, UnsafeRawBufferPointer($0)) { found.append($0) } }
            return found
        }
        var wrong: [String] = []
        for i in 0..<count where matches(value(i).uppercased()) != [i] { wrong.append(value(i)) }
        for i in count..<(2 * count) where !matches(value(i)).isEmpty { wrong.append(value(i)) }
        for i in 0..<100 where !matches(value(i), .token).isEmpty { wrong.append("token \(value(i))") }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
    }
}
