import Foundation
import Hummingbird
import NIOCore

/// A request-level error as RFC 9457 `application/problem+json`: `type`, `title`, `status`, `detail`,
/// and for a bad query parameter or header, `parameter` naming it. Scoring errors are never problems:
/// they are failure results.
public struct Problem: Error, Codable, Sendable, Equatable, HTTPResponseError {
    /// `about:blank`: the status says what went wrong and `title` is its reason phrase (RFC 9457 §4.2.1).
    public var type: String
    public var title: String
    /// The status code (`status` in the document).
    public var statusCode: Int
    public var detail: String
    /// The query parameter or header at fault, when one is.
    public var parameter: String?
    /// Allowed methods, for 405 (sent as the `Allow` header, not in the body).
    var allow: [String]?

    enum CodingKeys: String, CodingKey { case type, title, statusCode = "status", detail, parameter }

    public var status: HTTPResponse.Status { HTTPResponse.Status(code: statusCode) }

    public init(_ status: HTTPResponse.Status, _ detail: String, parameter: String? = nil) {
        type = "about:blank"
        title = status.reasonPhrase
        statusCode = status.code
        self.detail = detail
        self.parameter = parameter
    }

    /// 400 naming a bad query parameter or header.
    static func badParameter(_ name: String, _ detail: String) -> Problem { Problem(.badRequest, "\(name): \(detail)", parameter: name) }

    static func tooLarge(limit: Int) -> Problem {
        Problem(.contentTooLarge, "the request body is over the limit of \(limit) bytes (--max-request-bytes)")
    }

    static let shuttingDown = Problem(.serviceUnavailable, "the server is shutting down")

    /// The JSON document, keys sorted.
    var document: ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return ByteBuffer(bytes: (try? encoder.encode(self)) ?? Data())
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if let allow { headers[.allow] = allow.joined(separator: ", ") }
        if statusCode == 503 { headers[.retryAfter] = "1" }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: document))
    }
}
