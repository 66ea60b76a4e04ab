import Foundation
import ReputationCore

/// Ends the run on SIGINT or SIGTERM on a line boundary of the output, and says on standard error how
/// far it got. Exit status 130 for SIGINT, 143 for SIGTERM (128 + the signal).
///
/// The signals are blocked in every thread (``install()`` runs first, and threads inherit the mask) and
/// taken by one thread waiting in `sigwait`: no code runs in a signal handler. That thread waits for the
/// output's write in progress (results are written a whole batch of lines at a time), keeps any other
/// write out, reports and exits.
final class Interruption: @unchecked Sendable {
    private let lock = NSLock()
    private var sink: OutputSink?
    private var input: (index: Int, count: Int, path: String)?

    /// How long a blocked write (a reader that stopped reading) may hold up the exit.
    static let writeTimeout: TimeInterval = 5

    /// Blocks SIGINT and SIGTERM and starts the thread that takes them. Call before any other thread starts.
    static func install() -> Interruption {
        let interruption = Interruption()
        var blocked = signals()
        pthread_sigmask(SIG_BLOCK, &blocked, nil)
        let thread = Thread {
            var waited = signals(), received: Int32 = 0
            while sigwait(&waited, &received) != 0 {}
            interruption.end(signal: received)
        }
        thread.stackSize = 1 << 18
        thread.start()
        return interruption
    }

    private static func signals() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        return set
    }

    /// The output whose results are counted.
    func watch(_ sink: OutputSink) {
        lock.lock()
        self.sink = sink
        lock.unlock()
    }

    /// The input being read: its 1-based position among the inputs, and its path.
    func reading(input index: Int, of count: Int, path: String) {
        lock.lock()
        input = (index, count, path)
        lock.unlock()
    }

    private func end(signal: Int32) -> Never {
        lock.lock()
        let sink = self.sink, input = self.input
        lock.unlock()
        let name = signal == SIGINT ? "SIGINT" : "SIGTERM"
        var text = "score-wallet: interrupted by \(name)"
        if let input { text += " while reading input \(input.index) of \(input.count) (\(input.path))" }
        if let sink {
            if let (results, last) = sink.stop(within: Self.writeTimeout) {
                text += results == 0 ? "; no result written" : "; \(results) result line\(results == 1 ? "" : "s") written to \(sink.name)"
                if let last { text += ", the last for \(last.input) line \(last.line)" }
                text += "; the output ends with a complete line"
            } else {
                text += "; a write to \(sink.name) was still blocked after \(Int(Self.writeTimeout)) s, its last line may be incomplete"
            }
        } else {
            text += " before scoring began; no result written"
        }
        if isatty(2) == 1 { text = "\r\u{1B}[K" + text }   // over the progress line
        Array((text + "\n").utf8).withUnsafeBytes { _ = Foundation.write(2, $0.baseAddress, $0.count) }
        _exit(128 + signal)
    }
}
