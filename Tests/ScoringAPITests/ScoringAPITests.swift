import Foundation
import TestSupport
import Testing
import WalletCorpus

/// score-server's scoring routes against the release (or debug) binary.
@Suite(.timeLimit(.minutes(3)))
struct ScoringAPITests {
    static let asOf = "1704067200"

    /// One-line wallet messages: the worked examples, realistic wallets and the one-line malformed
    /// fixtures (not empty: an empty body is a 400, tested apart).
    static func messages() async throws -> [String] {
        try await blocking { try loadMessages() }   // file I/O on a thread of its own
    }

    private static func loadMessages() throws -> [String] {
        let examples = try ["sample", "lpwhale", "trader", "nodex"].map { name in
            try String(contentsOf: fixtures.appendingPathComponent("examples/\(name).json"), encoding: .utf8)
                .replacingOccurrences(of: "\n", with: "")
        }
        let malformed = try FileManager.default.contentsOfDirectory(atPath: fixtures.appendingPathComponent("malformed").path).sorted()
            .compactMap { name -> String? in
                guard let text = String(data: try Data(contentsOf: fixtures.appendingPathComponent("malformed/\(name)")), encoding: .utf8)
                else { return nil }
                let line = text.hasSuffix("\n") ? String(text.dropLast()) : text
                guard !line.contains("\n"), !line.contains("\r"), line.contains(where: { !$0.isWhitespace }), line.first != "[" else { return nil }
                return line
            }
        return examples + Array(RealisticWallets(count: 20, seed: 7)) + malformed
    }

    /// score-wallet's lines for the messages, one per line, as `comparable` shows them.
    static func scoreWalletLines(_ messages: [String]) async throws -> [String] {
        let result = try await run(executable("score-wallet"), ["--as-of", asOf, "--format", "lines", "-"],
                                   stdin: Data((messages.joined(separator: "\n") + "\n").utf8))
        #expect(result.status == 0, "\(result.stderr)")
        return result.lines.map(comparable)
    }

    @Test func oneWalletGetsScoreWalletsResult() async throws {
        let server = try await ServerProcess.start()
        let messages = try await Self.messages()
        let expected = try await Self.scoreWalletLines(messages)
        #expect(expected.count == messages.count)
        #expect(expected.contains { $0.contains(#""error_code""#) } && expected.contains { $0.contains(#""zscore""#) })
        for (message, line) in zip(messages, expected) {
            let reply = try await request(server.port, "POST", "/api/v1/score?as_of=\(Self.asOf)",
                                          headers: ["Content-Type": "application/json"], body: Data(message.utf8))
            #expect(reply.status == (line.contains(#""error_code""#) ? 422 : 200), "\(message.prefix(80))")
            #expect(reply.headers["content-type"] == "application/json")
            #expect(comparable(reply.text) == line)
        }
    }

    @Test func batchOfLinesAndOfAnArrayGivesScoreWalletsLinesInOrder() async throws {
        let server = try await ServerProcess.start()
        let messages = try await Self.messages()
        let expected = try await Self.scoreWalletLines(messages)
        let lines = try await request(server.port, "POST", "/api/v1/score/batch?as_of=\(Self.asOf)",
                                      headers: ["Content-Type": "application/x-ndjson"], body: Data(messages.joined(separator: "\n").utf8))
        #expect(lines.status == 200)
        #expect(lines.headers["content-type"] == "application/x-ndjson")
        #expect(lines.lines.map(comparable) == expected)

        // A JSON array of the valid messages: the same lines as those messages one by one.
        let valid = Array(messages.prefix(24))
        let array = try await request(server.port, "POST", "/api/v1/score/batch?as_of=\(Self.asOf)",
                                      headers: ["Content-Type": "application/json"], body: Data(("[" + valid.joined(separator: ",\n") + "]").utf8))
        #expect(array.status == 200)
        #expect(array.lines.map(comparable) == Array(expected.prefix(24)))
    }

