import Foundation
import ReputationCore
import Testing

/// The framer splits every layout into the right messages, across reads of any size.
@Suite struct FramerTests {
    func frames(_ text: String, format: MessageFramer.Format = .auto, max: Int = 1 << 20, chunk: Int = 7, batch: Int = 16) throws -> [String] {
        try framesWithLines(text, format: format, max: max, chunk: chunk, batch: batch).map(\.text)
    }

    /// Each frame as its text (`<too large: N>` and `<layout: …>` for the others) and its line.
    func framesWithLines(_ text: String, format: MessageFramer.Format = .auto, max: Int = 1 << 20, chunk: Int = 7,
                         batch: Int = 16) throws -> [(text: String, line: Int)] {
        let bytes = Array(text.utf8)
        var offset = 0
        let framer = MessageFramer(format: format, maxMessageBytes: max) { buffer in
            let n = Swift.min(chunk, buffer.count, bytes.count - offset)
            bytes.withUnsafeBytes { source in buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<(offset + n)])) }
            offset += n
            return n
        }
        var out: [(text: String, line: Int)] = []
        while let b = try framer.nextBatch(targetBytes: batch) {
            for frame in b.frames {
                switch frame.content {
                case .message(let r): out.append((String(decoding: b.bytes[r], as: UTF8.self), frame.line))
                case .tooLarge(let n): out.append(("<too large: \(n)>", frame.line))
                case .layoutError(let reason): out.append(("<layout: \(reason)>", frame.line))
                }
            }
        }
        return out
    }

    @Test(arguments: [1, 3, 64, 4096])
    func jsonLines(chunk: Int) throws {
        #expect(try frames("{\"a\":1}\n\n{\"b\":[2]}\r\n  \n{\"c\":\"}\\\"{\"}", chunk: chunk) == ["{\"a\":1}", "{\"b\":[2]}\r", "{\"c\":\"}\\\"{\"}"])
    }

    @Test func brokenLineDoesNotSwallowItsNeighbours() throws {
        #expect(try frames("{\"a\":1}\n{\"b\":[\n{\"c\":3}\n") == ["{\"a\":1}", "{\"b\":[", "{\"c\":3}"])
    }

    @Test(arguments: [1, 5, 4096])
    func arrayOfWallets(chunk: Int) throws {
        #expect(try frames(" [ {\"a\":[1,{}]} ,\n {\"b\":\"]\"}, 42, \"s\", []]\n", chunk: chunk)
                == ["{\"a\":[1,{}]}", "{\"b\":\"]\"}", "42", "\"s\"", "[]"])
    }

    @Test func prettyAndConcatenatedValues() throws {
        #expect(try frames("{\n  \"a\": 1,\n  \"b\": {\n  }\n}\n{\n\"c\":2}") == ["{\n  \"a\": 1,\n  \"b\": {\n  }\n}", "{\n\"c\":2}"])
    }

    @Test func byteOrderMarkAndNoTrailingNewline() throws {
        #expect(try frames("\u{FEFF}{\"a\":1}\n{\"b\":2}") == ["{\"a\":1}", "{\"b\":2}"])
    }

    @Test func emptyInputIsOneEmptyMessage() throws {
        #expect(try frames("") == [""])
        #expect(try frames(" \n\r\n") == [""])
        #expect(try frames("[]") == [])
    }

    @Test func overLongMessagesAreSkippedNotKept() throws {
        let long = "{\"x\":\"" + String(repeating: "a", count: 100) + "\"}"
        #expect(try frames("{\"a\":1}\n\(long)\n{\"b\":2}\n", max: 50, chunk: 9) == ["{\"a\":1}", "<too large: 108>", "{\"b\":2}"])
        #expect(try frames("[{\"a\":1},\(long),{\"b\":2}]", max: 50, chunk: 9) == ["{\"a\":1}", "<too large: 108>", "{\"b\":2}"])
        #expect(try frames("{\"a\":1}\n\(long)", max: 50, chunk: 9) == ["{\"a\":1}", "<too large: 108>"])
    }

    /// Whitespace is judged the same however the input is split: a blank line longer than the limit is
    /// skipped (a line of content after such a run is over-long), and a broken value's trailing whitespace is
    /// not part of it (fuzzing found both differences between one read and reads of 1 byte).
    @Test(arguments: [1, 2, 4096])
    func whitespaceDoesNotDependOnReadSize(chunk: Int) throws {
        let blank = String(repeating: " ", count: 20)
        #expect(try frames("{}\n\(blank)\n{}\n", format: .lines, max: 8, chunk: chunk) == ["{}", "{}"])
        #expect(try frames("{}\n\(blank)x\n{}\n", format: .lines, max: 8, chunk: chunk) == ["{}", "<too large: 21>", "{}"])
        let long = String(repeating: "y", count: 30)
        #expect(try frames("}\n  \(long)\n}\n", format: .lines, max: 1, chunk: chunk) == ["}", "<too large: 32>", "}"])
        #expect(try frames("{}\n}x1234  \n{}\n", format: .json, max: 7, chunk: chunk) == ["{}", "}x1234", "{}"])
        #expect(try frames("{}\n}x1234  5\n{}\n", format: .json, max: 7, chunk: chunk) == ["{}", "<too large: 9>", "{}"])
    }

    /// A first line longer than a batch, before the layout is known, is read whole.
    @Test func firstLineLongerThanABatch() throws {
        let long = "{\"x\":\"" + String(repeating: "a", count: 100) + "\"}"
        #expect(try frames("\(long)\n{\"b\":2}", chunk: 64, batch: 16) == [long, "{\"b\":2}"])
        #expect(try frames("\(long)\n{\"b\":2}", max: 50, chunk: 64, batch: 16) == ["<too large: 108>", "{\"b\":2}"])
    }

    @Test func forcedFormats() throws {
        #expect(try frames("{\"a\":\n1}\n", format: .lines) == ["{\"a\":", "1}"])
        #expect(try frames("{\"a\":1} {\"b\":2}\n", format: .json) == ["{\"a\":1}", "{\"b\":2}"])
    }
}

/// Every frame knows the line where its message starts.
@Suite struct FrameLineTests {
    let framing = FramerTests()

    @Test(arguments: [1, 5, 4096])
    func linesAreCountedInEveryLayout(chunk: Int) throws {
        let lines = try framing.framesWithLines("{\"a\":1}\n\n{\"b\":2}\r\n  \n{\"c\":3}", chunk: chunk, batch: 4).map(\.line)
        #expect(lines == [1, 3, 5])
        let values = try framing.framesWithLines("{\n\"a\":1\n}\n\n{\"b\":2} {\"c\":3}\n\n\n4", chunk: chunk, batch: 4).map(\.line)
        #expect(values == [1, 5, 5, 8])
        let array = try framing.framesWithLines("\n[\n{\"a\":1},\n\n{\"b\":\n2}]", chunk: chunk, batch: 4).map(\.line)
        #expect(array == [3, 5])
        let long = "{\"x\":\"" + String(repeating: "a", count: 100) + "\"}"
        let skipped = try framing.framesWithLines("{\"a\":1}\n\n\(long)\n{\"b\":2}\n", max: 50, chunk: chunk, batch: 4)
        #expect(skipped.map(\.line) == [1, 3, 4])
        let skippedValues = try framing.framesWithLines("[{\"a\":1},\n\n\(long),\n{\"b\":2}]", max: 50, chunk: chunk, batch: 4)
        #expect(skippedValues.map(\.line) == [1, 3, 4])
    }
}
