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

    /// Appends ``shortest(_:)``'s text. Between 1e-4 and 2^53 Swift's shortest round-trip text is already
    /// Python's `repr` (checked against CPython on 9,600 values), so only the rest is re-laid out. The
    /// digits are written straight into `out` (no `String` is made: results print many numbers).
    static func appendShortest(_ value: Double, to out: inout [UInt8]) {
        guard value.isFinite else { return out.append(contentsOf: "null".utf8) }
        let magnitude = value.magnitude
        if magnitude < 0x1p53, value == value.rounded(.towardZero), value != 0 || value.sign == .plus {
            // A whole number (common in results): its digits and `.0`, as `repr` prints it.
            appendInteger(Int64(value), to: &out)
            out.append(UInt8(ascii: "."))
            out.append(UInt8(ascii: "0"))
        } else if (magnitude >= 1e-4 && magnitude < 0x1p53) || magnitude == 0 {
            var sink = ByteSink()
            swap(&sink.bytes, &out)
            value.write(to: &sink)
            swap(&sink.bytes, &out)
        } else {
            var sink = ByteSink()
            value.write(to: &sink)
            appendRelaidOut(sink.bytes, to: &out)
        }
    }

    /// Collects the ASCII text a number writes of itself.
    private struct ByteSink: TextOutputStream {
        var bytes: [UInt8] = []
        mutating func write(_ string: String) { bytes.append(contentsOf: string.utf8) }
        /// What numbers call (their text is ASCII): the bytes as they are, without making a `String`.
        mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: buffer) }
    }

    /// Python's layout of Swift's shortest digits (`text`, such as `-1.234e-05` or `1e+16`), for finite
    /// values outside 1e-4..<2^53: fixed notation when the decimal exponent is in -4..<16, else one digit,
    /// the other digits after a point if any, and a signed exponent of at least two digits.
    private static func appendRelaidOut(_ text: [UInt8], to out: inout [UInt8]) {
        var rest = text[...]
        let negative = rest.first == UInt8(ascii: "-")
        if negative { rest = rest.dropFirst() }
        var exponent = 0
        if let e = rest.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            var digits = rest[(e + 1)...]
            let negativeExponent = digits.first == UInt8(ascii: "-")
            if digits.first == UInt8(ascii: "-") || digits.first == UInt8(ascii: "+") { digits = digits.dropFirst() }
            for d in digits { exponent = exponent * 10 + Int(d - UInt8(ascii: "0")) }
            if negativeExponent { exponent = -exponent }
            rest = rest[..<e]
        }
        var digits = rest.filter { $0 != UInt8(ascii: ".") }[...]
        var point = (rest.firstIndex(of: UInt8(ascii: ".")).map { $0 - rest.startIndex } ?? rest.count) + exponent
        while digits.first == UInt8(ascii: "0") { digits = digits.dropFirst(); point -= 1 }
        while digits.last == UInt8(ascii: "0") { digits = digits.dropLast() }
        if negative { out.append(UInt8(ascii: "-")) }
        func zeros(_ n: Int) { out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: n)) }
        if digits.isEmpty { return out.append(contentsOf: "0.0".utf8) }
        if point > -4 && point <= 16 {
            if point <= 0 {
                out.append(contentsOf: "0.".utf8)
                zeros(-point)
                out.append(contentsOf: digits)
            } else if point >= digits.count {
                out.append(contentsOf: digits)
                zeros(point - digits.count)
                out.append(contentsOf: ".0".utf8)
            } else {
                out.append(contentsOf: digits.prefix(point))
                out.append(UInt8(ascii: "."))
                out.append(contentsOf: digits.dropFirst(point))
            }
            return
        }
        out.append(digits.first!)
        if digits.count > 1 {
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: digits.dropFirst())
        }
        let e = point - 1
        out.append(contentsOf: (e < 0 ? "e-" : "e+").utf8)
        if abs(e) < 10 { out.append(UInt8(ascii: "0")) }
        appendInteger(Int64(abs(e)), to: &out)
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
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var i = 20
            repeat {
                i -= 1
                digits[i] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[i...]))
        }
    }

    /// C's `%.18f` of the double: its exact binary value rounded to 18 decimals.
    static func fixed18(_ value: Double) -> String {
        var out: [UInt8] = []
        appendFixed18(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func appendFixed18(_ value: Double, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 400) { buffer in
            let n = withVaList([value]) { vsnprintf(buffer.baseAddress!, buffer.count, "%.18f", $0) }
            buffer.withMemoryRebound(to: UInt8.self) { out.append(contentsOf: $0.prefix(Int(n))) }
        }
    }
}
