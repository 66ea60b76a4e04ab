/// The idempotent keys results are stored under, so that a replay never doubles a document.
public enum ResultKey {
    /// score-stream: the input message's `topic:partition:offset`.
    public static func stream(topic: String, partition: Int32, offset: Int64) -> String {
        "\(topic):\(partition):\(offset)"
    }

    /// score-wallet, a success: SHA-256 (hex) of `wallet_address`, `as_of` and `parameters_id` joined by
    /// the unit separator U+001F (which none of them can hold). Rescoring the same wallet at the same
    /// as-of time with the same parameters gives the same key.
    public static func wallet(address: String, asOf: Int64, parametersID: String) -> String {
        SHA256.hex("\(address)\u{1F}\(asOf)\u{1F}\(parametersID)".utf8)
    }

    /// score-wallet, a failure (it may have no wallet address): SHA-256 (hex) of `failure`, the input's
    /// path and the 1-based line where the message began, joined by U+001F.
    public static func failure(input: String, line: Int) -> String {
        SHA256.hex("failure\u{1F}\(input)\u{1F}\(line)".utf8)
    }
}
