/// What the risk layer needs from one wallet's de-duplicated transactions, collected in the same single
/// pass as the `dex-v1` features: timestamps, per-pool counts, the total USD and the risk-list exposure of
/// every pool and token entry. The lists are matched when the wallet ends, O(1) per distinct pool, token
/// side and the wallet's address, their filter reads in loops of their own: a million entries' filter does
/// not stay in the caches, and a read of it that waits for memory holds up everything after it, but the
/// reads of one loop wait together. Nearly every value fails the filter; the few that pass are looked up in
/// full, and a matching pool's transactions are then gone through again in input order.
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
    /// Per distinct `poolId` (by ordinal, as `poolCounts`): its bytes (when the lists have pools).
    private var poolValues = AppendBuffer<UnsafeRawBufferPointer>()
    /// Per transaction, in input order: its pool (when the lists have pools).
    private var transactionPools = AppendBuffer<TransactionPool>()
    private(set) var busiestPoolCount = 0
    /// U: Σ usd over the transactions, in input order.
    private(set) var totalUSD = 0.0
    /// Pool and token entries matched so far, by entry index.
    private(set) var exposures: [Int: Exposure] = [:]
    /// Token entries matched by the current transaction and the sum of their sides' `amountUSD`.
    private var transactionMatches: [(entry: Int, usd: Double)] = []
    /// The wallet's token sides with an address, in input order, awaiting lookup (when the lists have tokens).
    private var pendingSides = AppendBuffer<PendingSide>()

    /// A transaction's pool and USD.
    private struct TransactionPool {
        /// The pool's ordinal, or −1 for none.
        var ordinal: Int32
        var usd: Double
    }

    /// A token side awaiting lookup.
    private struct PendingSide {
        /// Its address, in the caller's bytes (see ``add(timestamp:action:pool:poolOrdinal:sides:)``).
        var address: UnsafeRawBufferPointer
        /// ``RiskLists/tokenFilterHash(_:)`` of the address.
        var filterHash: UInt64
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
        if hasPools {
            poolValues.removeAll()
            transactionPools.removeAll()
        }
        busiestPoolCount = 0
        totalUSD = 0
        if !exposures.isEmpty { exposures.removeAll(keepingCapacity: true) }
        pendingSides.removeAll()
    }

    /// Adds one de-duplicated transaction (only when ``isEnabled``). `poolOrdinal` numbers distinct pools
    /// from 0 in first-seen order. The pool's and sides' bytes must stay readable until ``flags(walletAddress:)``.
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
        if hasPools {
            if let pool, let poolOrdinal, poolOrdinal == poolValues.count { poolValues.append(pool) }
            transactionPools.append(TransactionPool(ordinal: Int32(truncatingIfNeeded: poolOrdinal ?? -1), usd: usd))
        }
        if hasTokens {
            keepTokens(sides, usd: usd)
        }
    }

    private mutating func expose(_ entry: Int, _ usd: Double) {
        exposures[entry, default: Exposure()].transactions += 1
        exposures[entry, default: Exposure()].usd += usd
    }

    /// Matches the distinct pools: each pool entry exposes its transactions' USD, in input order.
    private mutating func matchPools() {
        // The filter for every pool, without stopping at the first that passes (so that its reads wait together).
        var passed = false
        for i in poolValues.indices where lists.poolFilterMayContain(poolValues[i]) { passed = true }
        guard passed else { return }
        let firsts = poolValues.indices.map { lists.firstMatch(.pool, poolValues[$0]) }
        guard firsts.contains(where: { $0 >= 0 }) else { return }
        for i in transactionPools.indices {
            let pool = transactionPools[i]
            guard pool.ordinal >= 0, firsts[Int(pool.ordinal)] >= 0 else { continue }
            lists.forEachMatch(.pool, from: firsts[Int(pool.ordinal)]) { entry in expose(entry, pool.usd) }
        }
    }

    /// Keeps the sides with an address for ``matchTokens()``.
    private mutating func keepTokens(_ sides: (TokenSide, TokenSide, TokenSide, TokenSide), usd: Double) {
        let transaction = Int32(timestamps.count - 1)
        keep(sides.0, transaction, usd)
        keep(sides.1, transaction, usd)
        keep(sides.2, transaction, usd)
        keep(sides.3, transaction, usd)
    }

    @inline(__always) private mutating func keep(_ side: TokenSide, _ transaction: Int32, _ usd: Double) {
        guard let address = side.address else { return }
        pendingSides.append(PendingSide(address: address, filterHash: RiskLists.tokenFilterHash(address),
                                        transaction: transaction, transactionUSD: usd, amountUSD: side.amountUSD))
    }

    /// Matches the kept token sides, transaction by transaction in input order: each token entry matched by
    /// one or more sides of a transaction exposes min(usd, Σ matching sides' amountUSD).
    private mutating func matchTokens() {
        // First the filter, for every side in one loop (its reads independent of each other), keeping those
        // that pass in place.
        var passing = 0
        for i in pendingSides.indices where lists.tokenFilterMayContain(pendingSides[i].filterHash) {
            pendingSides[passing] = pendingSides[i]
            passing += 1
        }
        pendingSides.truncate(to: passing)
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
        let first = lists.tokenMatchPassingFilter(side.address)
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
        var address = walletAddress
        let walletFirst = address.withUTF8 { lists.firstMatch(.wallet, UnsafeRawBufferPointer($0)) }
        matchPools()
        matchTokens()
        var found: [(entry: Int, flag: RiskFlag)] = []
        let n = timestamps.count
        lists.forEachMatch(.wallet, from: walletFirst) { entry in
            found.append((entry, flag(entry, transactions: n, usd: totalUSD, share: 1)))
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
