/// Decodes the content of a JSON string token that ``JSONLexer`` has validated.
enum JSONUnescape {
    /// The UTF-8 bytes of the string's text (escapes resolved, surrogate pairs joined).
    static func bytes(_ start: UnsafePointer<UInt8>, count: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        var i = 0
        while i < count {
            let c = start[i]
            guard c == UInt8(ascii: "\\") else { out.append(c); i += 1; continue }
            let e = start[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex4(start + i)
                i += 4
                if scalar >= 0xD800 && scalar <= 0xDBFF {
                    let low = hex4(start + i + 2)
                    i += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                out.append(contentsOf: Unicode.UTF8.encode(Unicode.Scalar(scalar)!)!)
            default: out.append(e)   // \" \\ \/
            }
        }
        return out
    }

    private static func hex4(_ p: UnsafePointer<UInt8>) -> UInt32 {
        (0..<4).reduce(0) { $0 << 4 | JSONLexer.hexValue(p[$1])! }
    }
}
