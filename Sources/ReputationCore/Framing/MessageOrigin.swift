/// Where a message was read: the input as it was named and the line where the message starts.
/// `score-wallet` puts both in its failure lines, so that a failure can be traced back to its input.
public struct MessageOrigin: Sendable, Equatable {
    /// The input's path as given on the command line, `-` for standard input.
    public var input: String
    /// The 1-based line of the input where the message starts.
    public var line: Int

    public init(input: String, line: Int) {
        self.input = input
        self.line = line
    }
}
