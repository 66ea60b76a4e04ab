/// Messages that break MODEL.md §1 in every way the issue lists, each with the outcome it must get.
public enum MalformedCorpus {
    public struct Case: Sendable {
        public var name: String
        public var bytes: [UInt8]
        /// The `error_code` it must fail with, or nil when it is valid and must be scored.
        public var expectedCode: String?
        /// A part of the error message (the field path), when it fails.
        public var messageContains: String?

        public init(name: String, bytes: [UInt8], expectedCode: String?, messageContains: String?) {
            self.name = name
            self.bytes = bytes
            self.expectedCode = expectedCode
            self.messageContains = messageContains
        }
    }

    static func message(_ transactions: String, wallet: String = "\"0xabc\"") -> String {
        "{\"wallet_address\":\(wallet),\"data\":[{\"protocolType\":\"dexes\",\"transactions\":[\(transactions)]}]}"
    }

    static let swap = "{\"document_id\":\"d1\",\"action\":\"swap\",\"timestamp\":1700000000,\"poolId\":\"p\",\"tokenIn\":{\"amountUSD\":10.5,\"symbol\":\"USDC\"}}"

    static func swap(replacing field: String, with value: String) -> String {
        let fields = ["\"document_id\":\"d2\"", "\"action\":\"swap\"", "\"timestamp\":1700000100", "\"poolId\":\"p\"",
                      "\"tokenIn\":{\"amountUSD\":10.5,\"symbol\":\"USDC\"}"]
        let replaced = fields.map { $0.hasPrefix("\"\(field)\":") ? "\"\(field)\":\(value)" : $0 }
        return "{" + replaced.joined(separator: ",") + "}"
    }

    static func token(_ field: String, _ value: String) -> String {
        "{\"document_id\":\"d2\",\"action\":\"deposit\",\"timestamp\":1700000100,\"token0\":{\"\(field)\":\(value)}}"
    }

    static func text(_ name: String, _ text: String, _ code: String?, _ contains: String? = nil) -> Case {
        Case(name: name, bytes: Array(text.utf8), expectedCode: code, messageContains: contains)
    }

