import Logging
import Synchronization

/// A logger whose lines (level, message and metadata) are kept for a test to read.
final class CapturedLog: Sendable {
    private let lines = Mutex<[String]>([])

    var logger: Logger { Logger(label: "captured") { _ in Handler(log: self) } }

    var text: String { lines.withLock { $0.joined(separator: "\n") } }

    /// Lines containing `part`.
    func count(_ part: String) -> Int { lines.withLock { $0.filter { $0.contains(part) }.count } }

    fileprivate func append(_ line: String) { lines.withLock { $0.append(line) } }

    private struct Handler: LogHandler {
        let log: CapturedLog
        var logLevel: Logger.Level = .debug
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String,
                 file: String, function: String, line: UInt) {
            let fields = self.metadata.merging(metadata ?? [:]) { $1 }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            log.append("\(level) \(message) \(fields.joined(separator: " "))")
        }
    }
}
