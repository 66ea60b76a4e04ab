/// Writes results as compact JSON (MODEL.md §5), key order fixed, numbers as ``ModelNumber`` prints them;
/// a success's `risk` (RISK.md §5) comes last, after `categories`.
public enum ResultWriter {
    /// Appends the result's JSON (no newline) to `out`.
    /// - Parameters:
    ///   - origin: when given, a failure carries `"input"` and `"line"` right after `error_code`
    ///     (success results are unchanged).
    ///   - numbers: the writing thread's cache of number texts, for a thread that writes many results
    ///     (the bytes are the same without it).
    public static func append(_ outcome: ScoringOutcome, timestamp: Int64, processingTimeMs: Double,
                              origin: MessageOrigin? = nil, numbers: NumberTextCache? = nil, to out: inout [UInt8]) {
        // Matched outside the writer's closure, which would otherwise copy the payload (retaining its every string).
        switch outcome {
        case .success(let s):
            JSONWriter.write(to: &out, numbers: numbers) { $0.success(s, timestamp: timestamp, processingTimeMs: processingTimeMs) }
        case .failure(let f):
            JSONWriter.write(to: &out, numbers: numbers) {
                $0.failure(f, timestamp: timestamp, processingTimeMs: processingTimeMs, origin: origin)
            }
        }
    }

    /// `processing_time_ms` rounded to microseconds.
    static func milliseconds(_ value: Double) -> ModelNumber { .real((value * 1000).rounded() / 1000) }
}

/// Compact JSON written straight into bytes: the primitives both result writers use. The pieces of a result
/// (dozens of literals and numbers) collect in a small scratch buffer, a bounds check and a copy each, and
/// reach `out` in a few large appends.
struct JSONWriter {
    private(set) var out: [UInt8]
    private let scratch: UnsafeMutableBufferPointer<UInt8>
    private var used = 0
    /// Where doubles' texts are looked up first, if anywhere (the cache outlives the writer).
    private let numbers: NumberTextCache.Entries?

