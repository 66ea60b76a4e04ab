/// An immutable-after-build hash table from byte strings, compared with ASCII letters folded to lower case,
/// to a chain of integer values: O(1) lookup without building a `String` per query.
///
/// Keys live in one byte arena (as written; folded while hashing and comparing), so a million 42-byte
/// addresses cost about 42 MB of keys plus 16 bytes per slot.
struct FoldedKeyTable: Sendable {
    private struct Slot: Sendable {
        var hash: UInt64 = 0
        /// Index into `keys` plus one; 0 for an empty slot.
        var key: Int32 = 0
    }

    private var arena: [UInt8] = []
    /// Per key: its bytes in `arena` and the first value of its chain.
    private var keyRanges: [(offset: Int32, length: Int32)] = []
    private var firstValue: [Int32] = []
    /// Per value: the next value with the same key, or −1.
    private(set) var nextValue: [Int32] = []
    private var slots = [Slot](repeating: Slot(), count: 16)

    var isEmpty: Bool { keyRanges.isEmpty }

    /// ASCII `A`–`Z` to `a`–`z`; every other byte unchanged.
    @inline(__always) static func fold(_ byte: UInt8) -> UInt8 {
        byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
    }

    /// The values whose key folds equal to `bytes`, in insertion order.
    func values(_ bytes: UnsafeRawBufferPointer) -> ValueChain {
        guard !keyRanges.isEmpty else { return ValueChain(table: self, current: -1) }
        let hash = Self.hash(bytes)
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: hash) & mask
        while slots[i].key != 0 {
            let key = Int(slots[i].key - 1)
            if slots[i].hash == hash && equals(key, bytes) { return ValueChain(table: self, current: firstValue[key]) }
            i = (i + 1) & mask
        }
        return ValueChain(table: self, current: -1)
    }

    /// The values of a key, following ``nextValue``.
    struct ValueChain: Sequence, IteratorProtocol {
        let table: FoldedKeyTable
        var current: Int32

        mutating func next() -> Int? {
            guard current >= 0 else { return nil }
            defer { current = table.nextValue[Int(current)] }
            return Int(current)
        }
    }

    /// Appends `value` (which must be `nextValue.count`, values are numbered in insertion order) to the
    /// chain of `bytes`' key.
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        let value = Int32(nextValue.count)
        nextValue.append(-1)
        if (keyRanges.count + 1) * 4 > slots.count * 3 { grow() }
        let hash = Self.hash(bytes)
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: hash) & mask
        while slots[i].key != 0 {
            let key = Int(slots[i].key - 1)
            if slots[i].hash == hash && equals(key, bytes) {
                var last = firstValue[key]
                while nextValue[Int(last)] >= 0 { last = nextValue[Int(last)] }
                nextValue[Int(last)] = value
                return
            }
            i = (i + 1) & mask
        }
        keyRanges.append((Int32(arena.count), Int32(bytes.count)))
        arena.append(contentsOf: bytes)
        firstValue.append(value)
        slots[i] = Slot(hash: hash, key: Int32(keyRanges.count))
    }

    private func equals(_ key: Int, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let range = keyRanges[key]
        guard Int(range.length) == bytes.count else { return false }
        return arena.withUnsafeBufferPointer { stored in
            var i = 0, j = Int(range.offset)
            while i < bytes.count {
                if Self.fold(stored[j]) != Self.fold(bytes[i]) { return false }
                i += 1
                j += 1
            }
            return true
        }
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(), count: slots.count * 2)
        let mask = slots.count - 1
        for slot in old where slot.key != 0 {
            var i = Int(truncatingIfNeeded: slot.hash) & mask
            while slots[i].key != 0 { i = (i + 1) & mask }
            slots[i] = slot
        }
    }

    /// FNV-1a over the folded bytes, then a final mix.
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { h = (h ^ UInt64(fold(byte))) &* 0x0000_0100_0000_01B3 }
        h ^= h >> 32
        return h &* 0xD6E8_FEB8_6659_FD93 ^ (h >> 29)
    }
}
