import Foundation
import WalletCorpus

/// A kind of poison input of the crash soak, and the failure it must get.
enum Poison: CaseIterable {
    case truncatedJSON, invalidUTF8, timestampString, walletAddressNumber, overSize, tooDeep

    /// The `error_code` of its failure result.
    var code: String {
        switch self {
        case .truncatedJSON, .invalidUTF8: "invalid_json"
        case .timestampString, .walletAddressNumber: "invalid_field"
        case .overSize, .tooDeep: "too_large"
        }
    }

    /// A part of its failure's `error` text.
    var errorContains: String {
        switch self {
        case .truncatedJSON: "invalid JSON at byte"
        case .invalidUTF8: "invalid JSON at byte 21: invalid UTF-8"
        case .timestampString: "timestamp: expected integer seconds, got \"abc\""
        case .walletAddressNumber: "wallet_address"
        case .overSize: "over the limit of \(SoakInputs.maxMessageBytes)"
        case .tooDeep: "nesting deeper than 128 levels"
        }
    }
}

/// The crash soak's inputs: generated wallets, of which 1% at seeded random positions are poison (made from
/// the wallet at that position).
struct SoakInputs {
    /// Every wallet is at most this big; `score-stream` runs with it as `--max-message-bytes`, so that
    /// over-size poison stays small. (The generator's rare bigger wallets, about 0.3%, are skipped.)
    static let maxMessageBytes = 128 * 1024
    /// Nesting deeper than `score-stream`'s default `--max-depth` (128).
    static let tooDeep = 200

    let count: Int
    /// Input index → its kind of poison; every other index is a wallet that must be scored.
    let poison: [Int: Poison]
    private var wallets: RealisticWallets
    private var random: SeededGenerator
    private var index = 0

    /// `count` inputs, `count / 100` of them poison, all chosen from `seed`.
    init(count: Int, seed: UInt64) {
        self.count = count
        wallets = RealisticWallets(count: Int.max, seed: seed)
        random = SeededGenerator(seed: seed ^ 0x706F_6973_6F6E)
        var positions = Array(0..<count)
        positions.shuffle(using: &random)
        var poison: [Int: Poison] = [:]
        for position in positions.prefix(count / 100) { poison[position] = Poison.allCases.randomElement(using: &random)! }
        self.poison = poison
    }

    /// The next `n` inputs (fewer at the end), each keyed by its index.
    mutating func next(_ n: Int) -> [(key: String?, value: [UInt8])] {
        var batch: [(key: String?, value: [UInt8])] = []
        while batch.count < n, index < count {
            var wallet = nextWallet()
            if let poison = poison[index] { wallet = spoil(wallet, poison) }
            batch.append(("w\(index)", wallet))
            index += 1
        }
        return batch
    }

    /// A generated wallet no bigger than ``maxMessageBytes``.
    private mutating func nextWallet() -> [UInt8] {
        while true {
            let wallet = Array(wallets.next()!.utf8)
            if wallet.count <= Self.maxMessageBytes { return wallet }
        }
    }

    /// The wallet made into this poison.
    private mutating func spoil(_ wallet: [UInt8], _ poison: Poison) -> [UInt8] {
        let text = String(decoding: wallet, as: UTF8.self)
        switch poison {
        case .truncatedJSON:
            return Array(wallet.prefix(Int.random(in: 1..<wallet.count, using: &random)))
        case .invalidUTF8:
            // Inside the wallet address: `{"wallet_address":"0x` is 21 bytes.
            return Array(wallet.prefix(21)) + [0xFF] + Array(wallet.dropFirst(21))
        case .timestampString:
            // Dex transactions have integer timestamps; the other sections' timestamps are strings.
            return Array(text.replacing(/"timestamp":\d+/, with: "\"timestamp\":\"abc\"", maxReplacements: 1).utf8)
        case .walletAddressNumber:
            return Array(text.replacing(/"wallet_address":"0x[0-9a-f]+"/, with: "\"wallet_address\":12", maxReplacements: 1).utf8)
        case .overSize:
            let padding = String(repeating: "x", count: Self.maxMessageBytes - wallet.count + Int.random(in: 1...1000, using: &random))
            return Array(text.replacing("\"data\":[", with: "\"data\":[{\"protocolType\":\"nft\",\"transactions\":[\"\(padding)\"]},",
                                        maxReplacements: 1).utf8)
        case .tooDeep:
            let nested = String(repeating: "[", count: Self.tooDeep) + String(repeating: "]", count: Self.tooDeep)
            return Array(text.replacing("\"data\":[", with: "\"data\":[{\"protocolType\":\"lending\",\"transactions\":\(nested)},",
                                        maxReplacements: 1).utf8)
        }
    }
}
