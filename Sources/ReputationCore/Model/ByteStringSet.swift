/// A set of byte strings (exact UTF-8 bytes) that keeps its memory between uses: `removeAll` is O(1),
/// so scoring many wallets with one accumulator allocates only while the largest wallet grows it.
struct ByteStringSet {
    private struct Slot {
        var hash: UInt64 = 0
        var offset: Int32 = 0
        var length: Int32 = 0
        var generation: UInt32 = 0
        /// The insertion order of the bytes: 0 for the first distinct string since ``removeAll()``.
        var ordinal: Int32 = 0
    }

    private var arena: [UInt8] = []
    private var slots = [Slot](repeating: Slot(), count: 16)
    private var generation: UInt32 = 1
    private(set) var count = 0

    mutating func removeAll() {
        arena.removeAll(keepingCapacity: true)
        count = 0
        generation &+= 1
        if generation == 0 {   // wrapped: clear the stale marks once
            for i in slots.indices { slots[i].generation = 0 }
            generation = 1
        }
    }

    /// Inserts the bytes; true if they were not in the set.
    @discardableResult
    mutating func insert(_ bytes: UnsafeRawBufferPointer) -> Bool {
        insertOrdinal(bytes).inserted
    }

    /// Inserts the bytes; returns whether they were new and their ordinal (0, 1, … in first-insertion order).
    @discardableResult
    mutating func insertOrdinal(_ bytes: UnsafeRawBufferPointer) -> (inserted: Bool, ordinal: Int) {
        if (count + 1) * 4 > slots.count * 3 { grow() }
        let hash = Self.hash(bytes)
        let (i, found) = find(bytes, hash: hash)
        if found { return (false, Int(slots[i].ordinal)) }
        let offset = arena.count
        arena.append(contentsOf: bytes)
        slots[i] = Slot(hash: hash, offset: Int32(offset), length: Int32(bytes.count), generation: generation,
                        ordinal: Int32(count))
        count += 1
        return (true, count - 1)
    }

    func contains(_ bytes: UnsafeRawBufferPointer) -> Bool {
        find(bytes, hash: Self.hash(bytes)).found
    }

    /// The slot holding the bytes, or the free slot where they would go (linear probing).
    private func find(_ bytes: UnsafeRawBufferPointer, hash: UInt64) -> (slot: Int, found: Bool) {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: hash) & mask
        while slots[i].generation == generation {
            if slots[i].hash == hash && equals(slots[i], bytes) { return (i, true) }
            i = (i + 1) & mask
        }
        return (i, false)
    }

    private func equals(_ slot: Slot, _ bytes: UnsafeRawBufferPointer) -> Bool {
        guard Int(slot.length) == bytes.count else { return false }
        return arena.withUnsafeBytes { stored in
            bytes.count == 0 || memcmp(stored.baseAddress! + Int(slot.offset), bytes.baseAddress!, bytes.count) == 0
        }
    }

    private mutating func grow() {
        let old = slots.filter { $0.generation == generation }
        slots = [Slot](repeating: Slot(), count: slots.count * 2)
        let mask = slots.count - 1
        for slot in old {
            var i = Int(truncatingIfNeeded: slot.hash) & mask
            while slots[i].generation == generation { i = (i + 1) & mask }
            slots[i] = slot
        }
    }

    /// A fast 64-bit hash, eight bytes at a time.
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var i = 0
        let n = bytes.count
        while i + 8 <= n {
            h = (h ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 29
            i += 8
        }
        if i < n {
            var tail: UInt64 = 0
            if n >= 8 {   // the last eight bytes, some hashed already: one load instead of a loop
                tail = bytes.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
            } else {
                var shift: UInt64 = 0
                while i < n { tail |= UInt64(bytes[i]) << shift; shift += 8; i += 1 }
            }
            h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        }
        h ^= h >> 32
        return h &* 0xD6E8_FEB8_6659_FD93 ^ (h >> 31)
    }
}

import Foundation
