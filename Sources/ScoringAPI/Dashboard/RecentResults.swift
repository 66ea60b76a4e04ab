/// The last ``capacity`` results, newest first when read: a ring that overwrites the oldest.
public struct RecentResults<Element: Sendable>: Sendable {
    /// How many results are kept.
    public let capacity: Int
    private var items: [Element] = []
    private var next = 0

    public init(capacity: Int) {
        precondition(capacity >= 1, "keep at least one result")
        self.capacity = capacity
        items.reserveCapacity(capacity)
    }

    public mutating func append(_ item: Element) {
        if items.count < capacity {
            items.append(item)
        } else {
            items[next] = item
        }
        next = (next + 1) % capacity
    }

    /// The kept results, newest first.
    public var newestFirst: [Element] {
        guard items.count == capacity else { return items.reversed() }
        return (Array(items[next...]) + Array(items[..<next])).reversed()
    }
}
