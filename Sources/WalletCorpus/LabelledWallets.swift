import Foundation

/// Labelled wallets for training the bot model (RISK.md §2): human-like wallets and bot-like ones, with a
/// label each, deterministically from a seed.
///
/// Three kinds of people: ``RealisticWallets`` (heavy-tailed counts, times spread over three years), session
/// traders (a few transactions minutes apart, in the waking hours of one time zone) and recurring buyers (a
/// daily or weekly buy, give or take hours). Four kinds of bots: clockwork schedules, round-the-clock
/// activity, single-pool ping-pong and bursts. The problem is deliberately not separable: bots may have only
/// a few transactions, ``disguiseShare`` of them also trade like a person, recurring buyers look like slow
/// clockwork, and ``labelNoise`` of the labels are wrong, as labels from real investigations are.
public struct LabelledWallets: Sequence, IteratorProtocol {
    /// What a generated wallet really is.
    public enum Kind: String, Sendable, CaseIterable {
        case human
        case sessionTrader = "session-trader"
        case recurringBuyer = "recurring-buyer"
        case clockwork
        case roundTheClock = "round-the-clock"
        case pingPong = "ping-pong"
        case bursts

        public var isBot: Bool {
            switch self {
            case .human, .sessionTrader, .recurringBuyer: false
            case .clockwork, .roundTheClock, .pingPong, .bursts: true
            }
        }
    }

    /// One wallet message with its label.
    public struct Wallet: Sendable {
        public var address: String
        /// What the wallet really is.
        public var kind: Kind
        /// The label written for it: `kind.isBot`, save for the ``LabelledWallets/labelNoise`` that are flipped.
        public var label: Bool
        /// The wallet message, one line of JSON without a newline.
        public var json: String
    }

    /// The share of bots among the wallets.
    public static let botShare = 0.25
    /// The share of bots that also trade like a person (their own transactions and a session trader's).
    public static let disguiseShare = 0.3
    /// The share of labels that are wrong.
    public static let labelNoise = 0.02

    private var humans: RealisticWallets
    private var random: SeededGenerator
    private var remaining: Int

    /// - Parameters:
    ///   - count: how many wallets.
    ///   - seed: the same seed gives the same wallets and labels.
    public init(count: Int, seed: UInt64 = 1) {
        humans = RealisticWallets(count: Int.max, seed: seed)
        random = SeededGenerator(seed: seed ^ 0x5EED_B075_0000_0001)
        remaining = count
    }

    public mutating func next() -> Wallet? {
        guard remaining > 0 else { return nil }
        remaining -= 1
        let kind = pickKind()
        let flipped = uniform() < Self.labelNoise
        if kind == .human {
            let (address, json) = humans.nextWallet()!
            return Wallet(address: address, kind: kind, label: flipped, json: json)
        }
        let address = "0x" + hex(40)
        var transactions: [String] = []
        switch kind {
        case .human: break
        case .sessionTrader: transactions = sessionTrader(address)
        case .recurringBuyer: transactions = recurringBuyer(address)
        case .clockwork: transactions = clockwork(address)
        case .roundTheClock: transactions = roundTheClock(address)
        case .pingPong: transactions = pingPong(address)
        case .bursts: transactions = bursts(address)
        }
        if kind.isBot && uniform() < Self.disguiseShare {
            transactions += sessionTrader(address)
        }
        let json = "{\"wallet_address\":\"\(address)\",\"data\":[{\"protocolType\":\"dexes\",\"transactions\":["
            + transactions.joined(separator: ",") + "]}]}"
        return Wallet(address: address, kind: kind, label: kind.isBot != flipped, json: json)
    }

    private mutating func pickKind() -> Kind {
        let roll = uniform()
        if roll >= Self.botShare {
            let human = uniform()
            return human < 0.6 ? .human : human < 0.85 ? .sessionTrader : .recurringBuyer
        }
        let bot = uniform()
        return bot < 0.3 ? .clockwork : bot < 0.55 ? .roundTheClock : bot < 0.8 ? .pingPong : .bursts
    }

    // MARK: - People

