import Foundation
import ReputationCore
import TestSupport
import Testing

/// The embedded default bot model is what `make model` makes: the corpus, the training and the generated
/// Swift source, run here through the built binaries, give the committed file byte for byte.
@Suite(.timeLimit(.minutes(3))) struct EmbeddedModelTests {
    @Test func makeModelReproducesTheCommittedModel() async throws {
        let binaries = try executable("score-wallet").deletingLastPathComponent()
        _ = try executable("wallet-corpus")
        let directory = try await temporaryDirectory()
        defer { removeOrWarn(directory) }
        let script = packageRoot.appendingPathComponent("scripts/make-model.sh")
        let result = try await run(URL(fileURLWithPath: "/bin/bash"),
                             [script.path, binaries.path, directory.appendingPathComponent("out").path, directory.appendingPathComponent("work").path])
        #expect(result.status == 0, "\(result.stderr)")
        let committed = try Data(contentsOf: packageRoot.appendingPathComponent("Sources/ReputationCore/Risk/EmbeddedBotModel.swift"))
        let made = try Data(contentsOf: directory.appendingPathComponent("out/EmbeddedBotModel.swift"))
        #expect(made == committed, "make model's output differs from the committed EmbeddedBotModel.swift: run `make model`")

        // The compiled constant is the trained document, to the last bit.
        let document = try Data(contentsOf: directory.appendingPathComponent("work/embedded-bot-model.json"))
        #expect(try JSONDecoder().decode(BotModel.self, from: document) == BotModel.embedded)
        #expect(BotModel.embedded.id == "embedded-synthetic-2026-11")
        #expect(result.stderr.contains("labels without a wallet 0") && result.stderr.contains("failed 0"), "\(result.stderr)")
    }
}
