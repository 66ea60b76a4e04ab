import Foundation

/// An input file or standard input, read with plain `read(2)` calls.
struct InputSource {
    let path: String
    let fileDescriptor: Int32
    /// The size of a regular file, for the progress line; nil for pipes and terminals.
    let size: Int?

    init(path: String) throws {
        self.path = path
        if path == "-" {
            fileDescriptor = 0
        } else {
            fileDescriptor = open(path, O_RDONLY)
            guard fileDescriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        }
        var info = stat()
        if fstat(fileDescriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG {
            size = Int(info.st_size)
        } else if fstat(fileDescriptor, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
            throw POSIXError(.EISDIR)
        } else {
            size = nil
        }
    }

    func close() {
        if fileDescriptor != 0 { _ = Foundation.close(fileDescriptor) }
    }
}

/// Where results go: standard output or a file, written with `write(2)`.
final class OutputSink: @unchecked Sendable {
    private let fileDescriptor: Int32
    /// The first write error, if any.
    private(set) var failure: String?

    init(path: String?) throws {
        if let path, path != "-" {
            fileDescriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard fileDescriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        } else {
            fileDescriptor = 1
        }
    }

    /// Writes all bytes (called from one thread at a time).
    func write(_ bytes: [UInt8]) {
        guard failure == nil else { return }
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fileDescriptor, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                offset += n
            }
        }
    }
}
