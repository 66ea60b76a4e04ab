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
    /// A blocked Bloom filter of the keys' hashes, one byte per slot (three bits of one word per key):
    /// a lookup of a key that is not there, nearly every lookup, reads one word of it and not the slot
    /// array, sixteen times larger. A million keys then cost little more per lookup than a few (the slots
    /// of a million keys no longer fit the caches).
    private var filter = [UInt64](repeating: 0, count: 2)

    var isEmpty: Bool { keyRanges.isEmpty }

    /// ASCII `A`–`Z` to `a`–`z`; every other byte unchanged.
    @inline(__always) static func fold(_ byte: UInt8) -> UInt8 {
        byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
    }

    /// Calls `body` with each value whose key folds equal to `bytes`, in insertion order.
    @inline(__always)
    func forEachValue(_ bytes: UnsafeRawBufferPointer, _ body: (Int) -> Void) {
        forEachValue(from: firstValue(bytes), body)
    }

    /// The first value whose key folds equal to `bytes`, or −1: the start of ``forEachValue(from:_:)``'s
    /// chain, for callers that look a key up once and walk its values many times.
    func firstValue(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        guard !keyRanges.isEmpty else { return -1 }
        let hash = Self.hash(bytes)
        guard mayContain(hash) else { return -1 }
        return firstValue(of: bytes, hash: hash).value
    }

    /// Calls `body` with `first` and the values after it in its key's chain (nothing when `first` is −1).
    @inline(__always)
    func forEachValue(from first: Int32, _ body: (Int) -> Void) {
        var value = first
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
        addToFilter(hash)
        return true
    }

    /// The filter word of a hash (its high bits; the slot index uses the low ones).
    @inline(__always) private func filterWord(_ hash: UInt64) -> Int {
        Int(truncatingIfNeeded: hash >> 40) & (filter.count - 1)
    }

    /// The three bits of a hash in its word.
    @inline(__always) private static func filterBits(_ hash: UInt64) -> UInt64 {
        (1 << (hash & 63)) | (1 << ((hash >> 6) & 63)) | (1 << ((hash >> 12) & 63))
    }

    /// False when no key has this hash; true when one may.
    @inline(__always) private func mayContain(_ hash: UInt64) -> Bool {
        let bits = Self.filterBits(hash)
        return filter[filterWord(hash)] & bits == bits
    }

    private mutating func addToFilter(_ hash: UInt64) {
        filter[filterWord(hash)] |= Self.filterBits(hash)
    }

    private func equals(_ key: Int, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let range = keyRanges[key]
        let n = bytes.count
        guard Int(range.length) == n else { return false }
        return arena.withUnsafeBytes { arena in
            let stored = arena.baseAddress! + Int(range.offset)
            var i = 0
            while i + 8 <= n {
                if Self.fold(word: stored.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                    != Self.fold(word: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) { return false }
                i += 8
            }
            while i < n {
                if Self.fold(stored.load(fromByteOffset: i, as: UInt8.self)) != Self.fold(bytes[i]) { return false }
                i += 1
            }
            return true
        }
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(), count: slots.count * 2)
        let mask = slots.count - 1
        filter = [UInt64](repeating: 0, count: slots.count / 8)
        for slot in old where slot.key != 0 {
            var i = Int(truncatingIfNeeded: slot.hash) & mask
            while slots[i].key != 0 { i = (i + 1) & mask }
            slots[i] = slot
            addToFilter(slot.hash)
        }
    }

    /// ``fold(_:)`` of eight bytes at once: bytes 0x41–0x5A get bit 0x20, others (non-ASCII too) stay.
    @inline(__always) static func fold(word w: UInt64) -> UInt64 {
        let high: UInt64 = 0x8080_8080_8080_8080, ones: UInt64 = 0x0101_0101_0101_0101
        let ascii = w & ~high   // each byte < 0x80: the additions below never carry into the next byte
        let atLeastA = ascii &+ ones &* (0x80 - 0x41), aboveZ = ascii &+ ones &* (0x80 - 0x5B)
        let upper = atLeastA & ~aboveZ & ~w & high
        return w | (upper >> 2)
    }

    /// A 64-bit hash of the bytes with bit 0x20 set in each, eight at a time: keys that fold equal (differ
    /// only in the case of ASCII letters, which is that bit) hash equal, without folding each word exactly
    /// (only ``equals(_:_:)`` does). Other bytes differing only in that bit merely collide.
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let caseBits: UInt64 = 0x2020_2020_2020_2020
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var i = 0
        let n = bytes.count
        while i + 8 <= n {
            h = (h ^ (bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self) | caseBits)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 29
            i += 8
        }
        if i < n {
            var tail: UInt64 = 0
            if n >= 8 {   // the last eight bytes, some hashed already: one load instead of a loop
                tail = bytes.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) | caseBits
            } else {
                var shift: UInt64 = 0
                while i < n { tail |= UInt64(bytes[i] | 0x20) << shift; shift += 8; i += 1 }
            }
            h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        }
        h ^= h >> 32
        return h &* 0xD6E8_FEB8_6659_FD93 ^ (h >> 31)
    }
}
