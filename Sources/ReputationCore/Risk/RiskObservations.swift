/// What the risk layer needs from one wallet's de-duplicated transactions, collected in the same single
/// pass as the `dex-v1` features: timestamps, per-pool counts, the total USD and the risk-list exposure of
/// every pool and token entry. A wallet has many transactions over few pools, so each distinct pool is looked
/// up in the lists once per wallet (a lookup in a million entries misses the caches) and its transactions
/// reuse the answer, in input order. Each token address is tried against the lists' filter as it is read, O(1):
/// nearly every address fails it, and only a failed read of the filter word decides a branch that is
/// predicted, so the reader goes on while that word (a million entries' filter does not stay in the caches)
/// arrives. The few addresses that pass are copied and looked up in full when the wallet ends.
/// Keeps its buffers between wallets.
/// Collects nothing when no assessment is made (no lists given), so `dex-v1` alone pays one branch.
struct RiskObservations {
    /// Exposure of one list entry so far.
    struct Exposure {
        var transactions = 0
        var usd = 0.0
    }

    let lists: RiskLists
    /// False when no assessment is made: nothing is collected.
    let isEnabled: Bool
    private let hasPools: Bool
    /// True when the lists have token entries: only then are token addresses needed.
    let hasTokens: Bool
    private(set) var timestamps: [Int64] = []
    /// ``sort(_:scratch:)``'s buffer, kept between wallets.
    private var sortScratch: [Int64] = []
    /// Transactions per distinct `poolId`, by the pool's ordinal in the accumulator's pool set.
    private var poolCounts: [Int] = []
    /// Per distinct `poolId` (by ordinal, as `poolCounts`): the first pool-entry match, or −1 (when the lists have pools).
    private var poolMatches: [Int32] = []
    private(set) var busiestPoolCount = 0
    /// U: Σ usd over the transactions, in input order.
    private(set) var totalUSD = 0.0
    /// Pool and token entries matched so far, by entry index.
    private(set) var exposures: [Int: Exposure] = [:]
    /// Token entries matched by the current transaction and the sum of their sides' `amountUSD`.
    private var transactionMatches: [(entry: Int, usd: Double)] = []
    /// The wallet's token sides whose address passed the lists' filter, in input order, awaiting lookup.
    private var pendingSides: [PendingSide] = []
    /// The pending sides' addresses, one after another.
    private var pendingAddresses: [UInt8] = []

    /// A token side awaiting lookup.
    private struct PendingSide {
        /// Where its address is in `pendingAddresses`.
        var offset: Int32
        var count: Int32
        /// Its transaction's position among the wallet's de-duplicated transactions, and that transaction's USD.
        var transaction: Int32
        var transactionUSD: Double
        var amountUSD: Double
    }

    /// - Parameter lists: the risk lists to match; nil when no assessment is made.
    init(lists: RiskLists?) {
        self.lists = lists ?? .empty
        isEnabled = lists != nil
        hasPools = self.lists.hasPools
        hasTokens = self.lists.hasTokens
    }

    /// Starts a wallet.
    mutating func reset() {
        timestamps.removeAll(keepingCapacity: true)
        poolCounts.removeAll(keepingCapacity: true)
        if hasPools { poolMatches.removeAll(keepingCapacity: true) }
        busiestPoolCount = 0
        totalUSD = 0
        if !exposures.isEmpty { exposures.removeAll(keepingCapacity: true) }
        if !pendingSides.isEmpty {
            pendingSides.removeAll(keepingCapacity: true)
            pendingAddresses.removeAll(keepingCapacity: true)
        }
    }

    /// Adds one de-duplicated transaction (only when ``isEnabled``). `poolOrdinal` numbers distinct pools
    /// from 0 in first-seen order.
    mutating func add(timestamp: Int64, action: DexAction, pool: UnsafeRawBufferPointer?, poolOrdinal: Int?,
                      sides: (TokenSide, TokenSide, TokenSide, TokenSide)) {
        timestamps.append(timestamp)
        if let poolOrdinal {
            if poolOrdinal == poolCounts.count { poolCounts.append(0) }
            poolCounts[poolOrdinal] += 1
            busiestPoolCount = max(busiestPoolCount, poolCounts[poolOrdinal])
        }
        let usd: Double
        switch action {
        case .swap: usd = max(sides.0.amountUSD, sides.1.amountUSD)
        case .deposit, .withdraw: usd = sides.2.amountUSD + sides.3.amountUSD
        case .other: usd = 0
        }
        totalUSD += usd
        if hasPools, let pool, let poolOrdinal {
            if poolOrdinal == poolMatches.count { poolMatches.append(lists.firstMatch(.pool, pool)) }
            let first = poolMatches[poolOrdinal]
            if first >= 0 { lists.forEachMatch(.pool, from: first) { entry in expose(entry, usd) } }
        }
        if hasTokens {
            keepTokens(sides, usd: usd)
        }
    }

    private mutating func expose(_ entry: Int, _ usd: Double) {
        exposures[entry, default: Exposure()].transactions += 1
        exposures[entry, default: Exposure()].usd += usd
    }

    /// Keeps the sides whose address passes the lists' filter for ``matchTokens()``.
    private mutating func keepTokens(_ sides: (TokenSide, TokenSide, TokenSide, TokenSide), usd: Double) {
        let transaction = Int32(timestamps.count - 1)
        keep(sides.0, transaction, usd)
        keep(sides.1, transaction, usd)
        keep(sides.2, transaction, usd)
        keep(sides.3, transaction, usd)
    }

