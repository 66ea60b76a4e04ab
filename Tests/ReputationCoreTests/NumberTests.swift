@testable import ReputationCore
import Foundation
import Testing
import WalletCorpus

/// Number reading is exact, and number printing is Python's.
@Suite struct NumberTests {
    func parse(_ text: String) -> (value: Double, nonZero: Bool) {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            var lexer = JSONLexer(bytes: buffer.baseAddress!, count: buffer.count, maxDepth: 8)
            let span = try! lexer.readNumber()
            return NumberValue.double(buffer.baseAddress!, span)
        }
    }

    func timestamp(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            var lexer = JSONLexer(bytes: buffer.baseAddress!, count: buffer.count, maxDepth: 8)
            return NumberValue.timestamp(buffer.baseAddress!, try! lexer.readNumber())
        }
    }

    /// Correct rounding on every path (fast, 128-bit, library fallback) agrees with the standard library.
    @Test func doublesRoundLikeTheStandardLibrary() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<200_000 {
            let digits = Int.random(in: 1...22, using: &random)
            var text = String(UInt64.random(in: 1...9, using: &random))
            for _ in 1..<digits { text += String(UInt64.random(in: 0...9, using: &random)) }
            let point = Int.random(in: 0...text.count, using: &random)
            if point < text.count { text.insert(".", at: text.index(text.startIndex, offsetBy: point)) }
            if point == 0 { text = "0" + text }
            if Bool.random(using: &random) { text += "e\(Int.random(in: -40...40, using: &random))" }
            #expect(parse(text).value == Double(text)!, "\(text)")
        }
        let edge = ["0", "-0", "0.0", "1e400", "-1e400", "1e-400", "5e-324", "2.2250738585072014e-308",
                    "9007199254740993", "18446744073709551615", "18446744073709551616", "0.1", "123456789012345678901234567890",
                    "1.7976931348623157e308", "4.9406564584124654e-324", "0.30000000000000004"]
        for text in edge { #expect(parse(text).value == Double(text)!, "\(text)") }
        #expect(parse("-0").value.sign == .minus)
        #expect(parse("1e-400") == (0, true))
        #expect(parse("0e999") == (0, false))
    }

    @Test func timestampsMustBeWholeSecondsInRange() {
        #expect(timestamp("1703980800") == 1_703_980_800)
        #expect(timestamp("1703980800.000") == 1_703_980_800)
        #expect(timestamp("1.7039808e9") == 1_703_980_800)
        #expect(timestamp("17039808000e-1") == 1_703_980_800)
        #expect(timestamp("0") == 0)
        #expect(timestamp("-0") == 0)
        #expect(timestamp("253402300799") == 253_402_300_799)
        #expect(timestamp("253402300800") == nil)
        #expect(timestamp("1703980800.5") == nil)
        #expect(timestamp("-1") == nil)
        #expect(timestamp("1e20") == nil)
        #expect(timestamp("1e-5") == nil)
        #expect(timestamp("100000000000000000000000000001") == nil)
    }

    /// Expected texts are CPython's `repr` of the same doubles.
    @Test func shortestIsPythonRepr() {
        let cases: [(Double, String)] = [
            (0, "0.0"), (1, "1.0"), (300, "300.0"), (0.1, "0.1"), (0.0001, "0.0001"), (0.00001, "1e-05"),
            (1e15, "1000000000000000.0"), (1e16, "1e+16"), (9.5e15, "9500000000000000.0"), (2e16, "2e+16"),
            (123456789012345680, "1.2345678901234568e+17"), (5e-324, "5e-324"), (1.7976931348623157e308, "1.7976931348623157e+308"),
            (0.010416666666666666, "0.010416666666666666"), (195.05208333333334, "195.05208333333334"),
            (-2.5, "-2.5"), (-0.00001234, "-1.234e-05"), (1.5e-7, "1.5e-07"), (4368.583333333333, "4368.583333333333"),
        ]
        for (value, text) in cases { #expect(NumberFormatting.shortest(value) == text) }
    }

    /// The formatter writes its digits without making strings; it must print exactly what formatting
    /// Swift's `description` did (the reference below, the project's earlier formatter) on every kind of double.
    @Test func shortestEqualsTheDescriptionBasedReference() {
        var generator = SeededGenerator(seed: 42)
        var values: [Double] = [0, -0.0, 1, -1, 0x1p53, 0x1p53 - 1, -0x1p53, 1e16, 9.5e15, 1e-4, 0.99999e-4, 1e22, 1e23, 5e-324,
                                .greatestFiniteMagnitude, .leastNormalMagnitude, .pi, 1 / 3]
        for i in 0..<200_000 {
            let bits = generator.next()
            switch i % 5 {
            case 0: values.append(Double(bitPattern: bits))                                  // any double
            case 1: values.append(Double(bits >> 11) / 0x1p53)                               // 0..<1
            case 2: values.append(Double(Int64(bitPattern: bits) >> 20))                     // whole, both signs
            case 3: values.append(Double(bits >> 11) / 0x1p53 * pow(10, Double(Int(bits % 40) - 20)))   // 1e-20 … 1e20
            default: values.append(Double(Int(bits % 2_000_001) - 1_000_000) / 64)           // short fractions
            }
        }
        var differences = 0
        for value in values where value.isFinite && NumberFormatting.shortest(value) != Self.reference(value) {
            differences += 1
            if differences <= 5 { Issue.record("\(Self.reference(value)): printed \(NumberFormatting.shortest(value))") }
        }
        #expect(differences == 0)
    }

    /// Integers as `description` writes them: every digit count, both sides of each power of ten, both
    /// signs, zero and the extremes (the writer shares the shortest printer's digit loop).
    @Test func integersLikeDescription() {
        var values: [Int64] = [0, .min, .max, .min + 1, .max - 1]
        var power: Int64 = 1
        for _ in 0..<19 {
            values += [power - 1, power, power + 1, 7 * power]
            if power <= Int64.max / 10 { power *= 10 }
        }
        var generator = SeededGenerator(seed: 3)
        values += (0..<2000).map { _ in Int64(bitPattern: generator.next()) >> (generator.next() % 64) }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: NumberFormatting.integerCapacity) { buffer in
            for value in values + values.map({ $0 == .min ? .max : -$0 }) {
                let count = NumberFormatting.writeInteger(value, into: buffer.baseAddress!)
                #expect(String(decoding: UnsafeBufferPointer(rebasing: buffer[..<count]), as: UTF8.self) == value.description)
            }
        }
    }

    /// ``ShortestDigits`` reads one power of ten per binary exponent: every exponent (so every entry of its
    /// table), with the significands at its edges (where the lower neighbour is nearer) and random ones,
    /// prints what Swift's `description` does.
    @Test func shortestOnEveryBinaryExponent() {
        var generator = SeededGenerator(seed: 7)
        var differences = 0
        for exponent in UInt64(0)...2046 {
            var fractions: [UInt64] = [0, 1, 2, (1 << 52) - 1, (1 << 52) - 2, 1 << 51]
            for _ in 0..<8 { fractions.append(generator.next() >> 12) }
            for fraction in fractions {
                let value = Double(bitPattern: exponent << 52 | fraction)
                guard value != 0 else { continue }
                for signed in [value, -value] where NumberFormatting.shortest(signed) != Self.reference(signed) {
                    differences += 1
                    if differences <= 5 { Issue.record("\(Self.reference(signed)): printed \(NumberFormatting.shortest(signed))") }
                }
            }
        }
        #expect(differences == 0)
    }

    /// Python's `repr` from Swift's `description`, re-laid out as strings outside 1e-4..<2^53.
    static func reference(_ value: Double) -> String {
        let magnitude = value.magnitude
        if (magnitude >= 1e-4 && magnitude < 0x1p53) || magnitude == 0 { return value.description }
        var text = value.description
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

    @Test func wholeNumbersAndFixed18() {
        #expect(ModelNumber.whole(20).description == "20")
        #expect(ModelNumber.real(20).description == "20.0")
        #expect(ModelNumber.parameter(300).isWhole)
        #expect(!ModelNumber.parameter(300.5).isWhole)
        #expect(NumberFormatting.fixed18(143.03125) == "143.031250000000000000")
        #expect(NumberFormatting.fixed18(286.2115) == "286.211500000000000909")
        #expect(NumberFormatting.fixed18(0) == "0.000000000000000000")
    }
}
