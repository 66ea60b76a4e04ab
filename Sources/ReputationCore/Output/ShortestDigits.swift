/// The shortest decimal digits that read back as a given double, and of those the nearest to it (ties to an
/// even last digit): the digits of Python's `repr` and of Swift's `description`, without the standard
/// library's printer (whose text would have to be parsed back) and in fewer instructions.
///
/// Schubfach (R. Giulietti, "The Schubfach way to render doubles", 2020; the 64-bit form of
/// A. Bolz's C++ port): with k = ⌊log10 2^q⌋ the interval of decimals that round to c·2^q holds at most one
/// multiple of 10^(k+1) and at least one of 10^k, so the answer is one of four candidates, found from three
/// products rounded to odd with a 128-bit power of ten (``powersOfTenHigh``, ``powersOfTenLow``).
enum ShortestDigits {
    /// `digits` × 10^`exponent`, `digits` without trailing zeros (and 0 only for zero).
    struct Decimal: Equatable {
        var digits: UInt64
        var exponent: Int
    }

    /// The decimal of a finite, non-negative double.
    static func decimal(_ value: Double) -> Decimal {
        let fraction = value.significandBitPattern
        let biased = Int(value.exponentBitPattern)
        guard biased != 0 || fraction != 0 else { return Decimal(digits: 0, exponent: 0) }
        var c: UInt64, q: Int
        if biased != 0 {
            c = fraction | (1 << 52)
            q = biased - 1075
            if q <= 0 && q > -53 && c & ((1 << UInt64(-q)) - 1) == 0 {   // a whole number below 2^53
                return stripped(Decimal(digits: c >> UInt64(-q), exponent: 0))
            }
        } else {
            c = fraction
            q = -1074
        }
        let even = c & 1 == 0
        // The lower neighbour is half as far when c is a power of two (and not the smallest normal).
        let lowerIsCloser = fraction == 0 && biased > 1
        let cbl = 4 &* c &- 2 &+ (lowerIsCloser ? 1 : 0), cb = 4 &* c, cbr = 4 &* c &+ 2
        // k = ⌊log10 2^q⌋, or ⌊log10 (3/4)·2^q⌋ when the lower neighbour is closer.
        let k = (q &* 1_262_611 &- (lowerIsCloser ? 524_031 : 0)) >> 22
        let h = q + ((-k &* 1_741_647) >> 19) + 1   // q + ⌊log2 10^-k⌋ + 1, in 1...4
        let index = -k - minPowerOfTen
        let g = (high: powersOfTenHigh[index], low: powersOfTenLow[index])
        let vbl = roundToOdd(g, cbl << UInt64(h))
        let vb = roundToOdd(g, cb << UInt64(h))
        let vbr = roundToOdd(g, cbr << UInt64(h))
        let lower = vbl &+ (even ? 0 : 1), upper = vbr &- (even ? 0 : 1)

        let s = vb / 4   // ⌊v / 10^k⌋
        if s >= 10 {
            // The multiples of 10^(k+1) around v: at most one is inside the interval.
            let sp = s / 10
            let upInside = lower <= 40 &* sp, wpInside = 40 &* sp &+ 40 <= upper
            if upInside != wpInside { return stripped(Decimal(digits: sp &+ (wpInside ? 1 : 0), exponent: k + 1)) }
        }
        let uInside = lower <= 4 &* s, wInside = 4 &* s &+ 4 <= upper
        if uInside != wInside { return stripped(Decimal(digits: s &+ (wInside ? 1 : 0), exponent: k)) }
        // Both s and s + 1 are inside: the nearer, ties to even.
        let mid = 4 &* s &+ 2
        let roundUp = vb > mid || (vb == mid && s & 1 != 0)
        return stripped(Decimal(digits: s &+ (roundUp ? 1 : 0), exponent: k))
    }

    /// ⌊g·cp / 2^128⌋, its lowest bit set when the rest of the product is not zero (rounding to odd).
    @inline(__always) private static func roundToOdd(_ g: (high: UInt64, low: UInt64), _ cp: UInt64) -> UInt64 {
        let x = g.low.multipliedFullWidth(by: cp)
        let y = g.high.multipliedFullWidth(by: cp)
        let (middle, carry) = y.low.addingReportingOverflow(x.high)
        let top = y.high &+ (carry ? 1 : 0)
        return top | (middle > 1 ? 1 : 0)
    }

    /// The same decimal without the trailing zeros of its digits.
    @inline(__always) private static func stripped(_ d: Decimal) -> Decimal {
        var d = d
        while d.digits != 0 {
            let (quotient, remainder) = d.digits.quotientAndRemainder(dividingBy: 10)
            guard remainder == 0 else { break }
            d.digits = quotient
            d.exponent += 1
        }
        return d
    }
}
