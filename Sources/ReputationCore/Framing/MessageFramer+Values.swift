import Foundation

/// An array at the top level of the input, whose elements are the messages.
struct OpenArray {
    enum Expect {
        /// Just after `[`: an element or `]`.
        case firstElement
        /// After `,`: an element.
        case element
        /// After an element: `,` or `]`.
        case separator
        /// After a broken element, cut back to its lines: `,`, `]` or the next element.
        case afterBroken
    }
    /// The line of its `[`.
    let line: Int
    var expect = Expect.firstElement
}

// MARK: - JSON values and arrays

extension MessageFramer {
    func scanValues(into frames: inout [Frame]) {
        buffer.withUnsafeBufferPointer { bytes in
            var i = scanned
            let n = bytes.count
            while i < n {
                if skippingLine {
                    // A broken value that ends with this line: find its end.
                    guard let newline = Self.firstNewline(bytes, in: i..<n) else { i = n; break }
                    emitBroken(frameStart!..<newline, bytes, into: &frames)
                    i = newline + 1
                    continue
                }
                if let start = frameStart {
                    switch scanner.scan(bytes, from: i, to: n) {
                    case .needMore:
                        i = n
                    case .complete(let end):
                        emitValue(start..<end, into: &frames)
                        i = end
                    case .error(let position, _):
                        i = breakFrame(at: position, bytes, into: &frames)
                    }
                    continue
                }
                let c = bytes[i]
                if Self.isWhitespace(c) { i += 1; continue }
                if var array = openArray {
                    if let fault = array.layoutFault(c) {
                        frames.append(Frame(.layoutError(fault), line: line(at: i)))
                        sawContent = true
                    }
                    switch c {
                    case UInt8(ascii: "]"):
                        openArray = nil
                        i += 1
                        continue
                    case UInt8(ascii: ","):
                        array.expect = .element
                        openArray = array
                        i += 1
                        continue
                    default:
                        break   // an element begins
                    }
                } else if c == UInt8(ascii: "[") {
                    openArray = OpenArray(line: line(at: i))
                    sawContent = true
                    i += 1
                    continue
                }
                frameStart = i
                frameLine = line(at: i)
                sawContent = true
                scanner.reset()
            }
            scanned = n
        }
        dropIfOverLong()
    }

    /// At the end of the input: the value being read is complete (a bare number) or broken.
    func finishValues(into frames: inout [Frame]) {
        while let start = frameStart {
            let end = buffer.count
            if skippingLine {
                buffer.withUnsafeBufferPointer { emitBroken(start..<end, $0, into: &frames) }
            } else if scanner.isCompleteAtEnd {
                emitValue(start..<end, into: &frames)
            } else {
                // Broken at the end of the input: cut back, then read again whatever follows the cut.
                scanned = buffer.withUnsafeBufferPointer { breakFrame(at: end, $0, into: &frames) }
                scanValues(into: &frames)
            }
        }
        if let array = openArray {
            frames.append(Frame(.layoutError("the array opened at line \(array.line) is never closed: the input ends first"), line: array.line))
            openArray = nil
        }
    }

    private func emitValue(_ range: Range<Int>, into frames: inout [Frame]) {
        if let skipped = discarded {
            frames.append(Frame(.tooLarge(bytes: skipped + range.count), line: frameLine))
            discarded = nil
        } else {
            frames.append(Frame(range.count > maxMessageBytes ? .tooLarge(bytes: range.count) : .message(range), line: frameLine))
        }
        frameStart = nil
        openArray?.expect = .separator
    }

    /// The value being read is not JSON at `position`. If that is on a later line than the value's start,
    /// the lines before it are cut off as broken and reading starts again at its line; otherwise the value
    /// is broken up to the end of its line. Returns where to read on.
    private func breakFrame(at position: Int, _ bytes: UnsafeBufferPointer<UInt8>, into frames: inout [Frame]) -> Int {
        let start = frameStart!
        var lineStart = position
        while lineStart > start && bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
        guard lineStart > start else {
            skippingLine = true
            return position
        }
        emitBroken(start..<lineStart, bytes, into: &frames)
        return lineStart
    }

    /// Splits a broken region by lines: a line that holds exactly one complete object is its own message,
    /// each run of other non-blank lines is one (failing) message.
    private func emitBroken(_ region: Range<Int>, _ bytes: UnsafeBufferPointer<UInt8>, into frames: inout [Frame]) {
        frameStart = nil
        skippingLine = false
        if openArray != nil { openArray?.expect = .afterBroken }
        if let skipped = discarded {
            // Its start is gone: the region is reported whole.
            frames.append(Frame(.tooLarge(bytes: skipped + region.count), line: frameLine))
            discarded = nil
            return
        }
        var run: (start: Int, end: Int, line: Int)?
        func flush() {
            if let r = run { frames.append(frame(r.start..<r.end, line: r.line)) }
            run = nil
        }
        var lineStart = region.lowerBound
        while lineStart < region.upperBound {
            let lineEnd = Self.firstNewline(bytes, in: lineStart..<region.upperBound) ?? region.upperBound
            var first = lineStart, last = lineEnd
            while first < last && Self.isWhitespace(bytes[first]) { first += 1 }
            while last > first && Self.isWhitespace(bytes[last - 1]) { last -= 1 }
            if first == last {
                flush()
            } else if let object = completeObject(bytes, first..<last) {
                flush()
                frames.append(frame(object, line: line(at: first)))
            } else if run == nil {
                run = (first, last, line(at: first))
            } else {
                run!.end = last
            }
            lineStart = lineEnd + 1
        }
        flush()
    }

    private func frame(_ range: Range<Int>, line: Int) -> Frame {
        Frame(range.count > maxMessageBytes ? .tooLarge(bytes: range.count) : .message(range), line: line)
    }

    /// The object the trimmed line holds, if it is exactly one complete object (followed by a comma
    /// inside an array).
    private func completeObject(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Range<Int>? {
        guard bytes[line.lowerBound] == UInt8(ascii: "{") else { return nil }
        lineChecker.reset()
        guard case .complete(let end) = lineChecker.scan(bytes, from: line.lowerBound, to: line.upperBound) else { return nil }
        var rest = end
        while rest < line.upperBound && Self.isWhitespace(bytes[rest]) { rest += 1 }
        if rest == line.upperBound || (openArray != nil && rest == line.upperBound - 1 && bytes[rest] == UInt8(ascii: ",")) {
            return line.lowerBound..<end
        }
        return nil
    }

    static func firstNewline(_ bytes: UnsafeBufferPointer<UInt8>, in range: Range<Int>) -> Int? {
        guard !range.isEmpty, let hit = memchr(bytes.baseAddress! + range.lowerBound, 0x0A, range.count) else { return nil }
        return bytes.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }
}

extension OpenArray {
    /// What is wrong with byte `c` (not whitespace) coming next in this array, if anything.
    func layoutFault(_ c: UInt8) -> String? {
        switch (c, expect) {
        case (UInt8(ascii: "]"), .element):
            "trailing ',' before the ']' that closes the array opened at line \(line)"
        case (UInt8(ascii: ","), .firstElement), (UInt8(ascii: ","), .element):
            "an element is missing before ',' in the array opened at line \(line)"
        case (UInt8(ascii: "]"), _), (UInt8(ascii: ","), _):
            nil
        case (_, .separator):
            "missing ',' between elements of the array opened at line \(line); both elements are read"
        default:
            nil
        }
    }
}
