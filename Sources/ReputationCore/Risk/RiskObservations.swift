/// What the risk layer needs from one wallet's de-duplicated transactions, collected in the same single
/// pass as the `dex-v1` features: timestamps, per-pool counts, the total USD and the risk-list exposure of
/// every pool and token entry. A wallet has many transactions over few pools, so each distinct pool is looked
/// up in the lists once per wallet (a lookup in a million entries misses the caches) and its transactions
/// reuse the answer, in input order; token addresses, which repeat less, are kept and looked up together
/// when the wallet ends, O(1) each: the lookups do not depend on one another, so their cache misses (a
/// million entries' filter does not stay in the caches) overlap instead of coming one after another.
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
    /// The wallet's token sides with an address, in input order, awaiting lookup (when the lists have tokens).
    private var pendingSides: [PendingSide] = []
    /// The current message's bytes (start and end), when addresses in them stay alive until the wallet ends.
    private var message: (start: UnsafeRawPointer, end: UnsafeRawPointer)?
    /// Copies of the pending addresses outside `message`, one after another.
    private var copiedAddresses: [UInt8] = []
    /// Per transaction (by its position among the wallet's de-duplicated transactions): its USD.
    private var transactionUSD: [Double] = []
    /// Positions in `pendingSides` that the lists' filter may hold.
    private var maybeListed: [Int32] = []

    /// A token side awaiting lookup.
    private struct PendingSide {
        /// The address in the message's bytes, or nil when it is in `copiedAddresses` at `copyOffset`.
        var address: UnsafeRawPointer?
        var copyOffset: Int32
        var count: Int32
        var transaction: Int32
        var amountUSD: Double
    }

    /// - Parameter lists: the risk lists to match; nil when no assessment is made.
    init(lists: RiskLists?) {
        self.lists = lists ?? .empty
        isEnabled = lists != nil
        hasPools = self.lists.hasPools
        hasTokens = self.lists.hasTokens
    }

    /// Starts a wallet; `message` as in ``DexAccumulator/reset(asOf:message:)``.
    mutating func reset(message: UnsafeRawBufferPointer?) {
        timestamps.removeAll(keepingCapacity: true)
        poolCounts.removeAll(keepingCapacity: true)
        if hasPools { poolMatches.removeAll(keepingCapacity: true) }
        busiestPoolCount = 0
        totalUSD = 0
        if !exposures.isEmpty { exposures.removeAll(keepingCapacity: true) }
        if hasTokens {
            pendingSides.removeAll(keepingCapacity: true)
            if !copiedAddresses.isEmpty { copiedAddresses.removeAll(keepingCapacity: true) }
            self.message = message?.baseAddress.map { ($0, $0 + message!.count) }
            transactionUSD.removeAll(keepingCapacity: true)
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

    /// Keeps the sides' addresses for ``matchTokens()``: a pointer to those in the message's bytes, a copy of others.
    private mutating func keepTokens(_ sides: (TokenSide, TokenSide, TokenSide, TokenSide), usd: Double) {
        let transaction = Int32(transactionUSD.count)
        transactionUSD.append(usd)
        keep(sides.0, transaction)
        keep(sides.1, transaction)
        keep(sides.2, transaction)
        keep(sides.3, transaction)
    }

    @inline(__always) private mutating func keep(_ side: TokenSide, _ transaction: Int32) {
        guard let address = side.address else { return }
        var pending = PendingSide(address: address.baseAddress, copyOffset: 0, count: Int32(address.count),
                                  transaction: transaction, amountUSD: side.amountUSD)
        let inMessage = if let message, let start = address.baseAddress {
            start >= message.start && start + address.count <= message.end
        } else {
            false
        }
        if !inMessage {
            pending.address = nil
            pending.copyOffset = Int32(copiedAddresses.count)
            copiedAddresses.append(contentsOf: address)
        }
        pendingSides.append(pending)
    }

    /// Matches the kept token sides, transaction by transaction in input order: each token entry matched by
    /// one or more sides of a transaction exposes min(usd, Σ matching sides' amountUSD). First every side is
    /// tried against the lists' filter, in one loop of independent reads; nearly none passes, and only those
    /// are looked up in full.
    private mutating func matchTokens() {
        guard !pendingSides.isEmpty else { return }
        maybeListed.removeAll(keepingCapacity: true)
        for i in pendingSides.indices where withAddress(of: pendingSides[i], lists.tokenFilterMayContain) {
            maybeListed.append(Int32(i))
        }
        var k = 0
        while k < maybeListed.count {
            let transaction = pendingSides[Int(maybeListed[k])].transaction
            if !transactionMatches.isEmpty { transactionMatches.removeAll(keepingCapacity: true) }
            while k < maybeListed.count, pendingSides[Int(maybeListed[k])].transaction == transaction {
                addMatches(ofSide: Int(maybeListed[k]))
                k += 1
            }
            let usd = transactionUSD[Int(transaction)]
            for match in transactionMatches { expose(match.entry, min(usd, match.usd)) }
        }
    }

    /// Calls `body` with a kept side's address.
    @inline(__always) private func withAddress<R>(of side: PendingSide, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        if let address = side.address { return body(UnsafeRawBufferPointer(start: address, count: Int(side.count))) }
        return copiedAddresses.withUnsafeBytes { copies in
            body(UnsafeRawBufferPointer(rebasing: copies[Int(side.copyOffset)..<Int(side.copyOffset + side.count)]))
        }
    }

    /// Adds the token entries matching one kept side to the transaction's matches.
    private mutating func addMatches(ofSide i: Int) {
        let side = pendingSides[i]
        let first = withAddress(of: side, lists.tokenMatchPassingFilter)
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
        if hasTokens { matchTokens() }
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
