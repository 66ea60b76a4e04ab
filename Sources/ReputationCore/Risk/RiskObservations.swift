/// What the risk layer needs from one wallet's de-duplicated transactions, collected in the same single
/// pass as the `dex-v1` features: timestamps, per-pool counts, the total USD and the risk-list exposure of
/// every pool and token entry. A wallet has many transactions over few pools, so each distinct pool is looked
/// up in the lists once per wallet (a lookup in a million entries misses the caches) and its transactions
/// reuse the answer, in input order; token addresses, which repeat less, are looked up per side (O(1) each).
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

    /// - Parameter lists: the risk lists to match; nil when no assessment is made.
    init(lists: RiskLists?) {
        self.lists = lists ?? .empty
        isEnabled = lists != nil
        hasPools = self.lists.hasPools
        hasTokens = self.lists.hasTokens
    }

    mutating func reset() {
        timestamps.removeAll(keepingCapacity: true)
        poolCounts.removeAll(keepingCapacity: true)
        if hasPools { poolMatches.removeAll(keepingCapacity: true) }
        busiestPoolCount = 0
        totalUSD = 0
        if !exposures.isEmpty { exposures.removeAll(keepingCapacity: true) }
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
            matchTokens(sides, usd: usd)
        }
    }

    private mutating func expose(_ entry: Int, _ usd: Double) {
        exposures[entry, default: Exposure()].transactions += 1
        exposures[entry, default: Exposure()].usd += usd
    }

    /// Each token entry matched by one or more sides exposes min(usd, Σ matching sides' amountUSD).
    private mutating func matchTokens(_ sides: (TokenSide, TokenSide, TokenSide, TokenSide), usd: Double) {
        if !transactionMatches.isEmpty { transactionMatches.removeAll(keepingCapacity: true) }
        matchSide(sides.0)
        matchSide(sides.1)
        matchSide(sides.2)
        matchSide(sides.3)
        for match in transactionMatches { expose(match.entry, min(usd, match.usd)) }
    }

    private mutating func matchSide(_ side: TokenSide) {
        guard let address = side.address else { return }
        lists.forEachMatch(.token, address) { entry in
            if let i = transactionMatches.firstIndex(where: { $0.entry == entry }) {
                transactionMatches[i].usd += side.amountUSD
            } else {
                transactionMatches.append((entry, side.amountUSD))
            }
        }
    }

    /// The flags of the wallet: its pool and token matches, plus every wallet entry matching its address.
    func flags(walletAddress: String) -> [RiskFlag] {
        guard !lists.isEmpty else { return [] }
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
        return found.count < 2 ? found.map(\.flag) : RiskFlag.ordered(found)
    }

    private func flag(_ entry: Int, transactions: Int, usd: Double, share: Double) -> RiskFlag {
        let e = lists.entries[entry]
        return RiskFlag(list: e.list, kind: e.kind, value: e.value, severity: e.severity, category: e.category,
                        transactions: transactions, exposureUSD: usd, exposureShare: share)
    }

    /// The behaviour features; sorts the timestamps (once per wallet).
    mutating func behaviour(swaps: Int, asOf: Int64) -> BehaviourFeatures {
        Self.sort(&timestamps)
        return BehaviourFeatures.compute(sortedTimestamps: timestamps, busiestPoolCount: busiestPoolCount,
                                         swaps: swaps, asOf: asOf)
    }

    /// Sorts ascending without allocating: insertion sort for the few timestamps most wallets have (the
    /// standard library's sort is a merge sort that allocates a buffer), `sort()` beyond that.
    static func sort(_ t: inout [Int64]) {
        guard t.count <= 64 else { return t.sort() }
        t.withUnsafeMutableBufferPointer { t in
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
}
