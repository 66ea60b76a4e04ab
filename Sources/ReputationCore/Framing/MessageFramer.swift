import Foundation

/// Splits a byte stream into wallet messages without loading it whole: JSON lines, one JSON value
/// (pretty-printed or not), values one after another, or a JSON array of wallets.
///
/// Memory stays bounded by the batch size plus the largest message: a message over
/// `maxMessageBytes` is skipped while it is read and reported as ``Frame/Content/tooLarge(bytes:)``.
///
/// Broken input never swallows its neighbours: in every layout, a complete JSON object that stands alone
/// on its own line is its own message whatever broken lines surround it. In JSON values and arrays, a
/// value that turns out not to be JSON is cut back to whole lines: its lines that hold a complete object
/// each become a message, and each run of other lines becomes one (failing) message.
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

    /// The layout the framer read (for `auto`, the one it detected).
    public enum Layout: String, Sendable, CustomStringConvertible {
        case jsonLines = "JSON lines"
        case jsonValues = "JSON values"
        case jsonArray = "JSON array"
        public var description: String { rawValue }
    }

    /// One message of a batch, and the 1-based line of the input where it starts.
    public struct Frame: Sendable, Equatable {
        /// What the framer found.
        public enum Content: Sendable, Equatable {
            /// The message's bytes in the batch.
            case message(Range<Int>)
            /// A message longer than the limit, skipped; its length in bytes.
            case tooLarge(bytes: Int)
            /// Not a message but a fault of the layout around the messages (an array never closed, a
            /// missing comma between array elements); the sentence says what is wrong.
            case layoutError(String)
        }
        public var content: Content
        /// The line of the input where the message (or the fault) starts, counting from 1.
        public var line: Int

        public init(_ content: Content, line: Int) {
            self.content = content
            self.line = line
        }
    }

    /// Messages in input order, and the bytes they point into.
    public struct Batch: Sendable {
        public var bytes: [UInt8]
        public var frames: [Frame]
    }

    /// The layout being read; nil until the first bytes (or the end of the input) are seen.
    public private(set) var layout: Layout?

    private let read: (UnsafeMutableRawBufferPointer) throws -> Int
    let maxMessageBytes: Int
    private var format: Format
    var buffer: [UInt8] = []
    private var chunk = [UInt8](repeating: 0, count: 256 << 10)
    var endOfInput = false
    private var atStart = true
    var sawContent = false

    // Scanner state, kept across reads.
    var scanned = 0                      // bytes of `buffer` already looked at
    var frameStart: Int?                 // where the message being read began
    var frameLine = 1                    // the line where it began
    var discarded: Int?                  // bytes skipped of an over-long message
    var blankDropped = 0                 // whitespace dropped from the start of the line being read
    var newlines = 0                     // line ends before `countedUpTo` (dropped bytes included)
    var countedUpTo = 0                  // where `newlines` was counted to, in `buffer`

    // JSON values state (MessageFramer+Values.swift).
    var scanner = JSONValueScanner()
    var lineChecker = JSONValueScanner()
    var openArray: OpenArray?
    var skippingLine = false             // a broken value that ends with the current line

    /// - Parameters:
    ///   - format: how the input is laid out.
    ///   - maxMessageBytes: longer messages become ``Frame/Content/tooLarge(bytes:)``.
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
        countLines(upTo: keep)
        var batchBytes = Array(buffer[keep...])
        swap(&batchBytes, &buffer)            // the buffer becomes the batch, without copying it
        batchBytes.removeSubrange(keep...)
        let batch = Batch(bytes: batchBytes, frames: frames)
        scanned -= keep
        countedUpTo -= keep
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
            if endOfInput {
                atStart = false
                layout = format == .json ? .jsonValues : .jsonLines
            }
            return
        }
        let startsArray = buffer[first] == UInt8(ascii: "[")
        if format == .auto {
            if startsArray {
                format = .json
            } else if let newline = buffer[first...].firstIndex(of: UInt8(ascii: "\n")) {
                format = holdsWholeValue(buffer[first..<newline]) ? .lines : .json
            } else if endOfInput || buffer.count > maxMessageBytes {
                format = .lines   // one line, or a first line too long to be a message anyway
            } else {
                return   // no newline yet: read more first
            }
        }
        layout = format == .lines ? .jsonLines : startsArray ? .jsonArray : .jsonValues
        atStart = false
    }

    /// True if the line (without its newline) is exactly one complete JSON object or array.
    private func holdsWholeValue(_ line: ArraySlice<UInt8>) -> Bool {
        var checker = JSONValueScanner()
        return line.withUnsafeBufferPointer { bytes in
            guard case .complete(let end) = checker.scan(bytes, from: 0, to: bytes.count) else { return false }
            return bytes[end...].allSatisfy(Self.isWhitespace)
        }
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
                newlines += 1
                countedUpTo = scanned
                frameStart = nil
            }
        }
        dropIfOverLong()
    }

    private func emitLine(_ range: Range<Int>, _ bytes: UnsafeBufferPointer<UInt8>, into frames: inout [Frame]) {
        let line = newlines + 1
        if let skipped = discarded {
            frames.append(Frame(.tooLarge(bytes: skipped + range.count), line: line))
            discarded = nil
            sawContent = true
            return
        }
        let blank = blankDropped
        blankDropped = 0
        guard range.contains(where: { !Self.isWhitespace(bytes[$0]) }) else { return }
        sawContent = true
        let count = blank + range.count
        frames.append(Frame(count > maxMessageBytes ? .tooLarge(bytes: count) : .message(range), line: line))
    }

    // MARK: - Shared

    /// The 1-based line of `position`, counting line ends from where the last count stopped
    /// (positions asked for never go backwards).
    func line(at position: Int) -> Int {
        countLines(upTo: position)
        return newlines + 1
    }

    func countLines(upTo position: Int) {
        guard position > countedUpTo else { return }
        buffer.withUnsafeBufferPointer { bytes in
            var count = 0
            for i in countedUpTo..<position where bytes[i] == 0x0A { count += 1 }
            newlines += count
        }
        countedUpTo = position
    }

    /// Forgets the bytes of a message that is already over the limit, keeping only their count.
    func dropIfOverLong() {
        guard let start = frameStart, scanned - start > maxMessageBytes else { return }
        if format != .lines {
            // A broken value is trimmed at its line ends, so its trailing whitespace counts only once more
            // follows it. A whitespace run longer than the limit is dropped all the same (memory stays bounded).
            var end = scanned
            buffer.withUnsafeBufferPointer { bytes in
                while end > start && scanned - end <= maxMessageBytes && Self.isWhitespace(bytes[end - 1]) { end -= 1 }
            }
            if end - start <= maxMessageBytes && scanned - end <= maxMessageBytes { return }
        } else if discarded == nil, buffer[start..<scanned].allSatisfy(Self.isWhitespace) {
            // Only whitespace so far: a blank line is skipped whole, however it arrives, so keep just the count.
            blankDropped += scanned - start
            buffer.removeSubrange(start..<scanned)
            scanned = start
            countedUpTo = min(countedUpTo, start)
            return
        }
        countLines(upTo: scanned)
        discarded = (discarded ?? 0) + blankDropped + (scanned - start)
        blankDropped = 0
        buffer.removeSubrange(start..<scanned)
        scanned = start
        countedUpTo = start
    }

    private func finishInput(into frames: inout [Frame]) {
        if format == .lines {
            if let start = frameStart {
                // The input ended inside a line: that line is what remains.
                buffer.withUnsafeBufferPointer { emitLine(start..<scanned, $0, into: &frames) }
                frameStart = nil
                discarded = nil
                blankDropped = 0
            }
        } else if !atStart {
            finishValues(into: &frames)
        }
        scanned = buffer.count
        if !sawContent {
            // Nothing but whitespace: one (invalid) empty message, so the input still gets a result.
            sawContent = true
            frames.append(Frame(.message(scanned..<scanned), line: 1))
        }
    }

    @inline(__always) static func isWhitespace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09
    }
}
