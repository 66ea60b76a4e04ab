extension WalletMessage {
    /// Transactions in `dexes` sections, before de-duplication.
    var dexTransactionCount: Int {
        data.reduce(0) { $0 + ($1.isDexes ? $1.transactions?.count ?? 0 : 0) }
    }

    /// The first broken rule of MODEL.md §1 in a value made in code (decoded values never have one).
    func firstRuleViolation() -> FieldError? {
        if walletAddress.isEmpty {
            return .invalid(.field("wallet_address"), expected: Expected.walletAddress, got: .string(""))
        }
        for (i, section) in data.enumerated() where section.isDexes {
            guard let transactions = section.transactions else { return .missing(.section(i, "transactions")) }
            for (j, t) in transactions.enumerated() {
                if t.documentID.isEmpty {
                    return .invalid(.transaction(i, j, "document_id"), expected: Expected.documentID, got: .string(""))
                }
                if t.timestamp < 0 || t.timestamp > NumberValue.maxTimestamp {
                    return .invalid(.transaction(i, j, "timestamp"), expected: Expected.timestamp, got: .otherNumber)
                }
                let tokens = [("tokenIn", t.tokenIn), ("tokenOut", t.tokenOut), ("token0", t.token0), ("token1", t.token1)]
                for (name, token) in tokens {
                    if let usd = token?.amountUSD, !usd.isFinite || usd < 0 {
                        return .invalid(.transaction(i, j, name, "amountUSD"), expected: Expected.amountUSD,
                                        got: usd.isFinite ? .negativeNumber : .numberOutOfRange)
                    }
                    if case .digits(let digits)? = token?.amount,
                       digits.isEmpty || !digits.utf8.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) {
                        return .invalid(.transaction(i, j, name, "amount"), expected: Expected.amount, got: .string(digits))
                    }
                }
            }
        }
        return nil
    }
}
