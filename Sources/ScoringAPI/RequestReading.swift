import Foundation
import Hummingbird
import NIOCore

/// What the API reads from requests: query parameters, content types and bodies, each fault a problem
/// naming what is wrong.
extension ScoringRoutes {
    /// `?as_of=` as unix seconds ≥ 0, else now.
    func asOf(_ request: Request) throws(Problem) -> Int64 {
        guard let text = request.uri.queryParameters.get("as_of") else { return Int64(Date().timeIntervalSince1970) }
        guard let value = Int64(text), value >= 0 else {
            throw Problem.badParameter("as_of", "must be unix seconds ≥ 0, not \(text.debugDescription)")
        }
        return value
    }

    /// `?NAME=` as an integer in `range`, else `defaultValue`.
    func integer(_ name: String, _ request: Request, in range: ClosedRange<Int>, default defaultValue: Int) throws(Problem) -> Int {
        guard let text = request.uri.queryParameters.get(name) else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            throw Problem.badParameter(name, "must be an integer from \(range.lowerBound) to \(range.upperBound), not \(text.debugDescription)")
        }
        return value
    }

    /// `?NAME=` as one of `values` (their raw values), else `defaultValue`.
    func choice<T: RawRepresentable & CaseIterable>(_ name: String, _ request: Request, default defaultValue: T?) throws(Problem) -> T?
    where T.RawValue == String {
        guard let text = request.uri.queryParameters.get(name) else { return defaultValue }
        guard let value = T(rawValue: text) else {
            throw Problem.badParameter(name, "must be one of \(T.allCases.map(\.rawValue).joined(separator: ", ")), not \(text.debugDescription)")
        }
        return value
    }

    /// `?NAME=true|false`, else false.
    func flag(_ name: String, _ request: Request) throws(Problem) -> Bool {
        guard let text = request.uri.queryParameters.get(name) else { return false }
        switch text {
        case "true", "1": return true
        case "false", "0": return false
        default: throw Problem.badParameter(name, "must be true or false, not \(text.debugDescription)")
        }
    }

    /// The media type of the body (lower case, without parameters); nil when there is no `Content-Type`.
    func mediaType(_ request: Request) -> String? {
        request.headers[.contentType].map(Self.mediaType(of:))
    }

    /// The media type of a `Content-Type` value: what comes before the first `;`, without the optional
    /// white space of RFC 9110 (spaces and tabs) around it, ASCII letters in lower case.
    static func mediaType(of value: String) -> String {
        var bytes = value.utf8[...]
        if let semicolon = bytes.firstIndex(of: UInt8(ascii: ";")) { bytes = bytes[..<semicolon] }
        let blank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        while let first = bytes.first, blank(first) { bytes.removeFirst() }
        while let last = bytes.last, blank(last) { bytes.removeLast() }
        return String(decoding: bytes.map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// 413 at once when `Content-Length` says the body is over the limit.
    func checkDeclaredLength(_ request: Request) throws(Problem) {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > configuration.maxRequestBytes {
            throw Problem.tooLarge(limit: configuration.maxRequestBytes)
        }
    }

    /// The whole body, at most `maxRequestBytes` (else 413); an empty body is a 400. A body that came in
    /// one piece (the usual case) is returned as it is, without copying.
    func body(_ request: Request) async throws -> ByteBuffer {
        try checkDeclaredLength(request)
        let bytes: ByteBuffer
        do {
            bytes = try await request.body.collect(upTo: configuration.maxRequestBytes)
        } catch is NIOTooManyBytesError {
            throw Problem.tooLarge(limit: configuration.maxRequestBytes)
        }
        guard bytes.readableBytesView.contains(where: { !Self.isWhitespace($0) }) else {
            throw Problem(.badRequest, "the request body is empty: send one wallet message (JSON)")
        }
        return bytes
    }

    static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }
}