    /// Runs `body` with a writer whose bytes are appended to `out`.
    static func write(to out: inout [UInt8], numbers: NumberTextCache? = nil, _ body: (inout JSONWriter) -> Void) {
        withExtendedLifetime(numbers) {
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2048) { scratch in
                var w = JSONWriter(out: [], scratch: scratch, numbers: numbers?.entries)
                swap(&w.out, &out)
                body(&w)
                w.flush()
                swap(&w.out, &out)
            }
        }
    }

    private init(out: [UInt8], scratch: UnsafeMutableBufferPointer<UInt8>, numbers: NumberTextCache.Entries?) {
        self.out = out
        self.scratch = scratch
        self.numbers = numbers
    }

    /// Moves the scratch bytes to `out`.
    private mutating func flush() {
        out.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[..<used]))
        used = 0
    }

    /// The next `count` bytes of scratch (flushed first when they would not fit; `count` ≤ its size).
    @inline(__always) private mutating func room(_ count: Int) -> UnsafeMutablePointer<UInt8> {
        if used + count > scratch.count { flush() }
        return scratch.baseAddress! + used
    }

    @inline(__always) private mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count <= scratch.count else {
            flush()
            return out.append(contentsOf: bytes)
        }
        if bytes.count > 0 { room(bytes.count).update(from: bytes.baseAddress!, count: bytes.count) }
        used += bytes.count
    }

    @inline(__always) private mutating func put(_ byte: UInt8) {
        room(1).pointee = byte
        used += 1
    }

    /// Literal JSON text. Only a `StaticString` (no `String` overload, which literals would pick): its
    /// bytes are copied as they are.
    @inline(__always) mutating func raw(_ text: StaticString) {
        put(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// A JSON string: runs that need no escape are copied whole.
    mutating func string(_ text: String) {
        // A native string lends its bytes as it is; only a bridged one is copied.
        if text.utf8.withContiguousStorageIfAvailable({ string(utf8: $0) }) == nil {
            var text = text
            text.withUTF8 { string(utf8: $0) }
        }
    }

    /// A JSON string of UTF-8 bytes: tested eight bytes at a time (a tail shorter than eight as the last eight,
    /// overlapping the word before) and copied whole when no byte needs an escape, nearly every string; else
    /// escaped byte by byte from the first word that needs it.
    private mutating func string(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        let n = bytes.count, words = UnsafeRawBufferPointer(bytes)
        var clean = 0
        while clean + 8 <= n && !Self.needsEscape(words.loadUnaligned(fromByteOffset: clean, as: UInt64.self)) {
            clean += 8
        }
        if clean < n && clean + 8 > n && n >= 8 && !Self.needsEscape(words.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)) {
            clean = n
        }
        if clean == n && n + 2 <= scratch.count {   // nearly every string: one copy between its quotes
            let text = room(n + 2)
            text[0] = UInt8(ascii: "\"")
            if n > 0 { (text + 1).update(from: bytes.baseAddress!, count: n) }
            text[n + 1] = UInt8(ascii: "\"")
            used += n + 2
            return
        }
        put(UInt8(ascii: "\""))
        var run = 0
        for i in clean..<n {
            let byte = bytes[i]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            put(UnsafeBufferPointer(rebasing: bytes[run..<i]))
            run = i + 1
            switch byte {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            default:
                raw("\\u00")
                put(Self.hex[Int(byte >> 4)])
                put(Self.hex[Int(byte & 0xF)])
            }
        }
        put(UnsafeBufferPointer(rebasing: bytes[run...]))
        put(UInt8(ascii: "\""))
    }
    private static let hex = Array("0123456789abcdef".utf8)

    /// True when one of the eight bytes is below 0x20, a quote or a backslash (exact; bytes ≥ 0x80 never count).
    @inline(__always) private static func needsEscape(_ w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ v: UInt64) -> Bool { (v &- ones) & ~v & high != 0 }
        let below = (w &- ones &* 0x20) & ~w & high != 0
        return below || hasZero(w ^ (ones &* 0x22)) || hasZero(w ^ (ones &* 0x5C))
    }

    /// A ``ModelNumber``: whole ones without a fraction (as ``ModelNumber/description``).
    mutating func number(_ n: ModelNumber) {
        if n.isWhole && n.value.magnitude < 0x1p63 { int(Int64(n.value)) } else { real(n.value) }
    }
    mutating func real(_ value: Double) {
        let start = room(NumberFormatting.shortestCapacity)
        if let numbers { used += numbers.writeShortest(value, into: start) } else { used += NumberFormatting.writeShortest(value, into: start) }
    }
    mutating func int(_ value: Int64) {
        used += NumberFormatting.writeInteger(value, into: room(NumberFormatting.integerCapacity))
    }
    mutating func int(_ value: Int) { int(Int64(value)) }
    mutating func fixed18(_ value: Double) {
        used += NumberFormatting.writeFixed18(value, into: room(NumberFormatting.fixed18Capacity))
    }

    mutating func success(_ s: WalletScore, timestamp: Int64, processingTimeMs: Double) {
        raw("{\"wallet_address\":"); string(s.walletAddress)
        raw(",\"zscore\":\""); fixed18(s.finalScore)
        raw("\",\"timestamp\":"); int(timestamp)
        raw(",\"processing_time_ms\":"); number(ResultWriter.milliseconds(processingTimeMs))
        raw(",\"model_version\":"); string(DexV1Model.version)
        raw(",\"parameters_id\":"); string(s.parametersID)
        raw(",\"as_of\":"); int(s.asOf)
        if let percentile = s.percentile { raw(",\"percentile\":"); real(percentile) }
        raw(",\"categories\":[{\"category\":\"dexes\",\"score\":"); real(s.finalScore)
        let f = s.features
        raw(",\"transaction_count\":"); int(f.transactionCount)
        raw(",\"features\":{\"total_deposit_usd\":"); real(f.totalDepositUSD)
        raw(",\"total_withdraw_usd\":"); real(f.totalWithdrawUSD)
        raw(",\"num_deposits\":"); int(f.numDeposits)
        raw(",\"num_withdraws\":"); int(f.numWithdraws)
        raw(",\"withdraw_ratio\":"); real(f.withdrawRatio)
        raw(",\"avg_hold_time_days\":"); real(f.avgHoldTimeDays)
        raw(",\"account_age_days\":"); real(f.accountAgeDays)
        raw(",\"unique_pools\":"); int(f.uniquePools)
        raw(",\"total_swap_volume\":"); real(f.totalSwapVolume)
        raw(",\"num_swaps\":"); int(f.numSwaps)
        raw(",\"unique_pools_swapped\":"); int(f.uniquePoolsSwapped)
        raw(",\"avg_swap_size\":"); real(f.avgSwapSize)
        raw(",\"token_diversity_score\":"); number(f.tokenDiversityScore)
        raw(",\"swap_frequency_score\":"); real(f.swapFrequencyScore)
        raw(",\"lp_score\":"); number(s.lpScore)
        raw(",\"swap_score\":"); number(s.swapScore)
        raw(",\"final_score\":"); real(s.finalScore)
        raw("},\"tags\":[")
        for (i, tag) in s.tags.enumerated() {
            if i > 0 { raw(",") }
            string(tag)
        }
        let lp = s.liquidityProvision, t = s.trading
        raw("],\"breakdown\":{\"liquidity_provision\":{\"volume_score\":"); number(lp.volumeScore)
        raw(",\"frequency_score\":"); number(lp.frequencyScore)
        raw(",\"retention_score\":"); number(lp.retentionScore)
        raw(",\"holding_score\":"); number(lp.holdingScore)
        raw(",\"diversity_score\":"); number(lp.diversityScore)
        raw("},\"trading\":{\"volume_score\":"); number(t.volumeScore)
        raw(",\"frequency_score\":"); number(t.frequencyScore)
        raw(",\"diversity_score\":"); number(t.diversityScore)
        raw(",\"activity_score\":"); number(t.activityScore)
        raw(",\"pool_diversity_score\":"); number(t.poolDiversityScore)
        raw("}}}]")
        if let risk = s.risk { riskMember(risk) }
        raw("}")
    }

    mutating func failure(_ f: ScoringFailure, timestamp: Int64, processingTimeMs: Double, origin: MessageOrigin?) {
        raw("{\"wallet_address\":")
        if let address = f.walletAddress { string(address) } else { raw("null") }
        raw(",\"error\":"); string(f.message)
        raw(",\"error_code\":"); string(f.code.rawValue)
        if let origin {
            raw(",\"input\":"); string(origin.input)
            raw(",\"line\":"); int(origin.line)
        }
        raw(",\"timestamp\":"); int(timestamp)
        raw(",\"processing_time_ms\":"); number(ResultWriter.milliseconds(processingTimeMs))
        raw(",\"categories\":[")
        if let count = f.dexTransactionCount {
            raw("{\"category\":\"dexes\",\"error\":"); string(f.message)
            raw(",\"transaction_count\":"); int(count)
            raw("}")
        }
        raw("]}")
    }
}
