/// The dex action of a transaction: `swap`, `deposit`, `withdraw`, or another (compared exactly).
enum DexAction {
    case swap, deposit, withdraw, other

    init(utf8 bytes: UnsafeRawBufferPointer) {
        switch bytes.count {
        case 4 where Self.equal(bytes, "swap"): self = .swap
        case 7 where Self.equal(bytes, "deposit"): self = .deposit
        case 8 where Self.equal(bytes, "withdraw"): self = .withdraw
        default: self = .other
        }
    }

    private static func equal(_ bytes: UnsafeRawBufferPointer, _ word: StaticString) -> Bool {
        memcmp(bytes.baseAddress!, word.utf8Start, word.utf8CodeUnitCount) == 0
    }
}

/// One token side as the model reads it: its USD amount, symbol bytes and address bytes (risk lists).
struct TokenSide {
    var amountUSD: Double = 0
    var symbol: UnsafeRawBufferPointer?
    var address: UnsafeRawBufferPointer?
}

/// Folds a wallet's dexes transactions, in input order, into the features of MODEL.md §3.
///
/// Both readers (the one-pass byte scanner and the Codable path) feed it the same values in the same
/// order, so they produce the same doubles. It keeps its buffers between wallets (``reset(asOf:)``).
struct DexAccumulator {
    private let parameters: ScoringParameters
    private var stableTokens = ByteStringSet()

    private var documentIDs = ByteStringSet()
    private var pools = ByteStringSet()
    private var swapPools = ByteStringSet()
    private var swapSymbols = ByteStringSet()
    private var stableSymbols = 0

    private(set) var asOf: Int64 = 0
    private(set) var transactionCount = 0
    private var firstTimestamp = Int64.max
    private var lastTimestamp = Int64.min
    private var depositTimestamps: [Int64] = []
    private var withdrawTimestamps: [Int64] = []
    private var totalDepositUSD = 0.0
    private var totalWithdrawUSD = 0.0
    private var numSwaps = 0
    private var totalSwapVolume = 0.0
    private var firstSwap = Int64.max
    private var lastSwap = Int64.min
    /// What the risk layer needs (RISK.md §1, §3), collected in the same pass.
    private var risk: RiskObservations

    /// - Parameter riskLists: the lists to match when risk is assessed; nil collects nothing for risk.
    init(parameters: ScoringParameters, riskLists: RiskLists? = nil) {
        self.parameters = parameters
        risk = RiskObservations(lists: riskLists)
        for symbol in parameters.stableTokens {
            var symbol = symbol
            _ = symbol.withUTF8 { stableTokens.insert(UnsafeRawBufferPointer($0)) }
        }
    }

    /// Starts a wallet.
    mutating func reset(asOf: Int64) {
        self.asOf = asOf
        documentIDs.removeAll()
        pools.removeAll()
        swapPools.removeAll()
        swapSymbols.removeAll()
        stableSymbols = 0
        transactionCount = 0
        firstTimestamp = .max
        lastTimestamp = .min
        depositTimestamps.removeAll(keepingCapacity: true)
        withdrawTimestamps.removeAll(keepingCapacity: true)
        totalDepositUSD = 0
        totalWithdrawUSD = 0
        numSwaps = 0
        totalSwapVolume = 0
        firstSwap = .max
        lastSwap = .min
        risk.reset()
    }

