/// The text of recently written doubles, for a thread that writes many results with ``ResultWriter``.
///
/// Results repeat many non-whole numbers: shares k/n of small counts, logarithms of small counts and the
/// bot-model contributions made from them, a bot reason's value beside the same feature. Finding a double's
/// text here costs a few instructions; writing its shortest digits anew costs hundreds. The text is the
/// same either way (the cache holds what ``NumberFormatting/writeShortest(_:into:)`` wrote for the same bits).
///
/// Direct-mapped, 1,024 entries (40 KB): a double's bits pick one entry, which keeps the last double written
/// there. Not thread-safe: give each writing thread its own.
public final class NumberTextCache {
    /// The entries, in memory this object owns; writers hold a copy of it (no reference counting per number).
    struct Entries {
        static let count = 1024
        /// The bytes of one entry's text: ``NumberFormatting/shortestCapacity``.
        static let width = NumberFormatting.shortestCapacity

        fileprivate let keys: UnsafeMutablePointer<UInt64>
        fileprivate let lengths: UnsafeMutablePointer<UInt8>
        fileprivate let texts: UnsafeMutablePointer<UInt8>

        /// Writes ``NumberFormatting/writeShortest(_:into:)``'s text of `value` at `start`, which has room for
        /// ``NumberFormatting/shortestCapacity`` bytes (all of them may be written), and returns its length.
        @inline(__always)
        func writeShortest(_ value: Double, into start: UnsafeMutablePointer<UInt8>) -> Int {
            let bits = value.bitPattern
            let i = Int(truncatingIfNeeded: (bits &* 0x9E37_79B9_7F4A_7C15) >> 54)   // the top 10 bits
            let text = texts + i &* Self.width
            if keys[i] == bits {
                // The whole entry, as four words: no call to `memcpy` for a few bytes.
                for word in 0..<Self.width / 8 {
                    UnsafeMutableRawPointer(start).storeBytes(of: UnsafeRawPointer(text).loadUnaligned(fromByteOffset: word * 8, as: UInt64.self),
                                                              toByteOffset: word * 8, as: UInt64.self)
                }
                return Int(lengths[i])
            }
            let length = NumberFormatting.writeShortest(value, into: start)
            text.update(from: start, count: length)
            keys[i] = bits
            lengths[i] = UInt8(length)
            return length
        }
    }

    let entries: Entries

    public init() {
        let count = Entries.count, width = Entries.width
        entries = Entries(keys: .allocate(capacity: count), lengths: .allocate(capacity: count),
                          texts: .allocate(capacity: count * width))
        let texts = entries.texts
        texts.initialize(repeating: 0, count: count * width)
        // Every entry starts as 0.0 and its text: no entry is ever empty.
        let zero = NumberFormatting.writeShortest(0.0, into: texts)
        for i in 0..<count {
            entries.keys[i] = 0.0.bitPattern
            entries.lengths[i] = UInt8(zero)
            (texts + i * width).update(from: texts, count: width)
        }
    }

    deinit {
        entries.keys.deallocate()
        entries.lengths.deallocate()
        entries.texts.deallocate()
    }
}
