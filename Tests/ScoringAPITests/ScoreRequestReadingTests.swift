import Foundation
import TestSupport
import Testing

/// How `POST /api/v1/score` reads its request, against the binary: a body sent in chunks, a chunked body
/// over the limit (no `Content-Length` to refuse it early), `Content-Type` with parameters, capitals and
/// spaces, and the per-route request metrics.
@Suite(.timeLimit(.minutes(3)))
struct ScoreRequestReadingTests {
    static let path = "/api/v1/score?as_of=\(ScoringAPITests.asOf)"

    /// A chunked POST of `body` in `pieces` chunks of about equal size.
    static func chunkedScore(_ port: Int, _ body: String, pieces: Int) async throws -> Reply {
        try await blocking {
            let connection = try Connection(port: port)
            try connection.send("POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
            let bytes = Array(body.utf8)
            let size = (bytes.count + pieces - 1) / pieces
            for start in stride(from: 0, to: bytes.count, by: size) {
                try connection.sendChunk(Data(bytes[start..<min(start + size, bytes.count)]))
            }
            try connection.sendChunk(Data())
            return try parseReply(connection.readToEnd())
        }
    }

    @Test func chunkedBodyIsScoredWhole() async throws {
        let server = try await ServerProcess.start()
        let wallets = try await ScoringAPITests.messages().prefix(4)
        for wallet in wallets {
            let whole = try await request(server.port, "POST", Self.path, headers: ["Content-Type": "application/json"],
                                          body: Data(wallet.utf8))
            let chunked = try await Self.chunkedScore(server.port, wallet, pieces: 5)
            #expect(chunked.status == whole.status, "\(wallet.prefix(80))")
            #expect(comparable(chunked.text) == comparable(whole.text), "\(wallet.prefix(80))")
        }
    }

    /// No `Content-Length`: the limit is found while the body is read, and is still a 413 problem.
    @Test func chunkedBodyOverTheLimitIsA413Problem() async throws {
        let server = try await ServerProcess.start(["--max-request-bytes", "3000"])
        let reply = try await Self.chunkedScore(server.port, String(repeating: " ", count: 3001), pieces: 4)
        #expect(reply.status == 413)
        #expect(reply.headers["content-type"] == "application/problem+json")
        #expect(reply.json["status"] as? Int == 413)
        #expect((reply.json["detail"] as? String)?.contains("--max-request-bytes") == true)
        let under = try await Self.chunkedScore(server.port, try await ScoringAPITests.messages()[0], pieces: 4)
        #expect(under.status == 200)
    }

    /// The media type is what comes before `;`, in any case, with spaces around it.
    @Test func contentTypeWithParametersCapitalsAndSpaces() async throws {
        let server = try await ServerProcess.start()
        let wallet = try await ScoringAPITests.messages()[0]
        for type in ["application/json; charset=utf-8", "Application/JSON", " application/json ;charset=utf-8", "\tAPPLICATION/json\t"] {
            let reply = try await request(server.port, "POST", Self.path, headers: ["Content-Type": type], body: Data(wallet.utf8))
            #expect(reply.status == 200, "\(type)")
            #expect(reply.json["zscore"] != nil, "\(type)")
        }
        let lines = try await request(server.port, "POST", "/api/v1/score/batch?as_of=\(ScoringAPITests.asOf)",
                                      headers: ["Content-Type": " Application/X-NDJSON; charset=utf-8"], body: Data("\(wallet)\n\(wallet)\n".utf8))
        #expect(lines.status == 200)
        #expect(lines.lines.count == 2)
        let refused = try await request(server.port, "POST", Self.path, headers: ["Content-Type": "Text/Plain ; charset=utf-8"],
                                        body: Data(wallet.utf8))
        #expect(refused.status == 415)
        #expect(refused.json["detail"] as? String == "send one wallet message as application/json, not text/plain")
    }

    /// `api_requests_total` by method, route and status, and `api_request_seconds` by route.
    @Test func requestMetricsByRouteAndStatus() async throws {
        let server = try await ServerProcess.start()
        let wallet = Data(try await ScoringAPITests.messages()[0].utf8)
        for _ in 0..<3 {
            #expect(try await request(server.port, "POST", Self.path, headers: ["Content-Type": "application/json"], body: wallet).status == 200)
        }
        #expect(try await request(server.port, "POST", Self.path, headers: ["Content-Type": "text/plain"], body: wallet).status == 415)
        #expect(try await request(server.port, "GET", "/api/v1/health").status == 200)
        #expect(try await request(server.port, "GET", "/api/v1/nothing").status == 404)
        let metrics = try await request(server.port, "GET", "/metrics").lines
        for line in [#"api_requests_total{method="POST",route="/api/v1/score",status="200"} 3"#,
                     #"api_requests_total{method="POST",route="/api/v1/score",status="415"} 1"#,
                     #"api_requests_total{method="GET",route="/api/v1/health",status="200"} 1"#,
                     #"api_requests_total{method="GET",route="unknown",status="404"} 1"#,
                     #"api_request_seconds_count{route="/api/v1/score"} 4"#,
                     #"api_request_seconds_count{route="/api/v1/health"} 1"#] {
            let found = metrics.contains(line)   // not the whole exposition in a failure
            #expect(found, "\(line)")
        }
    }
}
