import Foundation

/// How result numbers are printed: as the Python service printed them.
enum NumberFormatting {
    /// Python's `repr` of a double: the shortest digits that round-trip, fixed notation with at least one
    /// fractional digit (`1000.0`, `0.0001`) when the decimal exponent is in -4..<16, else scientific
    /// with a two-digit exponent (`1e-05`, `1.5e+16`).
    static func shortest(_ value: Double) -> String {
        var out: [UInt8] = []
        appendShortest(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The most bytes ``writeShortest(_:into:)`` writes (`-2.2250738585072014e-308` is 24).
    static let shortestCapacity = 32

    /// Appends ``shortest(_:)``'s text.
    static func appendShortest(_ value: Double, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: shortestCapacity) { buffer in
            out.append(contentsOf: UnsafeBufferPointer(start: buffer.baseAddress!, count: writeShortest(value, into: buffer.baseAddress!)))
        }
    }

    /// Writes ``shortest(_:)``'s text at `start` (room for ``shortestCapacity`` bytes) and returns its length.
    /// The digits are ``ShortestDigits``'s (those of Swift's `description` and of Python's `repr`), laid out
    /// as `repr` lays them out. No `String` is made: results print many numbers.
    static func writeShortest(_ value: Double, into start: UnsafeMutablePointer<UInt8>) -> Int {
        var text = ASCIIWriter(start: start)
        guard value.isFinite else {
            text.put("null")
            return text.count
        }
        if value.magnitude < 0x1p53, value == value.rounded(.towardZero), value != 0 || value.sign == .plus {
            // A whole number (common in results): its digits and `.0`, as `repr` prints it.
            text.count = writeInteger(Int64(value), into: start)
            text.put(".0")
            return text.count
        }
        if value.sign == .minus { text.put(UInt8(ascii: "-")) }
        let decimal = ShortestDigits.decimal(value.magnitude)
        guard decimal.digits != 0 else {
            text.put("0.0")
            return text.count
        }
        let n = digitCount(decimal.digits)
        let point = n + decimal.exponent   // digits before the decimal point
        let at = text.start + text.count
        if point > -4 && point <= 16 {
            if point <= 0 {   // 0.000ddd
                text.put("0.")
                text.zeros(-point)
                writeDigits(decimal.digits, count: n, into: text.start + text.count)
                text.count += n
            } else if point >= n {   // ddd000.0
                writeDigits(decimal.digits, count: n, into: at)
                text.count += n
                text.zeros(point - n)
                text.put(".0")
            } else {   // dd.ddd: the digits one further on, the first `point` moved back before the point
                writeDigits(decimal.digits, count: n, into: at + 1)
                for i in 0..<point { at[i] = at[i + 1] }
                at[point] = UInt8(ascii: ".")
                text.count += n + 1
            }
            return text.count
        }
        // d.ddde±XX
        writeDigits(decimal.digits, count: n, into: at + 1)
        at[0] = at[1]
        if n > 1 {
            at[1] = UInt8(ascii: ".")
            text.count += n + 1
        } else {
            text.count += 1
        }
        let e = point - 1
        text.put(e < 0 ? "e-" : "e+")
        if abs(e) < 10 { text.put(UInt8(ascii: "0")) }
        text.count += writeInteger(Int64(abs(e)), into: text.start + text.count)
        return text.count
    }

    /// The number of decimal digits of `value`: from its bit length, corrected by one comparison.
    @inline(__always) private static func digitCount(_ value: UInt64) -> Int {
        let guess = ((64 - value.leadingZeroBitCount) &* 1233) >> 12   // ⌊bits · log10 2⌋, within one below
        return guess + (value >= powersOfTen[guess] ? 1 : 0)
    }

    /// 10^0 … 10^19 (literals: constant data, no lazy initialisation).
    private static let powersOfTen: [UInt64] = [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000,
        100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000,
        10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000, 10_000_000_000_000_000_000,
    ]

    /// Writes the `count` decimal digits of `value` at `start`: eight at a time from the right, each eight as
    /// two independent fours (so the divisions do not wait on one another), then the rest two at a time.
    @inline(__always) private static func writeDigits(_ value: UInt64, count: Int, into start: UnsafeMutablePointer<UInt8>) {
        var rest = value, end = count
        while end > 8 {
            let (quotient, eight) = rest.quotientAndRemainder(dividingBy: 100_000_000)
            let low = UInt32(truncatingIfNeeded: eight)
            writeFour(low / 10_000, into: start + end - 8)
            writeFour(low % 10_000, into: start + end - 4)
            rest = quotient
            end -= 8
        }
        let pairs = twoDigits.utf8Start
        while end >= 2 {
            let (quotient, pair) = rest.quotientAndRemainder(dividingBy: 100)
            (start + end - 2).update(from: pairs + Int(pair) &* 2, count: 2)
            rest = quotient
            end -= 2
        }
        if end == 1 { start[0] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest) }
    }

