import Foundation

/// Scores wallet messages one after another, reusing its buffers: the fast path for many messages.
///
/// Not thread-safe: give each thread its own session (they are cheap). For one-off calls,
/// ``WalletScorer`` is simpler.
public struct ScoringSession {
    public let parameters: ScoringParameters
    /// When set, every success result carries its `percentile` in this population table.
    public let percentiles: PercentileTable?
    public let limits: MessageLimits
    /// ``ThresholdConfiguration/parametersID`` of the configuration (``ScoringParameters/id`` without risk configuration), computed once.
    public let parametersID: String
    /// Assesses every success result (``WalletScore/risk``) with the configured bot model, else
    /// ``BotModel/embedded``; nil only when the session was made without the risk layer.
    public let risk: RiskEvaluator?
    private var accumulator: DexAccumulator

    /// A session scoring with a store's configuration.
    /// - Parameter assessingRisk: false skips the risk layer: success results carry no `risk` (for
    ///   measuring what the layer costs, `score-wallet --no-risk`). The `dex-v1` result is the same either way.
    public init(configuration: ThresholdConfiguration, limits: MessageLimits = MessageLimits(), assessingRisk: Bool = true) {
        parameters = configuration.parameters
        percentiles = configuration.percentiles
        self.limits = limits
        parametersID = configuration.parametersID
        risk = assessingRisk ? RiskEvaluator(model: configuration.risk.effectiveBotModel, rules: configuration.risk.effectiveRules) : nil
        accumulator = DexAccumulator(parameters: configuration.parameters,
                                     riskLists: risk == nil ? nil : configuration.risk.lists)
    }

    public init(parameters: ScoringParameters = .defaults, percentiles: PercentileTable? = nil,
                limits: MessageLimits = MessageLimits()) {
        self.init(configuration: ThresholdConfiguration(parameters: parameters, percentiles: percentiles), limits: limits)
    }

    /// Scores one message given as UTF-8 JSON bytes, reading them once without JSONDecoder.
    public mutating func score(_ bytes: UnsafeRawBufferPointer, asOf: Int64) -> ScoringOutcome {
        if let failure = sizeFailure(bytes.count) { return .failure(failure) }
        accumulator.reset(asOf: asOf)
        return Self.withBase(bytes) { base, count in scan(base, count) }
    }

    private mutating func scan(_ base: UnsafePointer<UInt8>, _ count: Int) -> ScoringOutcome {
        var scanner = MessageScanner(bytes: base, count: count, maxDepth: limits.maxDepth)
        defer { scanner.release() }   // after the result: the accumulator reads the strings it unescaped until then
        do {
            let (address, error) = try scanner.scan(into: &accumulator)
            if let error {
                return .failure(ScoringFailure(error, walletAddress: address,
                                               dexTransactionCount: scanner.dexTransactionCount))
            }
            return finish(walletAddress: address ?? "", dexTransactionCount: scanner.dexTransactionCount)
        } catch {
            return .failure(Self.failure(error))
        }
    }

    /// Scores one message given as bytes (`[UInt8]`, `Data`, …).
    public mutating func score(_ bytes: some ContiguousBytes, asOf: Int64) -> ScoringOutcome {
        bytes.withUnsafeBytes { score($0, asOf: asOf) }
    }

    /// Scores one message given as JSON text.
    public mutating func score(json: String, asOf: Int64) -> ScoringOutcome {
        var json = json
        return json.withUTF8 { score(UnsafeRawBufferPointer($0), asOf: asOf) }
    }

    /// Scores a message value. Values made in code are checked by the same rules as decoded ones.
    public mutating func score(message: WalletMessage, asOf: Int64) -> ScoringOutcome {
        if let error = message.firstRuleViolation() {
            return .failure(ScoringFailure(error, walletAddress: error.path == .field("wallet_address") ? nil : message.walletAddress,
                                           dexTransactionCount: message.dexTransactionCount))
        }
        accumulator.reset(asOf: asOf)
        // The transactions' strings as bytes, in one arena that lasts until the result is made: the risk
        // layer reads token addresses when the wallet ends, as the fast reader's stay in the message.
        var arena: [UInt8] = []
        let transactions = message.data.flatMap { $0.transactions ?? [] }
        let strings = transactions.map { TransactionStrings($0, into: &arena) }
        return arena.withUnsafeBytes { raw in
            for (transaction, strings) in zip(transactions, strings) { add(transaction, strings, raw) }
            return finish(walletAddress: message.walletAddress, dexTransactionCount: message.dexTransactionCount)
        }
    }

