import Foundation
import ReputationCore

/// What `--summary` reports: wallets read, failures by error_code, a score histogram and tag counts.
struct RunSummary {
    private(set) var wallets = 0
    private(set) var failures: [String: Int] = [:]
    /// Scores by bucket of 100 (the last, 900–920, holds 900 and above).
    private(set) var histogram = [Int](repeating: 0, count: 10)
    private(set) var tags: [String: Int] = [:]
    /// One line per input: its layout and counts, or why it was not read.
    private(set) var inputs: [String] = []

    mutating func record(_ outcome: ScoringOutcome) {
        wallets += 1
        switch outcome {
        case .success(let score):
            histogram[min(max(Int(score.finalScore / 100), 0), 9)] += 1
            for tag in score.tags { tags[tag, default: 0] += 1 }
        case .failure(let failure):
            failures[failure.code.rawValue, default: 0] += 1
        }
    }

    /// Notes what one input gave: the layout read, the wallets and failures since `before`, and the read
    /// error that stopped it early, if any.
    mutating func recordInput(_ path: String, layout: MessageFramer.Layout?, since before: RunSummary, failure: FileError?) {
        let wallets = self.wallets - before.wallets
        let failed = failures.values.reduce(0, +) - before.failures.values.reduce(0, +)
        var line = "input \(path): \(layout?.description ?? "nothing read"), \(Self.count(wallets, "wallet")), \(Self.count(failed, "failure"))"
        if let failure { line += "; stopped early: \(failure.reason)" }
        inputs.append(line)
    }

    /// Notes an input that could not be read at all.
    mutating func recordUnreadInput(_ path: String, _ error: FileError) {
        inputs.append("input \(path): not read (\(error.reason))")
    }

    private static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    mutating func merge(_ other: RunSummary) {
        wallets += other.wallets
        failures.merge(other.failures, uniquingKeysWith: +)
        tags.merge(other.tags, uniquingKeysWith: +)
        for i in histogram.indices { histogram[i] += other.histogram[i] }
    }

    func report(seconds: Double) -> String {
        let failed = failures.values.reduce(0, +)
        var lines = inputs
        lines.append("wallets read: \(wallets) (scored \(wallets - failed), failed \(failed)) in \(String(format: "%.2f", seconds)) s")
        lines.append("failures by error_code:" + (failures.isEmpty ? " none" : ""))
        for (code, count) in failures.sorted(by: { $0.key < $1.key }) { lines.append("  \(code): \(count)") }
        lines.append("final_score histogram:")
        let widest = max(histogram.max() ?? 0, 1)
        for (i, count) in histogram.enumerated() {
            let label = i == 9 ? "900–920" : "\(i * 100)–\(i * 100 + 99)"
            let bar = String(repeating: "█", count: count * 40 / widest)
            lines.append("  " + label.padding(toLength: 8, withPad: " ", startingAt: 0) + " \(bar) \(count)")
        }
        lines.append("tags:" + (tags.isEmpty ? " none" : ""))
        for (tag, count) in tags.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) { lines.append("  \(tag): \(count)") }
        lines.append("peak memory: \(Self.peakMemoryKB() / 1024) MB")
        return lines.joined(separator: "\n")
    }

    /// This process's peak resident memory: `VmHWM` on Linux (`ru_maxrss` there also counts the
    /// parent's pages from before `exec`), `ru_maxrss` elsewhere.
    static func peakMemoryKB() -> Int {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
           let kilobytes = Int(line.filter(\.isNumber)) {
            return kilobytes
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #if os(Linux)
        return usage.ru_maxrss
        #else
        return usage.ru_maxrss / 1024
        #endif
    }
}
