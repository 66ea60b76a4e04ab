/// How bad a risk-list entry is (RISK.md §3–§4), in increasing order.
public enum RiskSeverity: String, Sendable, Codable, CaseIterable, Comparable {
    case low, medium, high, severe

    /// `max_flag_severity`'s value: 1 for low … 4 for severe.
    public var level: Int {
        switch self {
        case .low: 1
        case .medium: 2
        case .high: 3
        case .severe: 4
        }
    }

    /// The weight in the risk score: 0.25, 0.5, 0.75, 1.0.
    public var weight: Double {
        switch self {
        case .low: 0.25
        case .medium: 0.5
        case .high: 0.75
        case .severe: 1.0
        }
    }

    public static func < (a: RiskSeverity, b: RiskSeverity) -> Bool { a.level < b.level }
}

/// What a risk-list entry is matched against.
public enum RiskListKind: String, Sendable, Codable, CaseIterable {
    /// The message's `wallet_address`: every transaction is exposed.
    case wallet
    /// A transaction's `poolId`: exposed for its whole USD amount.
    case pool
    /// The `address` of a token side: exposed for the matching sides' `amountUSD`, at most the transaction's USD.
    case token
}

/// One entry of a risk list (RISK.md §3).
public struct RiskListEntry: Sendable, Equatable, Codable {
    /// The list's name, e.g. `ofac-2026-11`.
    public var list: String
    public var kind: RiskListKind
    /// The address as written in the list; matched with ASCII letters folded to lower case.
    public var value: String
    public var severity: RiskSeverity
    /// Free text, e.g. `sanctions`.
    public var category: String

    public init(list: String, kind: RiskListKind, value: String, severity: RiskSeverity, category: String) {
        self.list = list
        self.kind = kind
        self.value = value
        self.severity = severity
        self.category = category
    }
}

/// Risk-list entries indexed for O(1) matching per transaction: one hash table per kind, keyed by the
/// folded value. Two entries with the same list, kind and folded value are one entry (the first wins).
public struct RiskLists: Sendable, Equatable {
    /// The entries after removing duplicates, in the order given.
    public let entries: [RiskListEntry]
    /// Entries dropped as duplicates of an earlier one.
    public let duplicatesDropped: Int
    let wallets: FoldedKeyTable
    let pools: FoldedKeyTable
    let tokens: FoldedKeyTable
    /// Per kind table, the entry index of each value.
    private let walletEntries: [Int32]
    private let poolEntries: [Int32]
    private let tokenEntries: [Int32]
    /// FNV-1a 64 of the entries' canonical text, for `parameters_id`.
    let digest: UInt64

    /// No entries.
    public static let empty = RiskLists(entries: [])

    public var isEmpty: Bool { entries.isEmpty }

