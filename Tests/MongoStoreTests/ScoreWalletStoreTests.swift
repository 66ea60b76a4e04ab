import Foundation
import ReputationCore
import ReputationMongo
import TestSupport
import Testing

/// `score-wallet --store-results` on the built binary, against NX-27017.
@Suite(.enabled(if: MongoTestServer.available), .serialized, .timeLimit(.minutes(3)))
struct ScoreWalletStoreTests {
    static let inputs = ["sample.json", "nodex.json", "trader.json", "lpwhale.json"].map {
        fixtures.appendingPathComponent("examples/\($0)").path
    }

    /// Every line stored under its key, whole; a second run replaces (one document per wallet, as-of and
    /// parameters) and says so in --summary.
    @Test func storesEveryResultAndRescoringReplaces() async throws {
        let url = try MongoTestServer.requireURL()
        let collection = "cli_\(UUID().uuidString.prefix(8))"
        let flags = ["--store-results", "--results-mongo-url", url, "--results-collection", collection, "--as-of", "1704067200", "--summary"]
        let binary = try executable("score-wallet")
        let first = try await run(binary, flags + Self.inputs)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.lines.count == 4)
        #expect(first.stderr.contains("results stored in MongoDB \(url) database ai_scoring (collection \(collection)): 4 inserted, 0 already present (replaced)"))

        var configuration = MongoResultsConfiguration(url: url)
        configuration.collection = collection
        let store = try MongoResultsStore(configuration: configuration)
        let objects = first.objects
        for (line, object) in zip(first.lines, objects) {
            let key: String
            if let code = object["error_code"] as? String {
                #expect(code == "no_dex_transactions")
                key = ResultKey.failure(input: Self.inputs[1], line: 1)
            } else {
                key = ResultKey.wallet(address: try #require(object["wallet_address"] as? String), asOf: 1_704_067_200,
                                       parametersID: try #require(object["parameters_id"] as? String))
            }
            let stored = try #require(try await blocking { try store.result(key: key) }, "no document for \(line)")
            #expect(stored.result == line)
            #expect(stored.walletAddress == object["wallet_address"] as? String)
        }

        let second = try await run(binary, flags + Self.inputs)
        #expect(second.status == 0)
        #expect(second.stderr.contains("0 inserted, 4 already present (replaced)"))
        for (line, object) in zip(second.lines, second.objects) {
            let wallet = try #require(object["wallet_address"] as? String)
            let history = try await blocking { try store.history(walletAddress: wallet, limit: 10, cursor: nil) }
            #expect(history.items.count == 1, "wallet \(wallet)")
            // Replaced: the document holds the second run's line (its timestamp and processing time).
            #expect(history.items.first?.result == line)
        }
        // Another as-of time is another result: added beside the first.
        let later = try await run(binary, ["--store-results", "--results-mongo-url", url, "--results-collection", collection,
                                           "--as-of", "1704070800", "--summary", Self.inputs[0]])
        #expect(later.stderr.contains("1 inserted, 0 already present"))
    }

    /// The variables the Python service reads: `RESULTS_STORE=mongo`, `MONGODB_URL`, `MONGODB_DATABASE`,
    /// `MONGODB_RESULTS_COLLECTION`.
    @Test func storesWithTheEnvironmentAlone() async throws {
        let url = try MongoTestServer.requireURL()
        let collection = "env_\(UUID().uuidString.prefix(8))"
        let environment = ProcessInfo.processInfo.environment.merging(
            ["RESULTS_STORE": "mongo", "MONGODB_URL": url, "MONGODB_DATABASE": "results_db", "MONGODB_RESULTS_COLLECTION": collection]) { $1 }
        let result = try await run(try executable("score-wallet"), ["--as-of", "1704067200", "--summary", Self.inputs[0]], environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("results stored in MongoDB \(url) database results_db (collection \(collection)): 1 inserted"))
        var configuration = MongoResultsConfiguration(url: url)
        configuration.database = "results_db"
        configuration.collection = collection
        let store = try MongoResultsStore(configuration: configuration)
        let stored = try await blocking { try store.latest(walletAddress: "0x742d35Cc6634C0532925a3b8D4C9db96590e4265") }
        #expect(stored?.result == result.lines.first)
        let wrong = try await run(try executable("score-wallet"), [Self.inputs[0]], environment: ["RESULTS_STORE": "postgres", "PATH": "/usr/bin"])
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("RESULTS_STORE must be mongo or none, not postgres"))
    }

    /// The store cannot be reached: nothing is scored, the password never shows, exit 1.
    @Test func unreachableStoreStopsBeforeScoring() async throws {
        let down = try await run(try executable("score-wallet"), ["--store-results", "--results-mongo-url", "mongodb://ops:hunter2@127.0.0.1:1/",
                                                                  "--results-timeout", "1", Self.inputs[0]])
        #expect(down.status == 1)
        #expect(down.stdout.isEmpty)
        #expect(down.stderr.contains("cannot use MongoDB mongodb://ops:***@127.0.0.1:1/"))
        #expect(!down.stderr.contains("hunter2"))
    }

    @Test func storeResultsNeedsAURL() async throws {
        let result = try await run(try executable("score-wallet"), ["--store-results", Self.inputs[0]], environment: ["PATH": "/usr/bin"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--store-results needs a MongoDB URL"))
    }
}
