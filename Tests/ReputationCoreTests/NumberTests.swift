@testable import ReputationCore
import Foundation
import Testing

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
