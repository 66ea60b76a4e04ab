/// Re-indents compact JSON (as ``ResultWriter`` writes it) with two spaces, for `--pretty`.
enum PrettyJSON {
    static func reindent(_ out: inout [UInt8], from start: Int) {
        let compact = out[start...]
        var pretty: [UInt8] = []
        pretty.reserveCapacity(compact.count * 2)
        var depth = 0, inString = false, escaped = false
        func newline() {
            pretty.append(UInt8(ascii: "\n"))
            pretty.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * 2))
        }
        var previous: UInt8 = 0
        for c in compact {
            defer { previous = c }
            if inString {
                pretty.append(c)
                if escaped { escaped = false } else if c == UInt8(ascii: "\\") { escaped = true } else if c == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch c {
            case UInt8(ascii: "\""):
                if previous == UInt8(ascii: "{") || previous == UInt8(ascii: "[") { newline() }
                inString = true
                pretty.append(c)
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if previous == UInt8(ascii: "[") { newline() }
                depth += 1
                pretty.append(c)
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if previous != UInt8(ascii: "{") && previous != UInt8(ascii: "[") { newline() }
                pretty.append(c)
            case UInt8(ascii: ","):
                pretty.append(c)
                newline()
            case UInt8(ascii: ":"):
                pretty.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: " ")])
            default:
                if previous == UInt8(ascii: "[") { newline() }
                pretty.append(c)
            }
        }
        out.replaceSubrange(start..., with: pretty)
    }
}
