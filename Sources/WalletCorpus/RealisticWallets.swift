/// Generates realistic wallet messages (MODEL.md §1) as JSON text, deterministically from a seed.
///
/// What real upstream data has, and readers must survive: heavy-tailed transaction counts (most
/// wallets have a few, some thousands), unsorted timestamps, `amount` integers far above 2^64 as JSON
/// numbers and as strings, USD amounts with 17 significant digits, non-dex sections of any shape,
/// unknown actions, duplicate `document_id`s, nulls, escaped and non-ASCII strings, and keys in any order.
public struct RealisticWallets: Sequence, IteratorProtocol {
    /// Most transactions one wallet gets.
    public static let maxTransactions = 3000

    private var random: SeededGenerator
    private var remaining: Int
    private var index = 0

    /// - Parameters:
    ///   - count: how many wallets; `Int.max` for an endless stream.
    ///   - seed: the same seed gives the same wallets.
    public init(count: Int, seed: UInt64 = 1) {
        random = SeededGenerator(seed: seed)
        remaining = count
    }

    /// The next wallet message, one line of JSON without a newline.
    public mutating func next() -> String? {
        nextWallet()?.json
    }

    /// The next wallet message and its `wallet_address`.
    mutating func nextWallet() -> (address: String, json: String)? {
        guard remaining > 0 else { return nil }
        remaining -= 1
        index += 1
        return wallet()
    }

    private static let symbols = ["USDC", "USDT", "DAI", "WETH", "WBTC", "PEPE", "ARB", "UNI", "LINK", "FRAX",
                                  "LUSD", "CRV", "LDO", "MKR", "SHIB", "Ærø", "🦄UNI"]
    private static let protocols = ["uniswap_v3", "uniswap_v2", "sushiswap", "curve", "balancer_v2"]

    private mutating func hex(_ count: Int) -> String {
        let digits = Array("0123456789abcdef")
        return String((0..<count).map { _ in digits[Int(random.next() & 15)] })
    }

    private mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &random) < p }

    /// Pareto-distributed transaction count (α = 1.2, minimum 1), capped.
    private mutating func transactionCount() -> Int {
        let u = Double.random(in: Double.ulpOfOne..<1, using: &random)
        return Swift.min(Self.maxTransactions, Int(2.0 * pow(u, -1 / 1.2)) - 1)
    }

    private mutating func usd() -> String {
        if chance(0.05) { return String(Int.random(in: 0...100_000, using: &random)) }   // an integer amountUSD
        let magnitude = pow(10, Double.random(in: -2...6, using: &random))
        return (Double.random(in: 0..<1, using: &random) * magnitude).description
    }

    private mutating func amount() -> String {
        switch random.next() % 4 {
        case 0: return String(random.next() % 1_000_000_000)
        case 1: return "\"\(random.next())\(random.next() % 1_000_000_000_000)\""     // above 2^64, as a string
        case 2: return "\(random.next())\(random.next())\(random.next() % 1000)"     // above 2^64, as a number
        default: return "\(random.next() % 999 + 1)000000000000000000"             // 18 decimals
        }
    }

    private mutating func token(_ symbol: String) -> String {
        var fields = ["\"amount\":\(amount())", "\"amountUSD\":\(chance(0.02) ? "null" : usd())",
                      "\"address\":\"0x\(hex(40))\""]
        if !chance(0.03) { fields.append("\"symbol\":\"\(symbol)\"") }
        if chance(0.1) { fields.shuffle(using: &random) }
        return "{" + fields.joined(separator: ",") + "}"
    }

    private mutating func transaction(id: String, pools: [String], wallet: String) -> String {
        let roll = Double.random(in: 0..<1, using: &random)
        let action = roll < 0.6 ? "swap" : roll < 0.75 ? "deposit" : roll < 0.87 ? "withdraw"
            : roll < 0.95 ? "collect" : "Swap"   // unknown actions, exact comparison
        let pool = pools.randomElement(using: &random)!
        let symbolA = Self.symbols.randomElement(using: &random)!
        let symbolB = Self.symbols.randomElement(using: &random)!
        var fields = [
            "\"document_id\":\"\(id)\"",
            "\"action\":\"\(action)\"",
            "\"timestamp\":\(1_600_000_000 + Int.random(in: 0..<100_000_000, using: &random))",
            "\"caller\":\"\(wallet)\"",
            "\"protocol\":\"\(Self.protocols.randomElement(using: &random)!)\"",
        ]
        if !chance(0.02) { fields.append("\"poolId\":\"\(pool)\"") }
        fields.append("\"poolName\":\"\(chance(0.05) ? "Pool \\u0041\\/\\\"\(symbolA)\\\"" : "\(symbolA)/\(symbolB) 0.3%")\"")
        if action == "swap" {
            fields.append("\"tokenIn\":\(token(symbolA))")
            fields.append("\"tokenOut\":\(chance(0.02) ? "null" : token(symbolB))")
        } else {
            fields.append("\"token0\":\(token(symbolA))")
            fields.append("\"token1\":\(token(symbolB))")
        }
        if chance(0.1) { fields.shuffle(using: &random) }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// A section the model does not read: any shape.
    private mutating func otherSection() -> String {
        let type = ["lending", "staking", "bridges", "nft"].randomElement(using: &random)!
        let items = (0..<Int.random(in: 0...20, using: &random)).map { i -> String in
            switch i % 4 {
            case 0: return "{\"document_id\":\"\(hex(24))\",\"action\":\"borrow\",\"timestamp\":\"not checked\"}"
            case 1: return "[1,2.5e300,-3,{\"nested\":[null,true,false]}]"
            case 2: return "\"text \\u00e9\""
            default: return "{\"amount\":\(amount()),\"health\":1.0E-7}"
            }
        }
        return "{\"protocolType\":\"\(type)\",\"transactions\":[\(items.joined(separator: ","))]}"
    }

    private mutating func wallet() -> (address: String, json: String) {
        let address = "0x" + hex(40)
        let pools = (0..<Int.random(in: 1...8, using: &random)).map { _ in "0x" + hex(40) }
        var transactions: [String] = []
        var ids: [String] = []
        for _ in 0..<transactionCount() {
            let id: String
            if !ids.isEmpty && chance(0.02) { id = ids.randomElement(using: &random)! } else { id = hex(24) }
            ids.append(id)
            transactions.append(transaction(id: id, pools: pools, wallet: address))
        }
        var dexes = "{\"protocolType\":\"dexes\",\"transactions\":[\(transactions.joined(separator: ","))]}"
        if chance(0.05) { dexes = "{\"transactions\":[\(transactions.joined(separator: ","))],\"protocolType\":\"dexes\"}" }
        var sections = [dexes]
        for _ in 0..<Int.random(in: 0...2, using: &random) { sections.append(otherSection()) }
        sections.shuffle(using: &random)
        return (address, "{\"wallet_address\":\"\(address)\",\"data\":[\(sections.joined(separator: ","))]}")
    }
}

import Foundation
