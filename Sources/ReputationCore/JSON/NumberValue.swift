import Foundation

/// Exact interpretation of validated JSON number tokens, without allocating on the common path.
enum NumberValue {
    /// The largest timestamp accepted: 9999-12-31T23:59:59Z.
    static let maxTimestamp: Int64 = 253_402_300_799

    /// The token's value if it is a whole number in `0...maxTimestamp` (`1.7e9` and `1700000000.0` are),
    /// or nil (a fraction, a negative number, or out of range).
    static func timestamp(_ bytes: UnsafePointer<UInt8>, _ span: NumberSpan) -> Int64? {
        var digits: UInt64 = 0        // significant digits, leading and trailing zeros removed
        var significant = 0           // how many digits `digits` holds
        var pendingZeros = 0          // zeros seen after the last non-zero digit
        var fractionDigits = 0
        var i = span.start + (span.isNegative ? 1 : 0)
        var inFraction = false
        while i < span.end {
            let c = bytes[i]
            if c == UInt8(ascii: ".") { inFraction = true; i += 1; continue }
            if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") { break }
            if inFraction { fractionDigits += 1 }
            if c == UInt8(ascii: "0") {
                if significant > 0 { pendingZeros += 1 }
            } else {
                significant += pendingZeros + 1
                if significant > 12 { return nil }
                for _ in 0..<pendingZeros { digits *= 10 }
                pendingZeros = 0
                digits = digits * 10 + UInt64(c - UInt8(ascii: "0"))
            }
            i += 1
        }
        if significant == 0 { return 0 }   // 0, -0, 0.000, 0e5
        let exponent = exponentValue(bytes, from: i, to: span.end) - fractionDigits + pendingZeros
        if exponent < 0 || span.isNegative { return nil }
        if significant + exponent > 12 { return nil }
        for _ in 0..<exponent { digits *= 10 }
        let value = Int64(digits)
        return value <= maxTimestamp ? value : nil
    }

    /// The correctly rounded double nearest the token's value (±infinity past the range, ±0 below it),
    /// and whether the token had a non-zero digit (to tell an underflow from a real zero).
    static func double(_ bytes: UnsafePointer<UInt8>, _ span: NumberSpan) -> (value: Double, nonZero: Bool) {
        var mantissa: UInt64 = 0
        var significant = 0
        var fractionDigits = 0
        var i = span.start + (span.isNegative ? 1 : 0)
        var inFraction = false
        while i < span.end {
            let c = bytes[i]
            if c == UInt8(ascii: ".") { inFraction = true; i += 1; continue }
            if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") { break }
            if inFraction { fractionDigits += 1 }
            if significant > 0 || c != UInt8(ascii: "0") {
                significant += 1
                if significant > 19 { return (slowDouble(bytes, span), true) }
                mantissa = mantissa &* 10 &+ UInt64(c - UInt8(ascii: "0"))
            }
            i += 1
        }
        if mantissa == 0 { return (span.isNegative ? -0.0 : 0.0, false) }
        let exponent = exponentValue(bytes, from: i, to: span.end) - fractionDigits
        guard let magnitude = exactDouble(mantissa: mantissa, exponent: exponent) else {
            return (slowDouble(bytes, span), true)
        }
        return (span.isNegative ? -magnitude : magnitude, true)
    }

    /// `mantissa · 10^exponent`, correctly rounded, for exponents in -27...22; nil outside.
    @inline(__always) static func exactDouble(mantissa: UInt64, exponent: Int) -> Double? {
        if mantissa < 1 << 53 && exponent >= -22 && exponent <= 22 {
            // Clinger's fast path: both operands are exact doubles, so one rounding.
            let m = Double(mantissa)
            return exponent >= 0 ? m * powersOfTen[exponent] : m / powersOfTen[-exponent]
        }
        if exponent >= 0 && exponent <= 22 {
            // m · 5^e is exact in 128 bits; one rounding to double, then an exact scaling by 2^e.
            let product = UInt128(mantissa) * UInt128(powersOfFive[exponent])
            return rounded(product) * Double(sign: .plus, exponent: exponent, significand: 1)
        }
        if exponent < 0 && exponent >= -27 {
            // m / 5^k with m normalised to 128 bits: a quotient of at least 64 bits, the remainder as
            // a sticky bit, one rounding, then an exact scaling by 2^-(64 + shift + k).
            let k = -exponent
            let shift = mantissa.leadingZeroBitCount
            let numerator = UInt128(mantissa << shift) << 64
            let (quotient, remainder) = numerator.quotientAndRemainder(dividingBy: UInt128(powersOfFive[k]))
            return rounded(remainder == 0 ? quotient : quotient | 1) * Double(sign: .plus, exponent: -(64 + shift + k), significand: 1)
        }
        return nil
    }

    /// The double nearest a 128-bit integer (ties to even): its top 64 bits with the rest folded into a
    /// sticky bit round exactly as the whole does, and `Double(UInt64)` rounds correctly.
    @inline(__always) static func rounded(_ value: UInt128) -> Double {
        let high = UInt64(truncatingIfNeeded: value >> 64)
        if high == 0 { return Double(UInt64(truncatingIfNeeded: value)) }
        let shift = high.leadingZeroBitCount
        let normalized = value << shift
        let top = UInt64(truncatingIfNeeded: normalized >> 64)
        let sticky: UInt64 = UInt64(truncatingIfNeeded: normalized) == 0 ? 0 : 1
        return Double(top | sticky) * Double(sign: .plus, exponent: 64 - shift, significand: 1)
    }

    /// Rare cases (more than 19 significant digits, extreme exponents): the standard library's parser.
    static func slowDouble(_ bytes: UnsafePointer<UInt8>, _ span: NumberSpan) -> Double {
        let text = String(decoding: UnsafeBufferPointer(start: bytes + span.start, count: span.end - span.start), as: UTF8.self)
        return Double(text) ?? .nan
    }

    /// The exponent after `e`, clamped to ±1,000,000 (anything past that is out of every range).
    private static func exponentValue(_ bytes: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        guard start < end else { return 0 }
        var i = start + 1
        var negative = false
        if bytes[i] == UInt8(ascii: "-") { negative = true; i += 1 } else if bytes[i] == UInt8(ascii: "+") { i += 1 }
        var value = 0
        while i < end {
            value = min(value * 10 + Int(bytes[i] - UInt8(ascii: "0")), 1_000_000)
            i += 1
        }
        return negative ? -value : value
    }

    private static let powersOfTen: [Double] = (0...22).map { n in (0..<n).reduce(1.0) { acc, _ in acc * 10 } }
    private static let powersOfFive: [UInt64] = (0...27).map { n in (0..<n).reduce(1) { acc, _ in acc * 5 } }
}
