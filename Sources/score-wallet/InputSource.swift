import Foundation
import ReputationCore

/// An input that cannot be opened or read, or an output that cannot be written, said briefly:
/// `cannot open a.json: no such file`.
struct FileError: Error, CustomStringConvertible {
    enum Action: String {
        case open, read, write
    }
    let action: Action
    let path: String
    let code: Int32

    var description: String { "cannot \(action.rawValue) \(path): \(reason)" }

    var reason: String {
        switch code {
        case ENOENT: "no such file"
        case EACCES, EPERM: "permission denied"
        case EISDIR: "is a directory"
        case ENOTDIR: "a part of the path is not a directory"
        default: String(cString: strerror(code)).lowercased()
        }
    }

    /// The error as a ``FileError`` when it carries an errno, else nil.
    init?(_ action: Action, _ path: String, _ error: any Error) {
        guard let posix = error as? POSIXError else { return nil }
        self.init(action: action, path: path, code: posix.code.rawValue)
    }

    init(action: Action, path: String, code: Int32) {
        self.action = action
        self.path = path
        self.code = code
    }
}

/// An input file or standard input, read with plain `read(2)` calls.
struct InputSource {
    let path: String
    let fileDescriptor: Int32
    /// The size of a regular file, for the progress line; nil for pipes and terminals.
    let size: Int?

    /// - Throws: ``FileError`` when the file cannot be opened or is a directory.
    init(path: String) throws(FileError) {
        self.path = path
        if path == "-" {
            fileDescriptor = 0
        } else {
            fileDescriptor = open(path, O_RDONLY)
            guard fileDescriptor >= 0 else { throw FileError(action: .open, path: path, code: errno) }
        }
        var info = stat()
        let known = fstat(fileDescriptor, &info) == 0
        if known && info.st_mode & S_IFMT == S_IFDIR {
            if fileDescriptor != 0 { _ = Foundation.close(fileDescriptor) }
            throw FileError(action: .open, path: path, code: EISDIR)
        }
        size = known && info.st_mode & S_IFMT == S_IFREG ? Int(info.st_size) : nil
    }

    func close() {
        if fileDescriptor != 0 { _ = Foundation.close(fileDescriptor) }
    }
}

/// Where results go: standard output or a file, written with `write(2)` a whole batch of lines at a
/// time, so that the output can be stopped on a line boundary (``stop(within:)``).
final class OutputSink: @unchecked Sendable {
    private let fileDescriptor: Int32
    private let lock = NSLock()                 // held for each whole write
    private var failure: FileError?
    private var results = 0
    private var last: MessageOrigin?

    /// - Throws: ``FileError`` when the file cannot be created.
    init(path: String?) throws(FileError) {
        if let path, path != "-" {
            fileDescriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard fileDescriptor >= 0 else { throw FileError(action: .write, path: path, code: errno) }
            name = path
        } else {
            fileDescriptor = 1
            name = "standard output"
        }
    }

    /// What error messages call the output.
    let name: String

    /// Writes all bytes: `results` complete result lines, the last of them for the message at `lastOrigin`.
    func write(_ bytes: [UInt8], results count: Int, lastOrigin: MessageOrigin?) {
        lock.lock()
        defer { lock.unlock() }
        guard failure == nil else { return }
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fileDescriptor, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = FileError(action: .write, path: name, code: errno)
                    return
                }
                offset += n
            }
        }
        if failure == nil {
            results += count
            last = lastOrigin ?? last
        }
    }

    /// The first write error, if any.
    var writeFailure: FileError? {
        lock.lock()
        defer { lock.unlock() }
        return failure
    }

    /// Waits for the write in progress to end and lets no other write start, ever. Returns the results
    /// written and the origin of the last one; nil if a write was still blocked after `timeout` (the
    /// output may then end inside a line).
    func stop(within timeout: TimeInterval) -> (results: Int, last: MessageOrigin?)? {
        guard lock.lock(before: Date(timeIntervalSinceNow: timeout)) else { return nil }
        return (results, last)
    }
}