    /// The reference path: checks the JSON as ``score(_:asOf:)`` does, then decodes it with Foundation's
    /// `JSONDecoder` into ``WalletMessage`` and scores that. Same outcome, several times slower, save for a
    /// `timestamp` past what `Decimal` holds (38 significant digits, exponents about ±128): this path rounds
    /// or refuses it where ``score(_:asOf:)`` judges the exact value.
    public mutating func score(decoding bytes: Data, asOf: Int64) -> ScoringOutcome {
        if let failure = sizeFailure(bytes.count) { return .failure(failure) }
        if let failure = syntaxFailure(bytes) { return .failure(failure) }
        do {
            return score(message: try JSONDecoder().decode(WalletMessage.self, from: bytes), asOf: asOf)
        } catch let failure as ScoringFailure {
            return .failure(failure)
        } catch let error as FieldError {
            return .failure(ScoringFailure(error))
        } catch {
            return .failure(ScoringFailure(code: .invalidJSON, message: "undecodable message: \(error)"))
        }
    }

    // MARK: - Steps

    /// Where one decoded transaction's strings are in the message's arena.
    private struct TransactionStrings {
        var id: Range<Int>, pool: Range<Int>?, action: Range<Int>
        /// tokenIn, tokenOut, token0, token1.
        var symbols: [Range<Int>?], addresses: [Range<Int>?]

        init(_ t: DexTransaction, into arena: inout [UInt8]) {
            func put(_ text: String) -> Range<Int> {
                let start = arena.count
                arena.append(contentsOf: text.utf8)
                return start..<arena.count
            }
            id = put(t.documentID)
            pool = t.poolId.map(put)
            action = put(t.action)
            let tokens = [t.tokenIn, t.tokenOut, t.token0, t.token1]
            symbols = tokens.map { $0?.symbol.map(put) }
            addresses = tokens.map { $0?.address.map(put) }
        }
    }

    /// Feeds one decoded transaction to the accumulator, as the fast reader feeds the same bytes.
    private mutating func add(_ t: DexTransaction, _ strings: TransactionStrings, _ arena: UnsafeRawBufferPointer) {
        func slice(_ range: Range<Int>) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: arena[range]) }
        let tokens = [t.tokenIn, t.tokenOut, t.token0, t.token1]
        func side(_ i: Int) -> TokenSide {
            TokenSide(amountUSD: tokens[i]?.amountUSD ?? 0, symbol: strings.symbols[i].map(slice),
                      address: strings.addresses[i].map(slice))
        }
        accumulator.add(documentID: slice(strings.id), action: DexAction(utf8: slice(strings.action)),
                        timestamp: t.timestamp, pool: strings.pool.map(slice), sides: (side(0), side(1), side(2), side(3)))
    }

    private mutating func finish(walletAddress: String, dexTransactionCount: Int) -> ScoringOutcome {
        guard dexTransactionCount > 0 else {
            return .failure(ScoringFailure(code: .noDexTransactions, message: "no dexes transactions",
                                           walletAddress: walletAddress, dexTransactionCount: 0))
        }
        var score = DexV1Model.score(walletAddress: walletAddress, features: accumulator.features(),
                                     asOf: accumulator.asOf, parameters: parameters, parametersID: parametersID)
        score.percentile = percentiles?.percentile(of: score.finalScore)
        if let risk {
            // Assessed first, then stored: `score.risk = risk.assess(score, …)` would copy the score.
            let assessment = risk.assess(score, behaviour: accumulator.behaviour(),
                                         flags: accumulator.riskFlags(walletAddress: walletAddress))
            score.risk = assessment
        }
        return .success(score)
    }

    private func sizeFailure(_ count: Int) -> ScoringFailure? {
        guard count > limits.maxMessageBytes else { return nil }
        return ScoringFailure(code: .tooLarge, message: "message is \(count) bytes, over the limit of \(limits.maxMessageBytes)")
    }

    private func syntaxFailure(_ bytes: Data) -> ScoringFailure? {
        bytes.withUnsafeBytes { raw in Self.withBase(raw) { base, count -> ScoringFailure? in
            var lexer = JSONLexer(bytes: base, count: count, maxDepth: limits.maxDepth)
            do throws(JSONSyntaxError) {
                lexer.skipByteOrderMark()
                lexer.skipWhitespace()
                try lexer.skipValue()
                lexer.skipWhitespace()
                guard lexer.pos == lexer.count else { throw lexer.error("unexpected content after the message") }
                return nil
            } catch {
                return Self.failure(error)
            }
        } }
    }

    /// Calls `body` with the buffer's base address, or a valid address for an empty buffer.
    private static func withBase<R>(_ bytes: UnsafeRawBufferPointer, _ body: (UnsafePointer<UInt8>, Int) -> R) -> R {
        if let base = bytes.baseAddress { return body(base.assumingMemoryBound(to: UInt8.self), bytes.count) }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1) { body(UnsafePointer($0.baseAddress!), 0) }
    }

    static func failure(_ error: JSONSyntaxError) -> ScoringFailure {
        switch error.reason {
        case .invalid(let text):
            ScoringFailure(code: .invalidJSON, message: "invalid JSON at byte \(error.offset): \(text)")
        case .tooDeep(let limit):
            ScoringFailure(code: .tooLarge, message: "nesting deeper than \(limit) levels at byte \(error.offset)")
        }
    }
}