    /// Sessions of 1–8 transactions 20 s–15 min apart, on random days of a 1–24 month window, in the
    /// waking hours (8:00–23:59) of one time zone.
    private mutating func sessionTrader(_ address: String) -> [String] {
        let pools = makePools(Int.random(in: 2...10, using: &random))
        let zone = Int64.random(in: 0..<24, using: &random)
        let days = Int64.random(in: 30...720, using: &random)
        let start = startTime(span: days * 86400)
        var times: [Int64] = []
        for _ in 0..<logUniform(2, 40) {
            let day = Int64.random(in: 0..<days, using: &random)
            let localHour = Int64.random(in: 8..<24, using: &random)
            var t = start + day * 86400 + ((localHour - zone + 24) % 24) * 3600 + Int64.random(in: 0..<3600, using: &random)
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                times.append(t)
                t += Int64.random(in: 20...900, using: &random)
            }
        }
        return times.map { transaction(address, time: $0, pool: pools.randomElement(using: &random)!, swapShare: 0.7) }
    }

    /// A buy every day or week at about the same hour (± 4 h), 15% of them skipped.
    private mutating func recurringBuyer(_ address: String) -> [String] {
        let pools = makePools(Int.random(in: 1...2, using: &random))
        let interval: Int64 = uniform() < 0.5 ? 86400 : 7 * 86400
        let count = logUniform(5, 150)
        let start = startTime(span: Int64(count) * interval)
        var times: [Int64] = []
        for i in 0..<count where uniform() >= 0.15 {
            times.append(start + Int64(i) * interval + Int64.random(in: -14400...14400, using: &random))
        }
        if times.isEmpty { times.append(start) }
        return times.map { transaction(address, time: $0, pool: pools.randomElement(using: &random)!, swapShare: 0.9) }
    }

    // MARK: - Bots

    /// A fixed interval (1 min to 1 day) with at most 5% jitter, 3% of the ticks missed.
    private mutating func clockwork(_ address: String) -> [String] {
        let pools = makePools(Int.random(in: 1...3, using: &random))
        let intervals: [Int64] = [60, 300, 900, 3600, 14400, 86400]
        let interval = intervals.randomElement(using: &random)!
        let jitter = Int64(Double(interval) * Double.random(in: 0...0.05, using: &random))
        let count = logUniform(3, 200)
        let start = startTime(span: Int64(count) * interval)
        var times: [Int64] = []
        for i in 0..<count where uniform() >= 0.03 {
            times.append(start + Int64(i) * interval + Int64.random(in: -jitter...jitter, using: &random))
        }
        if times.isEmpty { times.append(start) }
        return times.map { transaction(address, time: $0, pool: pools.randomElement(using: &random)!, swapShare: 0.8) }
    }

    /// A steady random rate (a transaction every 2 min to 2 h on average) at every hour of the day.
    private mutating func roundTheClock(_ address: String) -> [String] {
        let pools = makePools(Int.random(in: 1...5, using: &random))
        let meanGap = Double(logUniform(120, 7200))
        let count = logUniform(30, 300)
        var t = startTime(span: Int64(Double(count) * meanGap))
        var out: [String] = []
        for _ in 0..<count {
            out.append(transaction(address, time: t, pool: pools.randomElement(using: &random)!, swapShare: 0.9))
            t += Int64(exponential(meanGap)) + 1
        }
        return out
    }

    /// Swaps back and forth between the two tokens of one pool, a random 1 min to 4 h apart on average.
    private mutating func pingPong(_ address: String) -> [String] {
        let pool = makePools(1)[0]
        let meanGap = Double(logUniform(60, 14400))
        let count = logUniform(6, 200)
        let pair = (Self.tokens.randomElement(using: &random)!, Self.tokens.randomElement(using: &random)!)
        var t = startTime(span: Int64(Double(count) * meanGap))
        var out: [String] = []
        for i in 0..<count {
            let (from, to) = i % 2 == 0 ? pair : (pair.1, pair.0)
            out.append(swap(address, time: t, pool: pool, from: from, to: to))
            t += Int64(exponential(meanGap)) + 1
        }
        return out
    }

    /// 2–10 bursts of 3–30 transactions 1–60 s apart, a random 6 h to 5 days apart on average.
    private mutating func bursts(_ address: String) -> [String] {
        let pools = makePools(Int.random(in: 1...4, using: &random))
        let quiet = Double(logUniform(6 * 3600, 5 * 86400))
        let burstCount = Int.random(in: 2...10, using: &random)
        var t = startTime(span: Int64(Double(burstCount) * quiet))
        var out: [String] = []
        for _ in 0..<burstCount {
            for _ in 0..<Int.random(in: 3...30, using: &random) {
                out.append(transaction(address, time: t, pool: pools.randomElement(using: &random)!, swapShare: 0.95))
                t += Int64.random(in: 1...60, using: &random)
            }
            t += Int64(exponential(quiet))
        }
        return out
    }

    // MARK: - Transactions

    /// Token symbols with fixed addresses (a bot and a person trade the same tokens).
    private static let tokens: [(symbol: String, address: String)] = [
        ("USDC", "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48"), ("USDT", "0xdac17f958d2ee523a2206206994597c13d831ec7"),
        ("DAI", "0x6b175474e89094c44da98b954eedeac495271d0f"), ("WETH", "0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2"),
        ("WBTC", "0x2260fac5e5542a773aa44fbcfedf7c193bc2c599"), ("PEPE", "0x6982508145454ce325ddbe47a25d4ec3d2311933"),
        ("UNI", "0x1f9840a85d5af5bf1d1762f925bdaddc4201f984"), ("LINK", "0x514910771af9ca656af840dff83e8264ecf986ca"),
    ]

    private mutating func makePools(_ count: Int) -> [String] {
        (0..<count).map { _ in "0x" + hex(40) }
    }

    /// A swap (with probability `swapShare`), else a deposit or a withdraw.
    private mutating func transaction(_ address: String, time: Int64, pool: String, swapShare: Double) -> String {
        let a = Self.tokens.randomElement(using: &random)!, b = Self.tokens.randomElement(using: &random)!
        if uniform() < swapShare { return swap(address, time: time, pool: pool, from: a, to: b) }
        let action = uniform() < 0.5 ? "deposit" : "withdraw"
        return "{\"document_id\":\"\(hex(24))\",\"action\":\"\(action)\",\"timestamp\":\(time),\"caller\":\"\(address)\","
            + "\"protocol\":\"uniswap_v2\",\"poolId\":\"\(pool)\",\"poolName\":\"\(a.symbol)/\(b.symbol)\","
            + "\"token0\":\(token(a)),\"token1\":\(token(b))}"
    }

    private mutating func swap(_ address: String, time: Int64, pool: String,
                               from: (symbol: String, address: String), to: (symbol: String, address: String)) -> String {
        "{\"document_id\":\"\(hex(24))\",\"action\":\"swap\",\"timestamp\":\(time),\"caller\":\"\(address)\","
            + "\"protocol\":\"uniswap_v3\",\"poolId\":\"\(pool)\",\"poolName\":\"\(from.symbol)/\(to.symbol) 0.3%\","
            + "\"tokenIn\":\(token(from)),\"tokenOut\":\(token(to))}"
    }

    private mutating func token(_ token: (symbol: String, address: String)) -> String {
        let usd = pow(10, Double.random(in: 1...5, using: &random))
        return "{\"amount\":\"\(random.next() % 1_000_000_000_000)\",\"amountUSD\":\(usd),\"address\":\"\(token.address)\","
            + "\"symbol\":\"\(token.symbol)\"}"
    }

    // MARK: - Randomness

    /// A start time such that the activity ends before 2023-03-03 (the realistic wallets' range).
    private mutating func startTime(span: Int64) -> Int64 {
        1_600_000_000 + Int64.random(in: 0...Swift.max(0, 100_000_000 - span), using: &random)
    }

    private mutating func uniform() -> Double { Double.random(in: 0..<1, using: &random) }

    /// An integer between `low` and `high`, uniform in its logarithm.
    private mutating func logUniform(_ low: Int, _ high: Int) -> Int {
        Int(exp(Double.random(in: log(Double(low))...log(Double(high) + 0.999), using: &random)))
    }

    private mutating func exponential(_ mean: Double) -> Double {
        -mean * log(1 - uniform())
    }

    private mutating func hex(_ count: Int) -> String {
        let digits = Array("0123456789abcdef")
        return String((0..<count).map { _ in digits[Int(random.next() & 15)] })
    }
}
