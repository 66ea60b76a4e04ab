import Foundation
import TestSupport
import Testing
import WalletCorpus

/// `wallet-corpus produce`, the sample producer: what it writes to a real broker (Tansu, started by
/// `make test`) can be read back, message for message; a bad option is refused before anything is sent.
@Suite(.enabled(if: TestBroker.available), .timeLimit(.minutes(3)))
struct ProducerTests {
    /// N messages at a steady rate, some of them poison: N read back, each wallet the generator's wallet
    /// for the seed, keyed by its address, the poison keyed by its case; a final progress line.
    @Test func producesExactlyCountMessages() async throws {
        let bootstrap = try TestBroker.require()
        let topic = unique("produced")
        let count = 60
        let result = try await run(try executable("wallet-corpus"), [
            "produce", "--bootstrap-servers", bootstrap, "--topic", topic, "--create-topic", "2",
            "--rate", "400", "--count", String(count), "--poison", "0.2", "--seed", "5"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("produced \(count)/\(count) to \(topic)"), "\(result.stderr)")
        #expect(result.stderr.contains("delivered \(count), failed 0"), "\(result.stderr)")

        let messages = try await readTopicsToEnd(bootstrap, [topic: 2])
        #expect(messages.count == count)
        let poison = messages.filter { $0.key?.hasPrefix("poison:") == true }
        let wallets = messages.filter { $0.key?.hasPrefix("poison:") != true }
        #expect(!poison.isEmpty && poison.count < count / 2, "poison share 0.2 of \(count): \(poison.count)")
        let expected = Array(RealisticWallets(count: wallets.count, seed: 5))
        #expect(Set(wallets.map(\.value)) == Set(expected))
        for wallet in wallets {
            #expect(wallet.value.hasPrefix("{\"wallet_address\":\"\(wallet.key ?? "-")\""))
        }
        let cases = Dictionary(MalformedCorpus.cases.map { ("poison:\($0.name)", String(decoding: $0.bytes, as: UTF8.self)) }) { first, _ in first }
        for message in poison { #expect(cases[message.key ?? ""] == message.value, "\(message.key ?? "")") }
    }

    /// `--bots`: that share of the messages are the bot-like wallets of `wallet-corpus labelled`, the rest
    /// realistic wallets.
    @Test func botsAreTheLabelledGeneratorsBotLikeWallets() async throws {
        let bootstrap = try TestBroker.require()
        let topic = unique("produced-bots")
        let count = 40
        let result = try await run(try executable("wallet-corpus"), [
            "produce", "--bootstrap-servers", bootstrap, "--topic", topic, "--create-topic", "1",
            "--rate", "0", "--count", String(count), "--bots", "0.5", "--seed", "3"])
        #expect(result.status == 0, "\(result.stderr)")
        let produced = try await readTopicsToEnd(bootstrap, [topic: 1]).map(\.value)
        #expect(produced.count == count)
        let bots = Set(LabelledWallets(count: 1000, seed: 3).filter(\.kind.isBot).map(\.json))
        let realistic = Set(RealisticWallets(count: count, seed: 3))
        let botCount = produced.filter(bots.contains).count
        #expect(botCount >= 5 && botCount <= 35, "bot share 0.5 of \(count): \(botCount)")
        #expect(produced.allSatisfy { bots.contains($0) || realistic.contains($0) })
    }

    @Test(arguments: [["--poison", "1.5"], ["--bots", "1.5"], ["--rate", "-1"]])
    func aBadOptionIsAUsageError(_ options: [String]) async throws {
        let result = try await run(try executable("wallet-corpus"), ["produce", "--bootstrap-servers", "127.0.0.1:1", "--topic", "t"] + options)
        #expect(result.status == 64 || result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(options[0]), "\(result.stderr)")
    }
}