    /// Writes the four digits of `value` (below 10,000, with leading zeros) at `start`.
    @inline(__always) private static func writeFour(_ value: UInt32, into start: UnsafeMutablePointer<UInt8>) {
        let pairs = twoDigits.utf8Start
        start.update(from: pairs + Int(value / 100) &* 2, count: 2)
        (start + 2).update(from: pairs + Int(value % 100) &* 2, count: 2)
    }

    /// "00", "01", … "99".
    private static let twoDigits: StaticString = """
        0001020304050607080910111213141516171819202122232425262728293031323334353637383940414243444546474849\
        5051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899
        """

    /// Writes ASCII text at a pointer.
    struct ASCIIWriter {
        let start: UnsafeMutablePointer<UInt8>
        var count = 0

        mutating func put(_ byte: UInt8) {
            start[count] = byte
            count += 1
        }
        mutating func put(_ text: StaticString) {
            (start + count).update(from: text.utf8Start, count: text.utf8CodeUnitCount)
            count += text.utf8CodeUnitCount
        }
        mutating func zeros(_ n: Int) {
            for _ in 0..<max(n, 0) { put(UInt8(ascii: "0")) }
        }
    }

    /// A whole number without a fraction (`20`).
    static func integer(_ value: Double) -> String {
        var out: [UInt8] = []
        appendInteger(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func appendInteger(_ value: Double, to out: inout [UInt8]) {
        guard value.magnitude < 0x1p63 else { return appendShortest(value, to: &out) }
        appendInteger(Int64(value), to: &out)
    }

    /// Decimal digits of an integer, without going through `String`.
    static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: integerCapacity) { buffer in
            out.append(contentsOf: UnsafeBufferPointer(start: buffer.baseAddress!, count: writeInteger(value, into: buffer.baseAddress!)))
        }
    }

    /// The most bytes ``writeInteger(_:into:)`` writes (`-9223372036854775808`).
    static let integerCapacity = 20

    /// Writes the decimal digits of an integer at `start` (room for ``integerCapacity`` bytes); returns their count.
    static func writeInteger(_ value: Int64, into start: UnsafeMutablePointer<UInt8>) -> Int {
        let sign = value < 0 ? 1 : 0
        if sign == 1 { start[0] = UInt8(ascii: "-") }
        let digits = max(digitCount(value.magnitude), 1)   // 0 has one digit
        writeDigits(value.magnitude, count: digits, into: start + sign)
        return sign + digits
    }

    /// C's `%.18f` of the double: its exact binary value rounded to 18 decimals.
    static func fixed18(_ value: Double) -> String {
        var out: [UInt8] = []
        appendFixed18(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func appendFixed18(_ value: Double, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: fixed18Capacity) { buffer in
            out.append(contentsOf: UnsafeBufferPointer(start: buffer.baseAddress!, count: writeFixed18(value, into: buffer.baseAddress!)))
        }
    }

    /// The room ``writeFixed18(_:into:)`` needs (the largest double has 309 digits before the point).
    static let fixed18Capacity = 400

    /// Writes ``fixed18(_:)``'s text at `start` (room for ``fixed18Capacity`` bytes); returns its length.
    static func writeFixed18(_ value: Double, into start: UnsafeMutablePointer<UInt8>) -> Int {
        let n = start.withMemoryRebound(to: CChar.self, capacity: fixed18Capacity) { buffer in
            withVaList([value]) { vsnprintf(buffer, fixed18Capacity, "%.18f", $0) }
        }
        return Int(n)
    }
}
