/// A growable buffer of plain values for what one wallet collects and the next clears, cheaper to append to
/// than an `Array`: the check for room and the store are inlined at each call, where `Array.append` calls out
/// of line to make its storage unique and to check its capacity. A value type (copy on write): every change
/// first makes sure the storage is its own.
struct AppendBuffer<Element: BitwiseCopyable> {
    /// Memory for `capacity` elements; the buffer's first `count` of them are initialized.
    private final class Storage {
        let base: UnsafeMutablePointer<Element>
        let capacity: Int

        init(capacity: Int) {
            base = .allocate(capacity: capacity)
            self.capacity = capacity
        }

        deinit { base.deallocate() }
    }

    private var storage = Storage(capacity: 16)
    private(set) var count = 0

    var indices: Range<Int> { 0..<count }

    subscript(i: Int) -> Element {
        get {
            precondition(i >= 0 && i < count, "index out of range")
            return storage.base[i]
        }
        set {
            precondition(i >= 0 && i < count, "index out of range")
            makeUnique(capacity: storage.capacity)
            storage.base[i] = newValue
        }
    }

    @inline(__always) mutating func append(_ element: Element) {
        makeUnique(capacity: count == storage.capacity ? 2 * count : storage.capacity)
        (storage.base + count).initialize(to: element)
        count += 1
    }

    /// Keeps the first `newCount` elements.
    mutating func truncate(to newCount: Int) {
        precondition(newCount >= 0 && newCount <= count, "count out of range")
        count = newCount
    }

    /// Removes every element, keeping the memory.
    mutating func removeAll() {
        count = 0
    }

    /// Gives the buffer storage of its own with room for `capacity` elements (the elements kept).
    @inline(__always) private mutating func makeUnique(capacity: Int) {
        if capacity == storage.capacity && isKnownUniquelyReferenced(&storage) { return }
        let new = Storage(capacity: capacity)
        new.base.initialize(from: storage.base, count: count)
        storage = new
    }
}
