import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a finished process gave.
public struct CLIResult: Sendable {
    public var status: Int32
    public var stdout: Data
    public var stderr: String
    public var lines: [String] { String(decoding: stdout, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }
    /// Each line as a JSON object; a line that is not one becomes `["not_a_json_object": line]`, which no
    /// expectation on result fields accepts.
    public var objects: [[String: Any]] {
        lines.map { line in
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8))   // not JSON: the marker below
            return object as? [String: Any] ?? ["not_a_json_object": line]
        }
    }
}

/// Runs an executable to its end with optional standard input and environment; a child hung for 120 s is killed.
public func run(_ url: URL, _ arguments: [String], stdin: Data? = nil, environment: [String: String]? = nil) throws -> CLIResult {
    let process = Process()
    process.executableURL = url
    process.arguments = arguments
    if let environment { process.environment = environment }
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try SpawnLock.start(process)
    // Swift Testing's time limit cannot interrupt a blocked wait: a hung child is killed instead.
    let watchdog = DispatchWorkItem { kill(process.processIdentifier, SIGKILL) }
    DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(120), execute: watchdog)
    defer { watchdog.cancel() }
    let writer = Thread {
        // A child that exits without reading all of its input has closed the pipe already: not an error
        // (`write(_:)` would trap on it).
        if let stdin { try? input.fileHandleForWriting.write(contentsOf: stdin) }
        try? input.fileHandleForWriting.close()
    }
    writer.start()
    final class Box: @unchecked Sendable { var data = Data() }
    let stderr = Box()
    let done = DispatchSemaphore(value: 0)
    Thread { stderr.data = err.fileHandleForReading.readDataToEndOfFile(); done.signal() }.start()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    done.wait()
    process.waitUntilExit()
    return CLIResult(status: process.terminationStatus, stdout: stdout, stderr: String(decoding: stderr.data, as: UTF8.self))
}

/// ``run(_:_:stdin:environment:)`` for async tests: the process is waited for on a thread of its own.
public func run(_ url: URL, _ arguments: [String], stdin: Data? = nil, environment: [String: String]? = nil) async throws -> CLIResult {
    try await blocking { try run(url, arguments, stdin: stdin, environment: environment) }
}

/// ``temporaryDirectory()`` for async tests, on a thread of its own.
public func temporaryDirectory() async throws -> URL {
    try await blocking { try temporaryDirectory() }
}

/// Removes a file or directory the tests made; a failure is printed, as a warning.
public func removeOrWarn(_ url: URL) {
    do {
        try FileManager.default.removeItem(at: url)
    } catch {
        FileHandle.standardError.write(Data("warning: cannot remove \(url.path): \(error)\n".utf8))
    }
}

/// A fresh temporary directory for one test.
public func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("score-wallet-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A result line without its run-dependent fields (`timestamp`, `processing_time_ms`).
public func stable(_ line: String) -> String {
    line.replacingOccurrences(of: #""timestamp":\d+,"processing_time_ms":[0-9.e+-]+,"#, with: "", options: .regularExpression)
}

/// A loopback port that was free a moment ago.
public func freePort() throws -> Int {
    let (fd, port) = try loopbackSocket(listening: false)
    close(fd)
    return port
}

/// A TCP socket bound to a free loopback port (listening when asked), and the port; the caller closes it.
public func loopbackSocket(listening: Bool) throws -> (fd: Int32, port: Int) {
    let fd = socket(AF_INET, Int32(Glibc.SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
    } && (!listening || listen(fd, 1) == 0)
    guard bound else {
        close(fd)
        throw TestSetupError(listening ? "cannot listen on a loopback port" : "no free port")
    }
    return (fd, Int(UInt16(bigEndian: address.sin_port)))
}