    /// Adds one valid transaction. A `document_id` seen before in this wallet is ignored (first wins).
    /// `sides` are tokenIn, tokenOut, token0, token1; their addresses must stay readable until
    /// ``riskFlags(walletAddress:)`` (the risk layer matches them when the wallet ends).
    mutating func add(documentID: UnsafeRawBufferPointer, action: DexAction, timestamp: Int64,
                      pool: UnsafeRawBufferPointer?, sides: (TokenSide, TokenSide, TokenSide, TokenSide)) {
        guard documentIDs.insert(documentID) else { return }
        transactionCount += 1
        firstTimestamp = min(firstTimestamp, timestamp)
        lastTimestamp = max(lastTimestamp, timestamp)
        let poolOrdinal = pool.map { pools.insertOrdinal($0).ordinal }
        if risk.isEnabled {
            risk.add(timestamp: timestamp, action: action, pool: pool, poolOrdinal: poolOrdinal, sides: sides)
        }
        switch action {
        case .swap:
            numSwaps += 1
            totalSwapVolume += max(sides.0.amountUSD, sides.1.amountUSD)
            firstSwap = min(firstSwap, timestamp)
            lastSwap = max(lastSwap, timestamp)
            if let pool { swapPools.insert(pool) }
            addSwapSymbol(sides.0.symbol)
            addSwapSymbol(sides.1.symbol)
        case .deposit:
            depositTimestamps.append(timestamp)
            totalDepositUSD += sides.2.amountUSD + sides.3.amountUSD
        case .withdraw:
            withdrawTimestamps.append(timestamp)
            totalWithdrawUSD += sides.2.amountUSD + sides.3.amountUSD
        case .other:
            break
        }
    }

    private mutating func addSwapSymbol(_ symbol: UnsafeRawBufferPointer?) {
        if let symbol, swapSymbols.insert(symbol), stableTokens.contains(symbol) { stableSymbols += 1 }
    }

    /// The features of the transactions added since the last reset (at least one).
    mutating func features() -> DexFeatures {
        let numDeposits = depositTimestamps.count
        let numWithdraws = withdrawTimestamps.count
        withdrawTimestamps.sort()
        var holdDays = 0.0
        for deposit in depositTimestamps {
            let hold: Int64
            if let withdraw = firstWithdraw(after: deposit) {
                hold = withdraw - deposit
            } else {
                hold = max(0, asOf - deposit)
            }
            holdDays += Double(hold) / 86400
        }
        return DexFeatures(
            transactionCount: transactionCount,
            totalDepositUSD: totalDepositUSD,
            totalWithdrawUSD: totalWithdrawUSD,
            numDeposits: numDeposits,
            numWithdraws: numWithdraws,
            withdrawRatio: totalDepositUSD == 0 ? 0 : totalWithdrawUSD / totalDepositUSD,
            avgHoldTimeDays: numDeposits == 0 ? 0 : holdDays / Double(numDeposits),
            accountAgeDays: Double(lastTimestamp - firstTimestamp) / 86400,
            uniquePools: pools.count,
            totalSwapVolume: totalSwapVolume,
            numSwaps: numSwaps,
            uniquePoolsSwapped: swapPools.count,
            avgSwapSize: numSwaps == 0 ? 0 : totalSwapVolume / Double(numSwaps),
            tokenDiversityScore: DexV1Model.tokenDiversity(
                stable: stableSymbols, volatile: swapSymbols.count - stableSymbols, parameters.swap),
            swapFrequencyScore: DexV1Model.swapFrequency(
                numSwaps: numSwaps, firstSwap: firstSwap, lastSwap: lastSwap, parameters.swap)
        )
    }

    /// True when token addresses are matched against risk lists (readers may skip them otherwise).
    var readsTokenAddresses: Bool { risk.hasTokens }

    /// The behaviour features of RISK.md §1 of the transactions added since the last reset.
    mutating func behaviour() -> BehaviourFeatures {
        risk.behaviour(swaps: numSwaps, asOf: asOf)
    }

    /// The risk-list flags of RISK.md §3 for the transactions added since the last reset.
    mutating func riskFlags(walletAddress: String) -> [RiskFlag] {
        risk.flags(walletAddress: walletAddress)
    }

    /// The earliest withdraw strictly after `timestamp` (binary search in the sorted withdraws).
    private func firstWithdraw(after timestamp: Int64) -> Int64? {
        var low = 0, high = withdrawTimestamps.count
        while low < high {
            let mid = (low + high) / 2
            if withdrawTimestamps[mid] <= timestamp { low = mid + 1 } else { high = mid }
        }
        return low < withdrawTimestamps.count ? withdrawTimestamps[low] : nil
    }
}

import Foundation
