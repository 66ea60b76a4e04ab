/// A build-once hash table from byte strings, compared with ASCII letters folded to lower case,
/// to a chain of integer values: O(1) lookup without building a `String` per query.
///
/// Keys live in one byte arena (as written; folded while hashing and comparing), so a million 42-byte
/// addresses cost about 42 MB of keys plus 16 bytes per slot.
struct FoldedKeyTable: Sendable {
    private struct Slot: Sendable {
        var hash: UInt64 = 0
        /// Index into `keyRanges` plus one; 0 for an empty slot.
        var key: Int32 = 0
    }

    private var arena: [UInt8] = []
    /// Per key: its bytes in `arena` and the first value of its chain.
    private var keyRanges: [(offset: Int32, length: Int32)] = []
    private var chainHeads: [Int32] = []
    /// Per value: the next value with the same key, or −1.
    private var nextValue: [Int32] = []
    private var slots = [Slot](repeating: Slot(), count: 16)

    var isEmpty: Bool { keyRanges.isEmpty }

    /// ASCII `A`–`Z` to `a`–`z`; every other byte unchanged.
    @inline(__always) static func fold(_ byte: UInt8) -> UInt8 {
        byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
    }

    /// Calls `body` with each value whose key folds equal to `bytes`, in insertion order.
    @inline(__always)
    func forEachValue(_ bytes: UnsafeRawBufferPointer, _ body: (Int) -> Void) {
        guard !keyRanges.isEmpty else { return }
        var value = firstValue(of: bytes, hash: Self.hash(bytes)).value
        while value >= 0 {
            body(Int(value))
            value = nextValue[Int(value)]
        }
    }

    /// The first value of the key and its slot, or −1 and the free slot where the key would go.
    private func firstValue(of bytes: UnsafeRawBufferPointer, hash: UInt64) -> (value: Int32, slot: Int) {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: hash) & mask
        while slots[i].key != 0 {
            let key = Int(slots[i].key - 1)
            if slots[i].hash == hash && equals(key, bytes) { return (chainHeads[key], i) }
            i = (i + 1) & mask
        }
        return (-1, i)
    }

    /// Adds the next value (values are numbered 0, 1, … in insertion order) to the chain of `bytes`' key,
    /// unless `isDuplicate` is true for a value already there. Returns whether it was added.
    mutating func append(_ bytes: UnsafeRawBufferPointer, unless isDuplicate: (Int) -> Bool) -> Bool {
        if (keyRanges.count + 1) * 4 > slots.count * 3 { grow() }
        let hash = Self.hash(bytes)
        let (first, slot) = firstValue(of: bytes, hash: hash)
        let value = Int32(nextValue.count)
        if first >= 0 {
            var last = first
            while true {
                if isDuplicate(Int(last)) { return false }
                guard nextValue[Int(last)] >= 0 else { break }
                last = nextValue[Int(last)]
            }
            nextValue.append(-1)
            nextValue[Int(last)] = value
            return true
        }
        nextValue.append(-1)
        keyRanges.append((Int32(arena.count), Int32(bytes.count)))
        arena.append(contentsOf: bytes)
        chainHeads.append(value)
        slots[slot] = Slot(hash: hash, key: Int32(keyRanges.count))
        return true
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
