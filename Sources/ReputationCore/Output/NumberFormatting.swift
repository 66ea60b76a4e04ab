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
    /// Between 1e-4 and 2^53 Swift's shortest round-trip text is already Python's `repr` (checked against
    /// CPython on 9,600 values), so only the rest is re-laid out. No `String` is made: results print many numbers.
    static func writeShortest(_ value: Double, into start: UnsafeMutablePointer<UInt8>) -> Int {
        var text = ASCIIWriter(start: start)
        guard value.isFinite else {
            text.put("null")
            return text.count
        }
        let magnitude = value.magnitude
        if magnitude < 0x1p53, value == value.rounded(.towardZero), value != 0 || value.sign == .plus {
            // A whole number (common in results): its digits and `.0`, as `repr` prints it.
            text.count = writeInteger(Int64(value), into: start)
            text.put(".0")
        } else if (magnitude >= 1e-4 && magnitude < 0x1p53) || magnitude == 0 {
            value.write(to: &text)
        } else {
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: shortestCapacity) { swift in
                var digits = ASCIIWriter(start: swift.baseAddress!)
                value.write(to: &digits)
                relayOut(UnsafeBufferPointer(start: swift.baseAddress!, count: digits.count), to: &text)
            }
        }
        return text.count
    }

    /// Writes ASCII text at a pointer; what a number writes of itself lands there without making a `String`.
    struct ASCIIWriter: TextOutputStream {
        let start: UnsafeMutablePointer<UInt8>
        var count = 0

        mutating func write(_ string: String) {
            for byte in string.utf8 { put(byte) }
        }
        /// What numbers call (their text is ASCII).
        mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
            (start + count).update(from: buffer.baseAddress!, count: buffer.count)
            count += buffer.count
        }
        mutating func put(_ byte: UInt8) {
            start[count] = byte
            count += 1
        }
        mutating func put(_ bytes: UnsafeBufferPointer<UInt8>.SubSequence) {
            for byte in bytes { put(byte) }
        }
        mutating func put(_ text: StaticString) {
            _writeASCII(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }
        mutating func zeros(_ n: Int) {
            for _ in 0..<max(n, 0) { put(UInt8(ascii: "0")) }
        }
    }

    /// Python's layout of Swift's shortest digits (`text`, such as `-1.234e-05` or `1e+16`), for finite
    /// values outside 1e-4..<2^53: fixed notation when the decimal exponent is in -4..<16, else one digit,
    /// the other digits after a point if any, and a signed exponent of at least two digits.
    private static func relayOut(_ text: UnsafeBufferPointer<UInt8>, to out: inout ASCIIWriter) {
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
        // The digits without the point, leading and trailing zeros; `point` digits come before the point.
        let dot = rest.firstIndex(of: UInt8(ascii: "."))
        var point = (dot.map { $0 - rest.startIndex } ?? rest.count) + exponent
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: rest.count) { buffer in
            var n = 0
            for d in rest where d != UInt8(ascii: ".") {
                buffer[n] = d
                n += 1
            }
            var digits = UnsafeBufferPointer(rebasing: buffer[..<n])[...]
            while digits.first == UInt8(ascii: "0") { digits = digits.dropFirst(); point -= 1 }
            while digits.last == UInt8(ascii: "0") { digits = digits.dropLast() }
            if negative { out.put(UInt8(ascii: "-")) }
            if digits.isEmpty { return out.put("0.0") }
            if point > -4 && point <= 16 {
                if point <= 0 {
                    out.put("0.")
                    out.zeros(-point)
                    out.put(digits)
                } else if point >= digits.count {
                    out.put(digits)
                    out.zeros(point - digits.count)
                    out.put(".0")
                } else {
                    out.put(digits.prefix(point))
                    out.put(UInt8(ascii: "."))
                    out.put(digits.dropFirst(point))
                }
                return
            }
            out.put(digits.first!)
            if digits.count > 1 {
                out.put(UInt8(ascii: "."))
                out.put(digits.dropFirst())
            }
            let e = point - 1
            out.put(e < 0 ? "e-" : "e+")
            if abs(e) < 10 { out.put(UInt8(ascii: "0")) }
            out.count += writeInteger(Int64(abs(e)), into: out.start + out.count)
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
        var magnitude = value.magnitude
        var digits = 0
        var rest = magnitude
        repeat {
            digits += 1
            rest /= 10
        } while rest > 0
        let sign = value < 0 ? 1 : 0
        if sign == 1 { start[0] = UInt8(ascii: "-") }
        var i = sign + digits
        repeat {
            i -= 1
            start[i] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
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
