import Foundation
import TestSupport
import ReputationCore
import Testing
import WalletCorpus

@Suite(.serialized, .timeLimit(.minutes(3))) struct ScoreWalletTests {
    let examples = ["sample", "lpwhale", "trader", "nodex"].map { fixtures.appendingPathComponent("examples/\($0).json").path }

    @Test func scoresTheExamplesInInputOrder() async throws {
        let result = try await scoreWallet(["--as-of", "1704067200"] + examples)
        #expect(result.status == 0)
        #expect(try objects(result).map { $0["wallet_address"] as? String } == [
            "0x742d35Cc6634C0532925a3b8D4C9db96590e4265", "0x1111111111111111111111111111111111111111",
            "0x2222222222222222222222222222222222222222", "0x3333333333333333333333333333333333333333"])
        #expect(try objects(result).map { $0["zscore"] as? String } == ["143.031250000000000000", "433.846153846153868017", "286.211500000000000909", nil])
        #expect(try objects(result)[3]["error_code"] as? String == "no_dex_transactions")
        for line in result.lines.prefix(3) {
            #expect(line.contains("\"as_of\":1704067200"))
            #expect(line.contains("\"parameters_id\":\"\(ScoringParameters.defaults.id)\""))
        }
    }

    @Test func resultsEqualTheLibrarysForTheSameBytes() async throws {
        let corpus = RealisticWallets(count: 300, seed: 11).joined(separator: "\n")
        let result = try await scoreWallet(["--as-of", "1704067200", "-"], stdin: Data(corpus.utf8))
        let expected = libraryLines(corpus.split(separator: "\n").map(String.init), asOf: 1_704_067_200)
        #expect(result.lines.map(comparable) == expected)
    }

    /// Every job count gives the library's result for each message, in input order (failures included).
    @Test(arguments: [1, 2, 3])
    func parallelJobsKeepInputOrder(jobs: Int) async throws {
        let directory = try await temporaryDirectory()
        let file = directory.appendingPathComponent("corpus.jsonl")
        var messages = Array(RealisticWallets(count: 3000, seed: 5))
        for i in stride(from: 7, to: messages.count, by: 97) { messages[i] = String(messages[i].dropLast(9)) }   // some fail
        try Data(messages.joined(separator: "\n").utf8).write(to: file)
        let result = try await scoreWallet(["--as-of", "1", "-j", String(jobs), file.path])
        #expect(result.status == 0)
        let expected = libraryLines(messages, asOf: 1)
        #expect(expected.filter { $0.contains("\"error_code\"") }.count == 31)
        #expect(result.lines.map(comparable) == expected)
    }

    @Test func everyLayoutIsRead() async throws {
        let sample = try String(contentsOfFile: examples[0], encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let trader = try String(contentsOfFile: examples[2], encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let pretty = String(data: try JSONSerialization.data(withJSONObject: JSONSerialization.jsonObject(with: Data(sample.utf8)), options: .prettyPrinted), encoding: .utf8)!
        let layouts: [String: String] = [
            "array": "[\n\(sample),\n\(trader)\n]",
            "lines with CRLF": "\(sample)\r\n\(trader)\r\n",
            "no trailing newline": "\(sample)\n\(trader)",
            "byte order mark": "\u{FEFF}\(sample)\n\(trader)\n",
            "blank lines": "\n\(sample)\n\n\n\(trader)\n\n",
            "pretty objects": "\(pretty)\n\(pretty.replacingOccurrences(of: "0x742d35Cc6634C0532925a3b8D4C9db96590e4265", with: "0x2222222222222222222222222222222222222222"))",
        ]
        let expected = libraryLines([sample, trader], asOf: 1_704_067_200)
        let prettyExpected = libraryLines([sample, sample.replacingOccurrences(of: "0x742d35Cc6634C0532925a3b8D4C9db96590e4265", with: "0x2222222222222222222222222222222222222222")], asOf: 1_704_067_200)
        #expect(expected.allSatisfy { $0.contains("\"zscore\"") })
        for (name, text) in layouts {
            let result = try await scoreWallet(["--as-of", "1704067200", "-"], stdin: Data(text.utf8))
            #expect(result.status == 0, "\(name)")
            #expect(result.lines.map(comparable) == (name == "pretty objects" ? prettyExpected : expected), "\(name): \(result.lines)")
        }
    }

    @Test func emptyInputGetsOneFailureLine() async throws {
        let result = try await scoreWallet(["-"], stdin: Data())
        #expect(result.status == 0)
        #expect(try objects(result).count == 1)
        #expect(try objects(result).first?["error_code"] as? String == "invalid_json")
    }

    @Test func malformedCorpusFilesGetOneLineEach() async throws {
        let directory = fixtures.appendingPathComponent("malformed")
        let manifest = try String(contentsOf: directory.appendingPathComponent("expected.tsv"), encoding: .utf8)
        let rows = manifest.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.count == MalformedCorpus.cases.count)
        let result = try await scoreWallet(["--format", "lines"] + rows.map { directory.appendingPathComponent($0[0]).path })
        #expect(result.status == 0)
        #expect(try objects(result).count == rows.count)
        for (row, object) in zip(rows, try objects(result)) {
            #expect((object["error_code"] as? String ?? "scored") == row[1], "\(row[0])")
            if !row[2].isEmpty { #expect((object["error"] as? String)?.contains(row[2]) == true, "\(row[0])") }
        }
    }

    /// The committed malformed files are exactly what the generator writes (they cannot drift).
    @Test func malformedFixturesMatchTheGenerator() async throws {
        let directory = try await temporaryDirectory()
        let written = try await run(executable("wallet-corpus"), ["malformed", "-o", directory.path])
        #expect(written.status == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(files == (try FileManager.default.contentsOfDirectory(atPath: fixtures.appendingPathComponent("malformed").path).sorted()))
        for file in files {
            #expect(try Data(contentsOf: directory.appendingPathComponent(file)) == Data(contentsOf: fixtures.appendingPathComponent("malformed/\(file)")), "\(file)")
        }
    }

    /// Bad messages between good ones: one failure line each, and the neighbours are scored.
    @Test func malformedLinesDoNotAffectTheirNeighbours() async throws {
        let good = try String(contentsOfFile: examples[2], encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let bad = MalformedCorpus.cases.filter { !$0.bytes.contains(UInt8(ascii: "\n")) && !$0.bytes.isEmpty
            && !$0.bytes.allSatisfy { $0 == UInt8(ascii: " ") } }
        var input = Data()
        for corpusCase in bad {
            input.append(Data(good.utf8)); input.append(0x0A)
            input.append(Data(corpusCase.bytes)); input.append(0x0A)
        }
        input.append(Data(good.utf8))
        let result = try await scoreWallet(["-"], stdin: input)
        #expect(try objects(result).count == 2 * bad.count + 1)
        for (i, object) in try objects(result).enumerated() {
            if i % 2 == 0 {
                #expect(object["zscore"] as? String == "286.211500000000000909", "line \(i)")
            } else {
                #expect((object["error_code"] as? String) == bad[i / 2].expectedCode, "\(bad[i / 2].name)")
            }
        }
    }

    @Test func largeAndDeepMessages() async throws {
        let good = try String(contentsOfFile: examples[2], encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        var input = Data()
        for corpusCase in [MalformedCorpus.hugeString(), MalformedCorpus.overSize(), MalformedCorpus.deepNesting()] {
            input.append(Data(corpusCase.bytes)); input.append(0x0A)
            input.append(Data(good.utf8)); input.append(0x0A)
        }
        let result = try await scoreWallet(["-"], stdin: input)
        #expect(try objects(result).map { $0["error_code"] as? String ?? "scored" } == ["scored", "scored", "too_large", "scored", "too_large", "scored"])
        #expect((try objects(result)[2]["error"] as? String)?.contains("over the limit of 16777216") == true)
        #expect((try objects(result)[4]["error"] as? String)?.hasPrefix("nesting deeper than 128 levels") == true)
        let limited = try await scoreWallet(["--max-message-bytes", "100", "--max-depth", "3", "-"], stdin: Data((good + "\n{\"a\":[[[1]]]}\n").utf8))
        #expect(try objects(limited).map { $0["error_code"] as? String } == ["too_large", "too_large"])
    }

    @Test func exitStatuses() async throws {
        let missing = try await scoreWallet([examples[0], "/nonexistent/wallets.json", examples[2]])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("/nonexistent/wallets.json"))
        #expect(try objects(missing).count == 2)   // the readable inputs are still scored
        #expect(try await scoreWallet(["--jobs", "0"]).status == 2)
        #expect(try await scoreWallet(["--no-such-flag"]).status == 2)
        #expect(try await scoreWallet(["--as-of", "yesterday"]).status == 2)
        #expect(try await scoreWallet(["--format", "xml"]).status == 2)
        #expect(try await scoreWallet(["--help"]).status == 0)
        #expect(try await scoreWallet([fixtures.path]).status == 1)
    }

    @Test func outputFilePrettyAndSummary() async throws {
        let directory = try await temporaryDirectory()
        let output = directory.appendingPathComponent("results.jsonl")
        let result = try await scoreWallet(["--as-of", "1704067200", "--summary", "-o", output.path] + examples + [fixtures.appendingPathComponent("malformed/01-truncated-json.json").path])
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        #expect(try String(contentsOf: output, encoding: .utf8).split(separator: "\n").count == 5)
        #expect(result.stderr.contains(/wallets read: 5 \(scored 3, failed 2\) in \d+\.\d\d s \(CPU \d+\.\d\d s\)\n/))
        #expect(result.stderr.contains("invalid_json: 1"))
        #expect(result.stderr.contains("no_dex_transactions: 1"))
        #expect(result.stderr.contains("100–199  ") && result.stderr.contains("400–499  "))
        #expect(result.stderr.contains("Small LP: 1"))
        // Risk: the decisions of the three successes, their flags, their bot probabilities.
        let risks = try String(contentsOf: output, encoding: .utf8).split(separator: "\n")
            .compactMap { (try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["risk"] as? [String: Any] }
        #expect(risks.count == 3)
        let decisions = ["APPROVED", "REVIEW", "DECLINED"].map { decision in "\(decision) \(risks.filter { $0["decision"] as? String == decision }.count)" }
        #expect(result.stderr.contains("risk decisions: " + decisions.joined(separator: ", ")), "\(result.stderr)")
        #expect(result.stderr.contains("most frequent flags: none"))
        #expect(result.stderr.contains("bot_probability histogram:\n  0.0–0.1 "))
        let bins = risks.map { min(Int(($0["bot_probability"] as? Double ?? -1) * 10), 9) }
        let lines = result.stderr.split(separator: "\n")
        for bin in 0..<10 {
            let label = "  0.\(bin)–" + (bin == 9 ? "1.0" : "0.\(bin + 1)") + " "
            let line = lines.first { $0.hasPrefix(label) }
            #expect(line?.hasSuffix(" \(bins.filter { $0 == bin }.count)") == true, "\(label): \(line ?? "missing")")
        }
        let pretty = try await scoreWallet(["--as-of", "1704067200", "--pretty", examples[0]])
        let text = String(decoding: pretty.stdout, as: UTF8.self)
        #expect(text.contains("\n  \"zscore\": \"143.031250000000000000\",\n"))
        let reparsed = try JSONSerialization.jsonObject(with: pretty.stdout) as? [String: Any]
        #expect(reparsed?["wallet_address"] as? String == "0x742d35Cc6634C0532925a3b8D4C9db96590e4265")
    }

    /// 200 MB streamed through a pipe: memory stays flat (the process never holds its input).
    @Test func memoryStaysFlatOnLargeInput() async throws {
        let generator = Process()
        generator.executableURL = try executable("wallet-corpus")
        generator.arguments = ["generate", "--megabytes", "200", "--seed", "3"]
        let pipe = Pipe()
        generator.standardOutput = pipe
        let scorer = Process()
        scorer.executableURL = try executable("score-wallet")
        scorer.arguments = ["-j", "2", "--summary", "-"]
        scorer.standardInput = pipe
        scorer.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        let summary = Pipe()
        scorer.standardError = summary
        try SpawnLock.start(generator)
        try SpawnLock.start(scorer)
        let watchdog = DispatchWorkItem { kill(scorer.processIdentifier, SIGKILL); kill(generator.processIdentifier, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(120), execute: watchdog)
        defer { watchdog.cancel() }
        let report = String(decoding: summary.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        generator.waitUntilExit()
        scorer.waitUntilExit()
        #expect(scorer.terminationStatus == 0)
        let peak = report.split(separator: "\n").first { $0.hasPrefix("peak memory: ") }
            .flatMap { Int($0.dropFirst("peak memory: ".count).prefix { $0.isNumber }) }
        let megabytes = try #require(peak, "no peak memory in: \(report)")
        #expect(megabytes < 100, "peak memory \(megabytes) MB for 200 MB of input")
    }
}

@Suite(.serialized, .timeLimit(.minutes(1))) struct ThresholdOptionTests {
    @Test func printedThresholdsScoreExactlyLikeTheirSource() async throws {
        let directory = try await temporaryDirectory()
        let source = directory.appendingPathComponent("source.json")
        try Data("""
            {"tokens": [{"symbol": "WETH", "stable": true}],
             "thresholds": [{"protocolType": "dexes", "parameter": "lp.points_per_deposit", "value": 35},
                            {"protocolType": "dexes", "metric": "final_score", "percentiles": {"p5": 50, "p95": 500}}]}
            """.utf8).write(to: source)
        let exported = try await scoreWallet(["--thresholds", source.path, "--print-thresholds"])
        #expect(exported.status == 0)
        let copy = directory.appendingPathComponent("exported.json")
        try exported.stdout.write(to: copy)
        let example = fixtures.appendingPathComponent("examples/sample.json").path
        let fromSource = try await scoreWallet(["--as-of", "1704067200", "--thresholds", source.path, example])
        let fromCopy = try await scoreWallet(["--as-of", "1704067200", "--thresholds", copy.path, example])
        let defaults = try await scoreWallet(["--as-of", "1704067200", example])
        #expect(fromSource.lines.map(stable) == fromCopy.lines.map(stable))
        #expect(try objects(fromSource).first?["percentile"] is Double)
        #expect(try objects(fromSource).first?["parameters_id"] as? String != objects(defaults).first?["parameters_id"] as? String)
        #expect(try objects(fromSource).first?["zscore"] as? String != objects(defaults).first?["zscore"] as? String)
    }

    /// Fractional percentile points survive `--print-thresholds`: same table, same percentiles, same parameters_id.
    @Test func printedFractionalPercentilesScoreLikeTheirSource() async throws {
        let directory = try await temporaryDirectory()
        let source = directory.appendingPathComponent("source.json")
        try Data("""
            {"thresholds": [{"protocolType": "dexes", "metric": "final_score",
                             "percentiles": {"p1.05": 50, "p10.05": 140, "p50": 150, "p99.95": 500}}]}
            """.utf8).write(to: source)
        let exported = try await scoreWallet(["--thresholds", source.path, "--print-thresholds"])
        #expect(exported.status == 0)
        let printed = try #require(try JSONSerialization.jsonObject(with: exported.stdout) as? [String: Any])
        let documents = try #require(printed["thresholds"] as? [[String: Any]])
        let table = try #require(documents.compactMap { $0["percentiles"] as? [String: Any] }.first)
        #expect(Set(table.keys) == ["p1.05", "p10.05", "p50", "p99.95"])
        let copy = directory.appendingPathComponent("exported.json")
        try exported.stdout.write(to: copy)
        let reprinted = try await scoreWallet(["--thresholds", copy.path, "--print-thresholds"])
        #expect(reprinted.stdout == exported.stdout)
        let example = fixtures.appendingPathComponent("examples/sample.json").path
        let fromSource = try await scoreWallet(["--as-of", "1704067200", "--thresholds", source.path, example])
        let fromCopy = try await scoreWallet(["--as-of", "1704067200", "--thresholds", copy.path, example])
        #expect(fromSource.lines.map(stable) == fromCopy.lines.map(stable))
        #expect(try objects(fromSource).first?["percentile"] as? Double == 10.05 + (143.03125 - 140) / (150 - 140) * (50 - 10.05))
    }

    @Test func badThresholdsFileStopsBeforeScoring() async throws {
        let directory = try await temporaryDirectory()
        let bad = directory.appendingPathComponent("bad.json")
        try Data("{\"thresholds\": [{\"_id\": \"x\", \"protocolType\": \"dexes\", \"parameter\": \"lp.nope\", \"value\": 1}]}".utf8).write(to: bad)
        let result = try await scoreWallet(["--thresholds", bad.path, fixtures.appendingPathComponent("examples/sample.json").path])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("thresholds document _id \"x\", field parameter: unknown parameter \"lp.nope\""))
        let missing = try await scoreWallet(["--thresholds", directory.appendingPathComponent("none.json").path, "-"], stdin: Data())
        #expect(missing.status == 1)
        #expect(missing.stdout.isEmpty)
        let garbage = directory.appendingPathComponent("garbage.json")
        try Data("garbage".utf8).write(to: garbage)
        let unreadable = try await scoreWallet(["--thresholds", garbage.path, "-"], stdin: Data())
        #expect(unreadable.status == 1)
        #expect(unreadable.stderr.components(separatedBy: garbage.path).count - 1 == 1, "the file named once: \(unreadable.stderr)")
    }
}