    /// A batch of many pieces, scored by several threads: the lines still come in input order.
    @Test func largeBatchKeepsInputOrder() async throws {
        let server = try await ServerProcess.start()
        let messages = Array(RealisticWallets(count: 4000, seed: 17))
        let expected = try await Self.scoreWalletLines(messages)
        let reply = try await request(server.port, "POST", "/api/v1/score/batch?as_of=\(Self.asOf)",
                                      headers: ["Content-Type": "application/x-ndjson"], body: Data(messages.joined(separator: "\n").utf8))
        #expect(reply.status == 200)
        let lines = reply.lines.map(comparable)
        #expect(lines.count == expected.count)
        #expect(lines == expected)
    }

    /// The first result line arrives while the request body is still being sent.
    @Test func batchStreamsItsAnswer() async throws {
        let server = try await ServerProcess.start()
        let messages = Array(RealisticWallets(count: 5, seed: 11))
        let expected = try await Self.scoreWalletLines(messages)
        let reply = try await blocking { [port = server.port] in
            let connection = try Connection(port: port)
            try connection.send("POST /api/v1/score/batch?as_of=\(Self.asOf) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                                + "Content-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n")
            try connection.sendChunk(Data((messages[0] + "\n").utf8))
            // The body is not finished: the first line must come anyway.
            let first = try connection.read { bytes in
                guard let head = bytes.firstRange(of: Array("\r\n\r\n".utf8)) else { return false }
                return dechunk(Array(bytes[head.upperBound...])).contains(UInt8(ascii: "\n"))
            }
            #expect(first, "the server closed before the first line")
            for message in messages.dropFirst() { try connection.sendChunk(Data((message + "\n").utf8)) }
            try connection.sendChunk(Data())
            return try parseReply(connection.readToEnd())
        }
        #expect(reply.status == 200)
        #expect(reply.lines.map(comparable) == expected)
    }

    /// Clients that send large batches and never read the answers (more of them than cores) hold their
    /// own requests only: their scoring waits on threads of its own, and the server answers others meanwhile.
    @Test func clientsThatDoNotReadHoldNoOneElse() async throws {
        let server = try await ServerProcess.start()
        let wallets = Array(RealisticWallets(count: 6000, seed: 13)).joined(separator: "\n")
        var slow: [Connection] = []
        for _ in 0..<(2 * ProcessInfo.processInfo.activeProcessorCount + 2) {
            let connection = try await blocking { [port = server.port] in
                let connection = try Connection(port: port)
                try connection.send("POST /api/v1/score/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-ndjson\r\n"
                                    + "Content-Length: \(wallets.utf8.count)\r\n\r\n")
                return connection
            }
            // Sent from a thread of its own: the server may stop reading it, which is the point.
            Thread { try? connection.send(Data(wallets.utf8)) }.start()
            slow.append(connection)
        }
        for _ in 0..<20 {
            let reply = try await request(server.port, "POST", "/api/v1/score", headers: ["Content-Type": "application/json"],
                                          body: Data(try await Self.messages()[0].utf8))
            #expect(reply.status == 200)
        }
        withExtendedLifetime(slow) {}
    }

    @Test func requestErrorsAreProblems() async throws {
        let server = try await ServerProcess.start(["--max-request-bytes", "3000"])
        let port = server.port
        let wallet = try await Self.messages()[0]
        func expectProblem(_ reply: Reply, _ status: Int, parameter: String? = nil, _ comment: Comment) {
            #expect(reply.status == status, comment)
            #expect(reply.headers["content-type"] == "application/problem+json", comment)
            let json = reply.json
            #expect(json["status"] as? Int == status, comment)
            #expect(json["type"] as? String == "about:blank" && json["title"] is String && json["detail"] is String, comment)
            if let parameter { #expect(json["parameter"] as? String == parameter, comment) }
        }
        let json = ["Content-Type": "application/json"]
        expectProblem(try await request(port, "POST", "/api/v1/score", headers: json, body: Data()), 400, "empty body")
        expectProblem(try await request(port, "POST", "/api/v1/score", headers: json, body: Data(" \n".utf8)), 400, "blank body")
        expectProblem(try await request(port, "POST", "/api/v1/score/batch", headers: json, body: Data()), 400, "empty batch")
        expectProblem(try await request(port, "POST", "/api/v1/score?as_of=yesterday", headers: json, body: Data(wallet.utf8)),
                      400, parameter: "as_of", "bad as_of")
        expectProblem(try await request(port, "POST", "/api/v1/score?as_of=-1", headers: json, body: Data(wallet.utf8)),
                      400, parameter: "as_of", "negative as_of")
        expectProblem(try await request(port, "POST", "/api/v1/score", headers: json, body: Data(repeating: 0x20, count: 3001)), 413, "too large")
        expectProblem(try await request(port, "POST", "/api/v1/score/batch", headers: ["Content-Type": "application/x-ndjson"],
                                        body: Data(repeating: 0x20, count: 3001)), 413, "batch too large")
        expectProblem(try await request(port, "POST", "/api/v1/score", headers: ["Content-Type": "text/plain"], body: Data(wallet.utf8)),
                      415, "text/plain")
        expectProblem(try await request(port, "POST", "/api/v1/score/batch", headers: ["Content-Type": "application/xml"], body: Data("<a/>".utf8)),
                      415, "xml batch")
        expectProblem(try await request(port, "GET", "/api/v1/nothing"), 404, "unknown route")
        let wrongMethod = try await request(port, "GET", "/api/v1/score")
        expectProblem(wrongMethod, 405, "GET of a POST route")
        #expect(wrongMethod.headers["allow"] == "POST")
        let deleteWallet = try await request(port, "DELETE", "/api/v1/wallets/0xabc")
        expectProblem(deleteWallet, 405, "DELETE of a wallet")
        #expect(deleteWallet.headers["allow"] == "GET")
        expectProblem(try await request(port, "GET", "/api/v1/wallets/0xabc"), 503, "no results store")
        expectProblem(try await request(port, "POST", "/api/v1/score?store=true", headers: json, body: Data(wallet.utf8)), 503, "store without a store")
        expectProblem(try await request(port, "POST", "/api/v1/score", headers: ["Content-Type": "application/json", "Idempotency-Key": "k"],
                                        body: Data(wallet.utf8)), 400, parameter: "Idempotency-Key", "a key without store=true")
    }

    /// A chunked batch that passes the limit while it streams: the lines so far, then a 413 problem line.
    @Test func streamedBatchOverTheLimitEndsWithAProblemLine() async throws {
        let server = try await ServerProcess.start(["--max-request-bytes", "20000"])
        let wallet = try await Self.messages()[0]
        let reply = try await blocking { [port = server.port] in
            let connection = try Connection(port: port)
            try connection.send("POST /api/v1/score/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                                + "Content-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n")
            for _ in 0..<40 { try connection.sendChunk(Data((wallet + "\n").utf8)) }
            try connection.sendChunk(Data())
            return try parseReply(connection.readToEnd())
        }
        #expect(reply.status == 200)
        let last = try #require(reply.lines.last)
        let problem = try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any]
        #expect(problem?["status"] as? Int == 413)
        #expect(reply.lines.dropLast().allSatisfy { $0.contains(#""zscore""#) })
        #expect(reply.lines.count > 1 && reply.lines.count < 40)
    }

    @Test func servedOpenAPIDocumentIsTheCommittedOne() async throws {
        let server = try await ServerProcess.start()
        let reply = try await request(server.port, "GET", "/openapi.json")
        #expect(reply.status == 200)
        let committed = try await blocking { try Data(contentsOf: packageRoot.appendingPathComponent("docs/openapi.json")) }
        #expect(reply.body == committed)
    }

    /// SIGTERM: readiness and the API answer 503 during the grace period, then the server exits 0.
    @Test func shutdownAnswers503ThenExits() async throws {
        let server = try await ServerProcess.start(["--shutdown-grace", "5"])
        // Made before the signal: under load, making it could take longer than the grace period.
        let wallet = Data(try await Self.messages()[0].utf8)
        #expect(try await request(server.port, "GET", "/api/v1/ready").status == 200)
        server.signal(SIGTERM)
        var ready = try await request(server.port, "GET", "/api/v1/ready")
        for _ in 0..<100 where ready.status == 200 {
            try await Task.sleep(for: .milliseconds(20))
            ready = try await request(server.port, "GET", "/api/v1/ready")
        }
        #expect(ready.status == 503)
        let score = try await request(server.port, "POST", "/api/v1/score", headers: ["Content-Type": "application/json"], body: wallet)
        #expect(score.status == 503)
        #expect(score.headers["content-type"] == "application/problem+json")
        #expect(try await server.exitStatus() == 0)
    }
}