    /// The corpus. Large cases (10 MB string, 10,000-deep nesting, over-size) are built on demand.
    public static var cases: [Case] {
        var cases: [Case] = [
            text("truncated JSON", "{\"wallet_address\":\"0x1\",\"data\":[", "invalid_json"),
            text("missing close brace", message(swap).dropLast().description, "invalid_json"),
            text("trailing comma", message(swap + ","), "invalid_json"),
            text("trailing garbage", message(swap) + " x", "invalid_json"),
            text("single quotes", "{'wallet_address':'0x1'}", "invalid_json"),
            text("NaN literal", message(token("amountUSD", "NaN")), "invalid_json"),
            text("Infinity literal", message(token("amountUSD", "Infinity")), "invalid_json"),
            text("-Infinity literal", message(token("amountUSD", "-Infinity")), "invalid_json"),
            text("leading zero", message(swap(replacing: "timestamp", with: "01700000000")), "invalid_json"),
            text("lone surrogate escape", message(swap(replacing: "poolId", with: "\"\\ud800\"")), "invalid_json"),
            text("lone low surrogate", "{\"wallet_address\":\"0x\\udc00\",\"data\":[]}", "invalid_json"),
            text("bad escape", message(swap(replacing: "poolId", with: "\"\\x41\"")), "invalid_json"),
            text("raw control character", message(swap(replacing: "poolId", with: "\"a\tb\"")), "invalid_json"),
            text("empty message", "", "invalid_json"),
            text("only whitespace", "   ", "invalid_json"),
            text("top-level number", "42", "invalid_field"),
            text("top-level array", "[1,2]", "invalid_field"),
            text("top-level string", "\"wallet\"", "invalid_field"),
            text("missing wallet_address", "{\"data\":[]}", "missing_field", "wallet_address"),
            text("missing data", "{\"wallet_address\":\"0x1\"}", "missing_field", "data"),
            text("wallet_address number", "{\"wallet_address\":12,\"data\":[]}", "invalid_field", "wallet_address"),
            text("wallet_address empty", "{\"wallet_address\":\"\",\"data\":[]}", "invalid_field", "wallet_address"),
            text("data object", "{\"wallet_address\":\"0x1\",\"data\":{}}", "invalid_field", "data"),
            text("data null", "{\"wallet_address\":\"0x1\",\"data\":null}", "invalid_field", "data"),
            text("section not an object", "{\"wallet_address\":\"0x1\",\"data\":[5]}", "invalid_field", "data[0]"),
            text("dexes without transactions", "{\"wallet_address\":\"0x1\",\"data\":[{\"protocolType\":\"dexes\"}]}",
                 "missing_field", "data[0].transactions"),
            text("transactions null", "{\"wallet_address\":\"0x1\",\"data\":[{\"protocolType\":\"dexes\",\"transactions\":null}]}",
                 "invalid_field", "data[0].transactions"),
            text("transaction not an object", message(swap + ",7"), "invalid_field", "data[0].transactions[1]"),
            text("missing document_id", message("{\"action\":\"swap\",\"timestamp\":1}"), "missing_field", "document_id"),
            text("missing action", message("{\"document_id\":\"a\",\"timestamp\":1}"), "missing_field", "action"),
            text("missing timestamp", message("{\"document_id\":\"a\",\"action\":\"swap\"}"), "missing_field", "timestamp"),
            text("empty document_id", message(swap(replacing: "document_id", with: "\"\"")), "invalid_field", "document_id"),
            text("document_id number", message(swap(replacing: "document_id", with: "17")), "invalid_field", "document_id"),
            text("action number", message(swap(replacing: "action", with: "5")), "invalid_field", "action"),
            text("timestamp string", message(swap + "," + swap(replacing: "timestamp", with: "\"abc\"")), "invalid_field",
                 "data[0].transactions[1].timestamp: expected integer seconds, got \"abc\""),
            text("fractional timestamp", message(swap(replacing: "timestamp", with: "1703980800.5")), "invalid_field", "timestamp"),
            text("negative timestamp", message(swap(replacing: "timestamp", with: "-5")), "invalid_field", "timestamp"),
            text("huge timestamp", message(swap(replacing: "timestamp", with: "1e20")), "invalid_field", "timestamp"),
            text("timestamp null", message(swap(replacing: "timestamp", with: "null")), "invalid_field", "timestamp"),
            text("whole timestamp with fraction", message(swap(replacing: "timestamp", with: "1703980800.000")), nil),
            text("timestamp with exponent", message(swap(replacing: "timestamp", with: "1.7e9")), nil),
            text("poolId bool", message(swap(replacing: "poolId", with: "true")), "invalid_field", "poolId"),
            text("tokenIn array", message(swap(replacing: "tokenIn", with: "[]")), "invalid_field", "tokenIn"),
            text("negative amountUSD", message(token("amountUSD", "-1.5")), "invalid_field", "token0.amountUSD"),
            text("amountUSD out of range", message(token("amountUSD", "1e400")), "invalid_field", "amountUSD"),
            text("amountUSD underflow", message(token("amountUSD", "1e-400")), "invalid_field", "amountUSD"),
            text("amountUSD string", message(token("amountUSD", "\"12.5\"")), "invalid_field", "amountUSD"),
            text("amountUSD subnormal", message(token("amountUSD", "5e-324")), nil),
            text("amount not digits", message(token("amount", "\"12a\"")), "invalid_field", "token0.amount"),
            text("amount empty string", message(token("amount", "\"\"")), "invalid_field", "amount"),
            text("amount bool", message(token("amount", "true")), "invalid_field", "amount"),
            text("amount above 2^64 as number", message(token("amount", "123456789012345678901234567890123456789012345678901234567890")), nil),
            text("amount beyond Decimal", message(token("amount", "1e400")), nil),
            text("symbol number", message(token("symbol", "5")), "invalid_field", "symbol"),
            text("no dexes section", "{\"wallet_address\":\"0x1\",\"data\":[{\"protocolType\":\"lending\",\"transactions\":[1]}]}",
                 "no_dex_transactions"),
            text("empty dexes", message(""), "no_dex_transactions"),
            text("duplicate keys, first wins", "{\"wallet_address\":\"0xfirst\",\"wallet_address\":5,\"data\":[{\"protocolType\":\"dexes\",\"transactions\":[{\"document_id\":\"a\",\"timestamp\":1700000000,\"action\":\"swap\",\"timestamp\":\"bad\"}]}]}", nil),
            text("escaped keys", "{\"wallet\\u005faddress\":\"0x1\",\"d\\u0061ta\":[{\"protocolType\":\"de\\u0078es\",\"transactions\":[\(swap)]}]}", nil),
            text("byte order mark", "\u{FEFF}" + message(swap), nil),
            text("protocolType after transactions", "{\"wallet_address\":\"0x1\",\"data\":[{\"transactions\":[\(swap),{\"document_id\":\"x\"}],\"protocolType\":\"dexes\"}]}",
                 "missing_field", "data[0].transactions[1].action"),
            text("precedence: wallet_address before data", "{\"data\":[{\"protocolType\":\"dexes\",\"transactions\":[7]}],\"wallet_address\":false}",
                 "invalid_field", "wallet_address"),
            text("precedence: first field by rank", message("{\"tokenIn\":{\"amountUSD\":-1},\"timestamp\":\"x\",\"document_id\":\"a\",\"action\":\"swap\"}"),
                 "invalid_field", "timestamp"),
        ]
        let invalidUTF8: [(String, [UInt8])] = [
            ("invalid UTF-8 byte", [0xFF]), ("overlong UTF-8", [0xC0, 0xAF]), ("UTF-8 surrogate", [0xED, 0xA0, 0x80]),
            ("truncated UTF-8", [0xE2, 0x82]), ("UTF-8 above U+10FFFF", [0xF4, 0x90, 0x80, 0x80]),
        ]
        for (name, bad) in invalidUTF8 {
            cases.append(Case(name: name, bytes: Array("{\"wallet_address\":\"0x".utf8) + bad + Array("\",\"data\":[]}".utf8),
                              expectedCode: "invalid_json", messageContains: nil))
        }
        return cases
    }

    /// Arrays nested `depth` deep inside a non-dex section.
    public static func deepNesting(_ depth: Int = 10_000) -> Case {
        let nested = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        return text("nesting \(depth) deep", "{\"wallet_address\":\"0x1\",\"data\":[{\"protocolType\":\"lending\",\"transactions\":\(nested)}]}", "too_large")
    }

    /// A valid message with a string of `bytes` bytes in an unread field: scored.
    public static func hugeString(_ bytes: Int = 10_000_000) -> Case {
        let transaction = "{\"document_id\":\"d1\",\"action\":\"swap\",\"timestamp\":1700000000,\"poolName\":\"\(String(repeating: "x", count: bytes))\"}"
        return text("\(bytes)-byte string", message(transaction), nil)
    }

    /// A message over `limit` bytes: `too_large`.
    public static func overSize(limit: Int = 16 << 20) -> Case {
        text("over \(limit) bytes", message(swap).replacingOccurrences(of: "\"0xabc\"", with: "\"0x\(String(repeating: "a", count: limit))\""), "too_large")
    }
}

import Foundation
