/// A number as the model's formulas type it, so results print as the Python service printed them:
/// whole-number arithmetic stays whole (`"frequency_score": 20`), a value that went through a
/// division or a fractional operand is real (`"volume_score": 30.0`). `min` and `max` return their
/// first argument on a tie, as Python's do.
public struct ModelNumber: Sendable, Equatable, CustomStringConvertible {
    public var value: Double
    /// Printed without a fraction (a Python `int`).
    public var isWhole: Bool

    public static func whole(_ value: Double) -> ModelNumber { ModelNumber(value: value, isWhole: true) }
    public static func real(_ value: Double) -> ModelNumber { ModelNumber(value: value, isWhole: false) }
    /// A count, always whole.
    static func count(_ n: Int) -> ModelNumber { .whole(Double(n)) }
    /// A parameter: whole when its value is a whole number.
    static func parameter(_ value: Double) -> ModelNumber {
        ModelNumber(value: value, isWhole: value == value.rounded() && abs(value) < 0x1p53)
    }

    static func + (a: ModelNumber, b: ModelNumber) -> ModelNumber {
        ModelNumber(value: a.value + b.value, isWhole: a.isWhole && b.isWhole)
    }
    static func - (a: ModelNumber, b: ModelNumber) -> ModelNumber {
        ModelNumber(value: a.value - b.value, isWhole: a.isWhole && b.isWhole)
    }
    static func * (a: ModelNumber, b: ModelNumber) -> ModelNumber {
        ModelNumber(value: a.value * b.value, isWhole: a.isWhole && b.isWhole)
    }
    static func / (a: ModelNumber, b: ModelNumber) -> ModelNumber { .real(a.value / b.value) }
    static func min(_ a: ModelNumber, _ b: ModelNumber) -> ModelNumber { b.value < a.value ? b : a }
    static func max(_ a: ModelNumber, _ b: ModelNumber) -> ModelNumber { b.value > a.value ? b : a }

    /// The JSON text: `20` when whole, else Python's `repr` of the double (`30.0`, `1e-05`).
    public var description: String {
        var out: [UInt8] = []
        append(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    func append(to out: inout [UInt8]) {
        if isWhole { NumberFormatting.appendInteger(value, to: &out) } else { NumberFormatting.appendShortest(value, to: &out) }
    }
}
