import ArgumentParser
import Foundation

/// A file or standard output that a command writes to. A write that fails (a reader that went away, a full
/// disk) ends the command with one line naming the output and the reason, never a trap.
struct Output {
    private let handle: FileHandle
    private let name: String

    /// Standard output for nil or `-`, else the file at `path`, created or emptied.
    init(_ path: String?) throws {
        guard let path, path != "-" else {
            handle = .standardOutput
            name = "standard output"
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: nil) else { throw ValidationError("cannot create \(path)") }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        name = path
    }

    /// Writes all of `bytes`.
    func write(_ bytes: [UInt8]) throws {
        do {
            try handle.write(contentsOf: bytes)
        } catch {
            let posix = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
            let reason = posix.map { String(cString: strerror(Int32($0.code))).lowercased() } ?? error.localizedDescription
            throw WriteFailure(description: "cannot write \(name): \(reason)")
        }
    }
}

/// A write to an ``Output`` that failed.
struct WriteFailure: Error, CustomStringConvertible {
    var description: String
}