    public init(entries given: [RiskListEntry]) {
        var kept: [RiskListEntry] = []
        kept.reserveCapacity(given.count)
        var tables = [FoldedKeyTable(), FoldedKeyTable(), FoldedKeyTable()]
        var indices: [[Int32]] = [[], [], []]
        var dropped = 0
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ text: String) {
            for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            hash = (hash ^ 0x1F) &* 0x0000_0100_0000_01B3   // a separator no field contains
        }
        for entry in given {
            let k = Self.tableIndex(entry.kind)
            var value = entry.value
            let added = value.withUTF8 { bytes in
                tables[k].append(UnsafeRawBufferPointer(bytes)) { kept[Int(indices[k][$0])].list.utf8.elementsEqual(entry.list.utf8) }
            }
            if !added { dropped += 1; continue }
            indices[k].append(Int32(kept.count))
            kept.append(entry)
            mix(entry.list); mix(entry.kind.rawValue); mix(entry.value); mix(entry.severity.rawValue); mix(entry.category)
        }
        entries = kept
        duplicatesDropped = dropped
        (wallets, pools, tokens) = (tables[0], tables[1], tables[2])
        (walletEntries, poolEntries, tokenEntries) = (indices[0], indices[1], indices[2])
        digest = hash
    }

    private static func tableIndex(_ kind: RiskListKind) -> Int {
        switch kind {
        case .wallet: 0
        case .pool: 1
        case .token: 2
        }
    }

    /// The first value of `kind`'s table matching `bytes`, or −1; ``forEachMatch(_:from:_:)`` walks its matches.
    @inline(__always) func firstMatch(_ kind: RiskListKind, _ bytes: UnsafeRawBufferPointer) -> Int32 {
        switch kind {
        case .wallet: wallets.firstValue(bytes)
        case .pool: pools.firstValue(bytes)
        case .token: tokens.firstValue(bytes)
        }
    }

    /// Calls `body` with the index in ``entries`` of every entry of `kind` from `first`, a ``firstMatch(_:_:)``.
    @inline(__always)
    func forEachMatch(_ kind: RiskListKind, from first: Int32, _ body: (Int) -> Void) {
        switch kind {
        case .wallet: wallets.forEachValue(from: first) { body(Int(walletEntries[$0])) }
        case .pool: pools.forEachValue(from: first) { body(Int(poolEntries[$0])) }
        case .token: tokens.forEachValue(from: first) { body(Int(tokenEntries[$0])) }
        }
    }

    /// False when no pool entry has this value; true when one may (the table's filter only).
    @inline(__always) func poolFilterMayContain(_ bytes: UnsafeRawBufferPointer) -> Bool {
        pools.mayContain(bytes)
    }

    /// The hash ``tokenFilterMayContain(_:)`` takes, of a token address.
    @inline(__always) static func tokenFilterHash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        FoldedKeyTable.filterHash(bytes)
    }

    /// False when no token entry has a value of this ``tokenFilterHash(_:)``; true when one may (the table's
    /// filter only). Requires ``hasTokens``.
    @inline(__always) func tokenFilterMayContain(_ hash: UInt64) -> Bool {
        tokens.mayContain(filterHash: hash)
    }

    /// ``firstMatch(_:_:)`` of a token address that passed ``tokenFilterMayContain(_:)``.
    func tokenMatchPassingFilter(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        tokens.firstValuePassingFilter(bytes)
    }

    var hasPools: Bool { !pools.isEmpty }
    var hasTokens: Bool { !tokens.isEmpty }

    public static func == (a: RiskLists, b: RiskLists) -> Bool {
        a.digest == b.digest && a.entries == b.entries
    }
}

/// A matched risk-list entry in a result (RISK.md §3).
public struct RiskFlag: Sendable, Equatable, Codable {
    public var list: String
    public var kind: RiskListKind
    /// The value as written in the list.
    public var value: String
    public var severity: RiskSeverity
    public var category: String
    /// How many of the wallet's transactions the entry exposes.
    public var transactions: Int
    /// The exposed USD.
    public var exposureUSD: Double
    /// `exposure_usd / U` (0 when U = 0; 1 for a wallet entry).
    public var exposureShare: Double

    public init(list: String, kind: RiskListKind, value: String, severity: RiskSeverity, category: String,
                transactions: Int, exposureUSD: Double, exposureShare: Double) {
        self.list = list
        self.kind = kind
        self.value = value
        self.severity = severity
        self.category = category
        self.transactions = transactions
        self.exposureUSD = exposureUSD
        self.exposureShare = exposureShare
    }

    enum CodingKeys: String, CodingKey {
        case list, kind, value, severity, category, transactions
        case exposureUSD = "exposure_usd", exposureShare = "exposure_share"
    }

    /// RISK.md §3's order: severity (severe first), then `exposure_usd` descending, then `list`, then
    /// `value` (UTF-8 bytes); entries that tie on all of these keep the lists' order.
    static func ordered(_ flags: [(entry: Int, flag: RiskFlag)]) -> [RiskFlag] {
        guard flags.count > 1 else { return flags.map(\.flag) }
        // Sorts positions, not the flags (five strings each), reading the flags in place.
        var order = Array(flags.indices)
        flags.withUnsafeBufferPointer { flags in
            order.sort { i, j in
                if flags[i].flag.severity != flags[j].flag.severity { return flags[i].flag.severity > flags[j].flag.severity }
                if flags[i].flag.exposureUSD != flags[j].flag.exposureUSD { return flags[i].flag.exposureUSD > flags[j].flag.exposureUSD }
                let (a, b) = (flags[i].flag, flags[j].flag)
                if !a.list.utf8.elementsEqual(b.list.utf8) { return a.list.utf8.lexicographicallyPrecedes(b.list.utf8) }
                if !a.value.utf8.elementsEqual(b.value.utf8) { return a.value.utf8.lexicographicallyPrecedes(b.value.utf8) }
                return flags[i].entry < flags[j].entry
            }
        }
        return order.map { flags[$0].flag }
    }
}