    @inline(__always) private mutating func keep(_ side: TokenSide, _ transaction: Int32, _ usd: Double) {
        guard let address = side.address, lists.tokenFilterMayContain(address) else { return }
        pendingSides.append(PendingSide(offset: Int32(pendingAddresses.count), count: Int32(address.count),
                                        transaction: transaction, transactionUSD: usd, amountUSD: side.amountUSD))
        pendingAddresses.append(contentsOf: address)
    }

    /// Matches the kept token sides, transaction by transaction in input order: each token entry matched by
    /// one or more sides of a transaction exposes min(usd, Σ matching sides' amountUSD).
    private mutating func matchTokens() {
        var k = 0
        while k < pendingSides.count {
            let transaction = pendingSides[k].transaction, usd = pendingSides[k].transactionUSD
            if !transactionMatches.isEmpty { transactionMatches.removeAll(keepingCapacity: true) }
            while k < pendingSides.count, pendingSides[k].transaction == transaction {
                addMatches(ofSide: k)
                k += 1
            }
            for match in transactionMatches { expose(match.entry, min(usd, match.usd)) }
        }
    }

    /// Adds the token entries matching one kept side to the transaction's matches.
    private mutating func addMatches(ofSide i: Int) {
        let side = pendingSides[i]
        let first = pendingAddresses.withUnsafeBytes { addresses in
            lists.tokenMatchPassingFilter(UnsafeRawBufferPointer(rebasing: addresses[Int(side.offset)..<Int(side.offset + side.count)]))
        }
        guard first >= 0 else { return }
        lists.forEachMatch(.token, from: first) { entry in
            if let i = transactionMatches.firstIndex(where: { $0.entry == entry }) {
                transactionMatches[i].usd += side.amountUSD
            } else {
                transactionMatches.append((entry, side.amountUSD))
            }
        }
    }

    /// The flags of the wallet: its pool and token matches, plus every wallet entry matching its address.
    mutating func flags(walletAddress: String) -> [RiskFlag] {
        guard !lists.isEmpty else { return [] }
        matchTokens()
        var found: [(entry: Int, flag: RiskFlag)] = []
        let n = timestamps.count
        var address = walletAddress
        address.withUTF8 { bytes in
            lists.forEachMatch(.wallet, UnsafeRawBufferPointer(bytes)) { entry in
                found.append((entry, flag(entry, transactions: n, usd: totalUSD, share: 1)))
            }
        }
        for (entry, exposure) in exposures {
            found.append((entry, flag(entry, transactions: exposure.transactions, usd: exposure.usd,
                                      share: totalUSD == 0 ? 0 : exposure.usd / totalUSD)))
        }
        return RiskFlag.ordered(found)
    }

    private func flag(_ entry: Int, transactions: Int, usd: Double, share: Double) -> RiskFlag {
        let e = lists.entries[entry]
        return RiskFlag(list: e.list, kind: e.kind, value: e.value, severity: e.severity, category: e.category,
                        transactions: transactions, exposureUSD: usd, exposureShare: share)
    }

    /// The behaviour features; sorts the timestamps (once per wallet).
    mutating func behaviour(swaps: Int, asOf: Int64) -> BehaviourFeatures {
        Self.sort(&timestamps, scratch: &sortScratch)
        return BehaviourFeatures.compute(sortedTimestamps: timestamps, busiestPoolCount: busiestPoolCount,
                                         swaps: swaps, asOf: asOf)
    }

    /// Sorts ascending without allocating per wallet (the standard library's sort is a merge sort that allocates
    /// a buffer per call): insertion sort for the few timestamps most wallets have; beyond 64, one pass when
    /// they are already in order (as many sources send them), else a least-significant-byte-first radix sort
    /// of their distance from the earliest, one pass per byte of the span (five for any valid timestamps),
    /// through `scratch`, which the caller keeps.
    static func sort(_ t: inout [Int64], scratch: inout [Int64]) {
        let n = t.count
        guard n > 64 else { return t.withUnsafeMutableBufferPointer(insertionSort) }
        // One pass: whether they are in order already, and their span.
        var low = t[0], high = t[0], inOrder = true
        for i in 1..<n {
            inOrder = inOrder && t[i - 1] <= t[i]
            low = min(low, t[i])
            high = max(high, t[i])
        }
        if inOrder { return }
        if scratch.count < n { scratch = [Int64](repeating: 0, count: n) }
        let span = UInt64(bitPattern: high &- low)
        let passes = (64 - span.leadingZeroBitCount + 7) / 8
        t.withUnsafeMutableBufferPointer { t in
            scratch.withUnsafeMutableBufferPointer { scratch in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: 256) { count in
                    var from = t.baseAddress!, to = scratch.baseAddress!
                    for pass in 0..<passes {
                        let shift = UInt64(8 * pass)
                        @inline(__always) func digit(_ value: Int64) -> Int {
                            Int(truncatingIfNeeded: (UInt64(bitPattern: value &- low) >> shift) & 0xFF)
                        }
                        count.initialize(repeating: 0)
                        for i in 0..<n { count[digit(from[i])] += 1 }
                        var start = 0
                        for d in 0..<256 { (start, count[d]) = (start + count[d], start) }
                        for i in 0..<n {
                            let d = digit(from[i])
                            to[count[d]] = from[i]
                            count[d] += 1
                        }
                        swap(&from, &to)
                    }
                    if from != t.baseAddress! { t.baseAddress!.update(from: from, count: n) }
                }
            }
        }
    }

    private static func insertionSort(_ t: inout UnsafeMutableBufferPointer<Int64>) {
        for i in t.indices.dropFirst() {
            let value = t[i]
            var j = i
            while j > 0 && t[j - 1] > value {
                t[j] = t[j - 1]
                j -= 1
            }
            t[j] = value
        }
    }
}
