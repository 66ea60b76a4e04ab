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
    /// A blocked Bloom filter of the keys' ``filterHash(_:)``, at least one byte per slot (three bits of one word per key):
    /// a lookup of a key that is not there, nearly every lookup, reads one word of it and not the slot
    /// array, sixteen times larger. A million keys then cost little more per lookup than a few (the slots
    /// of a million keys no longer fit the caches).
    private var filter = FilterWords(minimumCount: 2)

    var isEmpty: Bool { keyRanges.isEmpty }

    /// ASCII `A`–`Z` to `a`–`z`; every other byte unchanged.
    @inline(__always) static func fold(_ byte: UInt8) -> UInt8 {
        byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
    }

    /// The first value whose key folds equal to `bytes`, or −1: the start of ``forEachValue(from:_:)``'s
    /// chain, for callers that look a key up once and walk its values many times.
    func firstValue(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        mayContain(bytes) ? firstValuePassingFilter(bytes) : -1
    }

    /// ``firstValue(_:)`` of a key that passed ``mayContain(_:)``: for callers that
    /// try many keys against the filter first.
    func firstValuePassingFilter(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        firstValue(of: bytes, hash: Self.hash(bytes)).value
    }

    /// False when no key folds equal to `bytes`; true when one may (the filter only).
    @inline(__always) func mayContain(_ bytes: UnsafeRawBufferPointer) -> Bool {
        !keyRanges.isEmpty && mayContain(filterHash: Self.filterHash(bytes))
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
        addToFilter(Self.filterHash(bytes))
        return true
    }

    /// The filter word of a ``filterHash(_:)`` (its high bits).
    @inline(__always) private func filterWord(_ hash: UInt64) -> Int {
        Int(truncatingIfNeeded: hash >> 40) & (filter.count - 1)
    }

    /// The three bits of a hash in its word.
    @inline(__always) private static func filterBits(_ hash: UInt64) -> UInt64 {
        (1 << (hash & 63)) | (1 << ((hash >> 6) & 63)) | (1 << ((hash >> 12) & 63))
    }

    /// False when no key has this ``filterHash(_:)``; true when one may. For callers that hash keys when
    /// they read them and try them against the filter later, many at once, so that the filter's misses overlap.
    @inline(__always) func mayContain(filterHash hash: UInt64) -> Bool {
        let bits = Self.filterBits(hash)
        return filter.words[filterWord(hash)] & bits == bits
    }

    private mutating func addToFilter(_ hash: UInt64) {
        if !isKnownUniquelyReferenced(&filter) { filter = filter.copy() }
        filter.words[filterWord(hash)] |= Self.filterBits(hash)
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
        for slot in old where slot.key != 0 {
            var i = Int(truncatingIfNeeded: slot.hash) & mask
            while slots[i].key != 0 { i = (i + 1) & mask }
            slots[i] = slot
        }
        filter = FilterWords(minimumCount: slots.count / 8)
        arena.withUnsafeBytes { arena in
            for range in keyRanges {
                addToFilter(Self.filterHash(UnsafeRawBufferPointer(rebasing: arena[Int(range.offset)..<Int(range.offset + range.length)])))
            }
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

    /// A 64-bit hash of the bytes with bit 0x20 set in each, sixteen at a time (one full-width multiply per
    /// sixteen bytes, in the manner of wyhash; a 42-byte address takes four): keys that fold equal (differ
    /// only in the case of ASCII letters, which is that bit) hash equal, without folding each word exactly
    /// (only ``equals(_:_:)`` does). Other bytes differing only in that bit merely collide.
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let k0: UInt64 = 0xA076_1D64_78BD_642F, k1: UInt64 = 0xE703_7ED1_A0B4_28DB, k2: UInt64 = 0x8EBC_6AF0_9C88_C6E3
        let n = bytes.count
        @inline(__always) func word(_ offset: Int) -> UInt64 { caseSetWord(bytes, offset) }
        var seed = k0 ^ UInt64(truncatingIfNeeded: n)
        let a: UInt64, b: UInt64
        if n >= 16 {   // whole sixteen-byte blocks, then the last sixteen bytes (overlapping the last block)
            var i = 0
            while n - i > 16 {
                seed = mix(word(i) ^ k1, word(i + 8) ^ seed)
                i += 16
            }
            (a, b) = (word(n - 16), word(n - 8))
        } else if n >= 8 {
            (a, b) = (word(0), word(n - 8))
        } else {
            var tail: UInt64 = 0
            for i in 0..<n { tail |= UInt64(bytes[i] | 0x20) << (8 * UInt64(i)) }
            (a, b) = (tail, 0)
        }
        return mix(mix(a ^ k1, b ^ seed) ^ k2, k0 ^ UInt64(truncatingIfNeeded: n))
    }

    /// The filter's hash: ``hash(_:)`` of keys shorter than sixteen bytes, else one multiply of their last
    /// sixteen bytes (an address's last sixteen hex digits are 64 random bits), so that a lookup the filter
    /// answers, nearly every one, does not hash the whole key. Keys that share their last sixteen bytes
    /// (folded) share filter bits and cost a look in the table; the table itself uses ``hash(_:)``.
    @inline(__always) static func filterHash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let n = bytes.count
        guard n >= 16 else { return hash(bytes) }
        return mix(caseSetWord(bytes, n - 16) ^ 0x5899_65CC_7537_4CC3,
                   caseSetWord(bytes, n - 8) ^ 0x1D8E_4E27_C47D_124F ^ UInt64(truncatingIfNeeded: n))
    }

    /// The eight bytes at `offset` with bit 0x20 set in each: what both hashes read, so that case does not count.
    @inline(__always) private static func caseSetWord(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
        bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self) | 0x2020_2020_2020_2020
    }

    /// The high and low halves of the 128-bit product, combined.
    @inline(__always) private static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return product.high ^ product.low
    }
}
