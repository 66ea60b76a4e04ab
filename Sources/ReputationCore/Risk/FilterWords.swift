import Foundation

/// The words of a ``FoldedKeyTable``'s filter, in memory of their own. From 256 KB on they fill whole 2 MB
/// pages the kernel is asked to back with huge pages (`madvise`, on Linux): lookups read the filter at random, and
/// with 4 KB pages nearly each of them would also miss the TLB. The filter then takes all of its pages
/// (at least 2 MB: fewer false positives, each of which costs a lookup in the table, for no more TLB entries).
final class FilterWords: @unchecked Sendable {
    /// Never written after ``FoldedKeyTable`` has built it (copied first when shared).
    let words: UnsafeMutablePointer<UInt64>
    let count: Int

    private static let hugePage = 2 << 20
    private static let hugeFrom = 256 << 10

    /// At least `minimumCount` zero words, a power of two of them (as `minimumCount` must be).
    init(minimumCount: Int) {
        let bytes = minimumCount * MemoryLayout<UInt64>.stride
        let huge = bytes >= Self.hugeFrom
        let size = huge ? max(bytes, Self.hugePage) : bytes   // a power of two: whole huge pages from 2 MB on
        let raw = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: huge ? Self.hugePage : 64)
        #if os(Linux)
        if huge { _ = madvise(raw, size, MADV_HUGEPAGE) }   // advice: without it, ordinary pages
        #endif
        count = size / MemoryLayout<UInt64>.stride
        words = raw.initializeMemory(as: UInt64.self, repeating: 0, count: count)
    }

    /// A copy, to write to.
    func copy() -> FilterWords {
        let copy = FilterWords(minimumCount: count)
        copy.words.update(from: words, count: count)
        return copy
    }

    deinit { words.deallocate() }
}
