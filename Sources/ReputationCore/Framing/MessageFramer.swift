import Foundation

/// Splits a byte stream into wallet messages without loading it whole: JSON lines, one JSON value
/// (pretty-printed or not), values one after another, or a JSON array of wallets.
///
/// Memory stays bounded by the batch size plus the largest message: a message over
/// `maxMessageBytes` is skipped while it is read and reported as ``Frame/tooLarge(bytes:)``.
public final class MessageFramer {
    /// How the input is laid out.
    public enum Format: String, Sendable, CaseIterable {
        /// `[` first: an array of wallets; else JSON lines if the first line holds a whole value; else JSON values.
        case auto
        /// One message per line; blank lines are skipped. A broken line never affects its neighbours.
        case lines
        /// JSON values one after another, each may span lines; a top-level array's elements are the messages.
        case json
    }

    /// One message of a batch.
    public enum Frame: Sendable, Equatable {
        /// The message's bytes in the batch.
        case message(Range<Int>)
        /// A message longer than the limit, skipped; its length in bytes.
        case tooLarge(bytes: Int)
    }

    /// Messages in input order, and the bytes they point into.
    public struct Batch: Sendable {
        public var bytes: [UInt8]
        public var frames: [Frame]
    }

    private let read: (UnsafeMutableRawBufferPointer) throws -> Int
    private let maxMessageBytes: Int
    private var format: Format
    private var buffer: [UInt8] = []
    private var chunk = [UInt8](repeating: 0, count: 256 << 10)
    private var endOfInput = false
    private var atStart = true
    private var sawContent = false

    // Scanner state, kept across reads.
    private var scanned = 0              // bytes of `buffer` already looked at
    private var frameStart: Int?         // where the message being read began
    private var depth = 0
    private var inString = false
    private var escaped = false
    private var inTopArray = false
    private var scalarFrame = false      // the message is a bare number/literal at top level
    private var discarded: Int?          // bytes skipped of an over-long message

    /// - Parameters:
    ///   - format: how the input is laid out.
    ///   - maxMessageBytes: longer messages become ``Frame/tooLarge(bytes:)``.
    ///   - read: fills the buffer and returns the byte count, 0 at the end of the input.
    public init(format: Format = .auto, maxMessageBytes: Int, read: @escaping (UnsafeMutableRawBufferPointer) throws -> Int) {
        self.format = format
        self.maxMessageBytes = maxMessageBytes
        self.read = read
    }

