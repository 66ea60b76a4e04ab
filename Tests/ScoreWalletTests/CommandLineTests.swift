import Foundation
import ReputationCore
import TestSupport
import Testing

/// What the executables print about themselves and about what they cannot do: once, briefly.
@Suite(.serialized, .timeLimit(.minutes(1))) struct CommandLineTests {
    @Test(arguments: ["score-wallet", "wallet-corpus", "stream-bench"])
    func versionIsThePackages(tool: String) async throws {
        let result = try await run(executable(tool), ["--version"])
        #expect(result.status == 0)
        #expect(String(decoding: result.stdout, as: UTF8.self) == PackageVersion.current + "\n")
    }

    /// A reader that goes away (`| head`, with SIGPIPE ignored as under many supervisors) ends wallet-corpus
    /// with one line saying so and status 1, not a trap in Foundation.
    @Test func walletCorpusSaysWhenItsReaderWentAway() async throws {
        let script = #"trap '' PIPE; { "$0" generate --wallets 200000; echo "status $?" >&2; } | head -c 1 >/dev/null"#
        let result = try await run(URL(fileURLWithPath: "/bin/sh"), ["-c", script, executable("wallet-corpus").path])
        #expect(result.stderr == "Error: cannot write standard output: broken pipe\nstatus 1\n", "\(result.stderr)")
    }

    @Test(arguments: [["--no-such-flag"], ["--jobs", "0"], ["--as-of", "yesterday"], ["--format", "xml"]])
    func usageErrorIsPrintedOnce(arguments: [String]) async throws {
        let result = try await scoreWallet(arguments)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.components(separatedBy: "Error: ").count == 2, "\(result.stderr)")
        #expect(result.stderr.components(separatedBy: "score-wallet [<options>]").count == 2, "usage shown twice: \(result.stderr)")
    }

    @Test func jobsHelpShowsOneDefault() async throws {
        let help = String(decoding: try await scoreWallet(["--help"]).stdout, as: UTF8.self)
        let jobs = help.split(separator: "\n").drop { !$0.contains("--jobs") }.prefix(2).joined(separator: " ")
        #expect(jobs.contains("(default: all cores)"), "\(jobs)")
        #expect(jobs.components(separatedBy: "default").count == 2, "\(jobs)")
    }

    @Test func unreadableInputsAreOneShortLineEach() async throws {
        let directory = try await temporaryDirectory()
        let example = fixtures.appendingPathComponent("examples/sample.json").path
        let missing = directory.appendingPathComponent("none.json").path
        let result = try await scoreWallet(["--summary", missing, directory.path, example])
        #expect(result.status == 1)
        #expect(try objects(result).count == 1)   // the readable input is still scored
        let errors = result.stderr.split(separator: "\n").filter { $0.hasPrefix("score-wallet: ") }
        #expect(errors == ["score-wallet: cannot open \(missing): no such file", "score-wallet: cannot open \(directory.path): is a directory"])
        #expect(result.stderr.contains("input \(missing): not read (no such file)"))
        #expect(result.stderr.contains("input \(example): JSON lines, 1 wallet, 0 failures"))
        let output = try await scoreWallet(["-o", directory.appendingPathComponent("no/such/dir.jsonl").path, example])
        #expect(output.status == 1)
        #expect(output.stderr == "score-wallet: cannot write \(directory.path)/no/such/dir.jsonl: no such file\n")
    }
}
