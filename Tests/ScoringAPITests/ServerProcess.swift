import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A running `score-server` on a free loopback port, stopped (SIGKILL) when the test is done with it.
final class ServerProcess: @unchecked Sendable {
    let process = Process()
    private(set) var port = 0
    private let stderr = Pipe()
    private var log = Data()

    /// Starts the binary and returns once it says which port it listens on.
    static func start(_ arguments: [String] = [], environment: [String: String] = [:]) async throws -> ServerProcess {
        let server = ServerProcess()
        try await blocking { try server.launch(arguments, environment) }
        return server
    }

    private func launch(_ arguments: [String], _ environment: [String: String]) throws {
        process.executableURL = try executable("score-server")
        process.arguments = ["--port", "0"] + arguments
        var env = ProcessInfo.processInfo.environment
        for key in ["RESULTS_STORE", "MONGODB_URL", "HOST", "PORT", "LOG_LEVEL"] { env[key] = nil }
        env.merge(environment) { $1 }
        process.environment = env
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try SpawnLock.start(process)
        // The log line `… port=N [score_server] listening` says where it listens.
        let reader = stderr.fileHandleForReading
        while true {
            let data = reader.availableData
            guard !data.isEmpty else { throw TestSetupError("score-server exited before listening: \(String(decoding: log, as: UTF8.self))") }
            log.append(data)
            let text = String(decoding: log, as: UTF8.self)
            if let line = text.split(separator: "\n").first(where: { $0.hasSuffix("listening") }),
               let match = line.firstMatch(of: /port=(\d+)/), let port = Int(match.1) {
                self.port = port
                break
            }
        }
        // Keep draining the log so the server never blocks on a full pipe.
        Thread { [reader] in while !reader.availableData.isEmpty {} }.start()
    }

    /// Sends a signal (SIGTERM for a graceful shutdown).
    func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the exit on a thread of its own; returns the status.
    func exitStatus() async throws -> Int32 {
        try await blocking { [process] in
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}

/// One HTTP/1.1 exchange's answer.
struct Reply: Sendable {
    var status: Int
    var headers: [String: String]   // names in lower case
    var body: Data
    var text: String { String(decoding: body, as: UTF8.self) }
    var lines: [String] { text.split(separator: "\n").map(String.init) }
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
}

/// A blocking HTTP/1.1 connection to the loopback port, for requests written and read by hand (a body in
/// chunks, a first line read before the body is complete).
final class Connection: @unchecked Sendable {
    private let fd: Int32
    private var buffer: [UInt8] = []

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else {
            close(fd)
            throw TestSetupError("cannot connect to 127.0.0.1:\(port)")
        }
        var timeout = timeval(tv_sec: 60, tv_usec: 0)   // a hung server fails the test instead of hanging it
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    func send(_ text: String) throws { try send(Data(text.utf8)) }

    func send(_ data: Data) throws {
        try data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                guard n > 0 else { throw TestSetupError("send failed: errno \(errno)") }
                offset += n
            }
        }
    }

    /// One chunk of a chunked body (an empty one ends the body).
    func sendChunk(_ data: Data) throws {
        try send(String(data.count, radix: 16) + "\r\n")
        try send(data)
        try send("\r\n")
    }

    /// Reads until `predicate` holds for the bytes read so far; false at end of stream.
    @discardableResult
    func read(until predicate: ([UInt8]) -> Bool) throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while !predicate(buffer) {
            let n = recv(fd, &chunk, chunk.count, 0)
            if n == 0 { return false }
            guard n > 0 else { throw TestSetupError("recv failed: errno \(errno)") }
            buffer.append(contentsOf: chunk[..<n])
        }
        return true
    }

    /// Everything until the server closes the connection.
    func readToEnd() throws -> [UInt8] {
        _ = try read { _ in false }
        return buffer
    }

    var received: [UInt8] { buffer }
}

/// Sends one request (`Connection: close`) and reads the whole answer, chunked or not.
func request(_ port: Int, _ method: String, _ path: String, headers: [String: String] = [:], body: Data? = nil) async throws -> Reply {
    try await blocking {
        let connection = try Connection(port: port)
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body, headers["Transfer-Encoding"] == nil { head += "Content-Length: \(body.count)\r\n" }
        try connection.send(head + "\r\n")
        if let body { try connection.send(body) }
        return try parseReply(connection.readToEnd())
    }
}

/// Parses a whole HTTP/1.1 answer.
func parseReply(_ bytes: [UInt8]) throws -> Reply {
    let separator: [UInt8] = Array("\r\n\r\n".utf8)
    guard let end = bytes.firstRange(of: separator) else { throw TestSetupError("no complete answer: \(String(decoding: bytes, as: UTF8.self))") }
    let head = String(decoding: bytes[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
    guard let status = head.first?.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else {
        throw TestSetupError("no status line: \(head.first ?? "")")
    }
    var headers: [String: String] = [:]
    for line in head.dropFirst() {
        guard let colon = line.firstIndex(of: ":") else { continue }
        headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    var body = Array(bytes[end.upperBound...])
    if headers["transfer-encoding"]?.lowercased() == "chunked" { body = dechunk(body) }
    return Reply(status: status, headers: headers, body: Data(body))
}

/// The payload of a chunked body.
func dechunk(_ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    var i = 0
    while let lineEnd = bytes[i...].firstRange(of: Array("\r\n".utf8)) {
        let size = Int(String(decoding: bytes[i..<lineEnd.lowerBound], as: UTF8.self).split(separator: ";").first ?? "", radix: 16) ?? 0
        guard size > 0, lineEnd.upperBound + size <= bytes.count else { break }
        out.append(contentsOf: bytes[lineEnd.upperBound..<(lineEnd.upperBound + size)])
        i = lineEnd.upperBound + size + 2
        guard i < bytes.count else { break }
    }
    return out
}

/// A result line without what changes from run to run or names where a message was read.
func comparable(_ line: String) -> String {
    stable(line).replacingOccurrences(of: #","input":"(?:[^"\\]|\\.)*","line":\d+"#, with: "", options: .regularExpression)
}