    /// Reads from a file descriptor.
    public convenience init(format: Format = .auto, maxMessageBytes: Int, fileDescriptor: Int32) {
        self.init(format: format, maxMessageBytes: maxMessageBytes) { buffer in
            while true {
                let n = Foundation.read(fileDescriptor, buffer.baseAddress, buffer.count)
                if n >= 0 { return n }
                if errno != EINTR { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            }
        }
    }

    /// The next messages, about `targetBytes` of them; nil at the end of the input.
    public func nextBatch(targetBytes: Int = 1 << 20) throws -> Batch? {
        var frames: [Frame] = []
        while true {
            // Bytes already held for the message being read (or, before the layout is known, all of them).
            let held = atStart ? buffer.count : frameStart.map { scanned - $0 } ?? 0
            try fill(upTo: held + targetBytes)
            if atStart { decideFormat() }
            scan(into: &frames)
            if endOfInput { finishInput(into: &frames) }
            if !frames.isEmpty || endOfInput { break }
        }
        if frames.isEmpty && buffer.isEmpty { return nil }
        // Hand over the bytes up to the message being read; keep that one for the next batch.
        let keep = frameStart ?? scanned
        var batchBytes = Array(buffer[keep...])
        swap(&batchBytes, &buffer)            // the buffer becomes the batch, without copying it
        batchBytes.removeSubrange(keep...)
        let batch = Batch(bytes: batchBytes, frames: frames)
        scanned -= keep
        frameStart = frameStart.map { $0 - keep }
        return batch.frames.isEmpty && endOfInput ? nil : batch
    }

    /// Reads until `size` unscanned bytes are buffered, the input ends, or a read comes back short
    /// (a pipe with nothing more yet: score what is there rather than wait).
    private func fill(upTo size: Int) throws {
        var want = size - (buffer.count - scanned)
        while !endOfInput && want > 0 {
            let request = min(want, chunk.count)
            let n = try chunk.withUnsafeMutableBytes { try read(UnsafeMutableRawBufferPointer(rebasing: $0[..<request])) }
            guard n > 0 else { endOfInput = true; return }
            if buffer.capacity < buffer.count + n { buffer.reserveCapacity(max(buffer.count + n, 2 * buffer.capacity, 1 << 20)) }
            buffer.append(contentsOf: chunk[..<n])
            want -= n
            if n < request { return }
        }
    }

    private func decideFormat() {
        if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { buffer.removeFirst(3) }
        guard let first = buffer.firstIndex(where: { !Self.isWhitespace($0) }) else {
            if endOfInput { atStart = false }
            return
        }
        guard format == .auto else { atStart = false; return }
        if buffer[first] == UInt8(ascii: "[") {
            format = .json
        } else if let newline = buffer[first...].firstIndex(of: UInt8(ascii: "\n")) {
            format = Self.holdsWholeValue(buffer[first..<newline]) ? .lines : .json
        } else if endOfInput || buffer.count > maxMessageBytes {
            format = .lines   // one line, or a first line too long to be a message anyway
        } else {
            return   // no newline yet: read more first
        }
        atStart = false
    }

    /// True if the bytes begin with a complete JSON object or array.
    private static func holdsWholeValue(_ line: ArraySlice<UInt8>) -> Bool {
        var depth = 0, inString = false, escaped = false
        for c in line {
            if inString {
                if escaped { escaped = false } else if c == UInt8(ascii: "\\") { escaped = true } else if c == UInt8(ascii: "\"") { inString = false }
            } else if c == UInt8(ascii: "\"") {
                inString = true
            } else if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                depth += 1
            } else if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                depth -= 1
                if depth <= 0 { return true }
            }
        }
        return false
    }

    private func scan(into frames: inout [Frame]) {
        guard !atStart else { return }
        if format == .lines { scanLines(into: &frames) } else { scanValues(into: &frames) }
    }

    // MARK: - JSON lines

    private func scanLines(into frames: inout [Frame]) {
        buffer.withUnsafeBufferPointer { bytes in
            while scanned < bytes.count {
                if frameStart == nil { frameStart = scanned }
                let rest = bytes.count - scanned
                guard let hit = memchr(bytes.baseAddress! + scanned, Int32(UInt8(ascii: "\n")), rest) else {
                    scanned = bytes.count
                    break
                }
                let end = bytes.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                emitLine(frameStart!..<end, bytes, into: &frames)
                scanned = end + 1
                frameStart = nil
            }
        }
        dropIfOverLong()
    }

    private func emitLine(_ range: Range<Int>, _ bytes: UnsafeBufferPointer<UInt8>, into frames: inout [Frame]) {
        if let skipped = discarded {
            frames.append(.tooLarge(bytes: skipped + range.count))
            discarded = nil
            sawContent = true
            return
        }
        guard range.contains(where: { !Self.isWhitespace(bytes[$0]) }) else { return }
        sawContent = true
        frames.append(range.count > maxMessageBytes ? .tooLarge(bytes: range.count) : .message(range))
    }

    // MARK: - JSON values

    private func scanValues(into frames: inout [Frame]) {
        buffer.withUnsafeBufferPointer { bytes in
            var i = scanned
            let n = bytes.count
            while i < n {
                let c = bytes[i]
                if let start = frameStart {
                    if inString {
                        if escaped { escaped = false } else if c == UInt8(ascii: "\\") { escaped = true } else if c == UInt8(ascii: "\"") {
                            inString = false
                            if depth == 0 { emitValue(start..<(i + 1), into: &frames) }
                        }
                    } else if scalarFrame {
                        if Self.isWhitespace(c) || c == UInt8(ascii: ",") || c == UInt8(ascii: "]") || c == UInt8(ascii: "{")
                            || c == UInt8(ascii: "[") || c == UInt8(ascii: "\"") {
                            emitValue(start..<i, into: &frames)
                            continue   // look at this byte again, outside the value
                        }
                    } else if c == UInt8(ascii: "\"") {
                        inString = true
                    } else if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                        depth += 1
                    } else if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                        depth -= 1
                        if depth == 0 { emitValue(start..<(i + 1), into: &frames) }
                    }
                } else if Self.isWhitespace(c) {
                    // between values
                } else if c == UInt8(ascii: "[") && !inTopArray {
                    inTopArray = true
                    sawContent = true
                } else if inTopArray && c == UInt8(ascii: ",") {
                    // between elements
                } else if inTopArray && c == UInt8(ascii: "]") {
                    inTopArray = false
                } else {
                    frameStart = i
                    sawContent = true
                    if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                        depth = 1
                    } else if c == UInt8(ascii: "\"") {
                        inString = true
                    } else if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                        emitValue(i..<(i + 1), into: &frames)   // a stray closer: its own (invalid) message
                    } else {
                        scalarFrame = true
                    }
                }
                i += 1
            }
            scanned = n
        }
        dropIfOverLong()
    }

    private func emitValue(_ range: Range<Int>, into frames: inout [Frame]) {
        if let skipped = discarded {
            frames.append(.tooLarge(bytes: skipped + range.count))
            discarded = nil
        } else {
            frames.append(range.count > maxMessageBytes ? .tooLarge(bytes: range.count) : .message(range))
        }
        frameStart = nil
        depth = 0
        scalarFrame = false
    }

    /// Forgets the bytes of a message that is already over the limit, keeping only their count.
    private func dropIfOverLong() {
        guard let start = frameStart, scanned - start > maxMessageBytes else { return }
        discarded = (discarded ?? 0) + (scanned - start)
        buffer.removeSubrange(start..<scanned)
        scanned = start
    }

    private func finishInput(into frames: inout [Frame]) {
        if let start = frameStart {
            // The input ended inside a message: that message is what remains.
            if let skipped = discarded {
                frames.append(.tooLarge(bytes: skipped + scanned - start))
            } else if format == .lines {
                buffer.withUnsafeBufferPointer { emitLine(start..<scanned, $0, into: &frames) }
            } else {
                frames.append(.message(start..<scanned))
            }
            frameStart = nil
            discarded = nil
            scanned = buffer.count
        }
        if !sawContent {
            // Nothing but whitespace: one (invalid) empty message, so the input still gets a result.
            sawContent = true
            frames.append(.message(scanned..<scanned))
        }
    }

    @inline(__always) static func isWhitespace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09
    }
}
