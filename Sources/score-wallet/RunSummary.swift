import Foundation
import ReputationCore

/// What `--summary` reports: wallets read, failures by error_code, a score histogram, tag counts and,
/// from the risk assessments, decision counts, the most frequent flags and a bot-probability histogram.
struct RunSummary {
    private(set) var wallets = 0
    private(set) var failures: [String: Int] = [:]
    /// Scores by bucket of 100 (the last, 900–920, holds 900 and above).
    private(set) var histogram = [Int](repeating: 0, count: 10)
    private(set) var tags: [String: Int] = [:]
    /// Success results by `risk.decision`, in the order of `RiskDecision.allCases`.
    private(set) var decisions = [Int](repeating: 0, count: RiskDecision.allCases.count)
    /// Risk-list flags by entry (`list`, `kind`, `value`, `severity`).
    private(set) var flags: [FlagKey: Int] = [:]
    /// Bot probabilities by bin of 0.1 (the last, 0.9–1.0, holds 1.0).
    private(set) var botHistogram = [Int](repeating: 0, count: 10)
    /// One line per input: its layout and counts, or why it was not read.
    private(set) var inputs: [String] = []

    mutating func record(_ outcome: ScoringOutcome) {
        wallets += 1
        switch outcome {
        case .success(let score):
            histogram[min(max(Int(score.finalScore / 100), 0), 9)] += 1
            for tag in score.tags { tags[tag, default: 0] += 1 }
            if let risk = score.risk { record(risk) }
        case .failure(let failure):
            failures[failure.code.rawValue, default: 0] += 1
        }
    }

    private mutating func record(_ risk: RiskAssessment) {
        decisions[RiskDecision.allCases.firstIndex(of: risk.decision)!] += 1
        for flag in risk.flags {
            flags[FlagKey(list: flag.list, kind: flag.kind.rawValue, value: flag.value, severity: flag.severity.rawValue), default: 0] += 1
        }
        botHistogram[min(max(Int(risk.botProbability * 10), 0), 9)] += 1
    }

    /// A risk-list entry as the summary counts its flags.
    struct FlagKey: Hashable, Comparable {
        var list: String
        var kind: String
        var value: String
        var severity: String

        static func < (a: FlagKey, b: FlagKey) -> Bool {
            (a.list, a.kind, a.value, a.severity) < (b.list, b.kind, b.value, b.severity)
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

    private static func count(_ n: Int, _ noun: String, plural: String? = nil) -> String {
        "\(n) \(n == 1 ? noun : plural ?? noun + "s")"
    }

    /// One text bar per bin, 40 characters for the fullest: `  label    ████ count`.
    private static func bars(_ bins: [Int], label: (Int) -> String) -> [String] {
        let widest = max(bins.max() ?? 0, 1)
        return bins.enumerated().map { i, count in
            "  " + label(i).padding(toLength: 8, withPad: " ", startingAt: 0) + " \(String(repeating: "█", count: count * 40 / widest)) \(count)"
        }
    }

    mutating func merge(_ other: RunSummary) {
        wallets += other.wallets
        failures.merge(other.failures, uniquingKeysWith: +)
        tags.merge(other.tags, uniquingKeysWith: +)
        for i in histogram.indices { histogram[i] += other.histogram[i] }
        for i in decisions.indices { decisions[i] += other.decisions[i] }
        flags.merge(other.flags, uniquingKeysWith: +)
        for i in botHistogram.indices { botHistogram[i] += other.botHistogram[i] }
    }

    /// The summary's lines; `seconds` and `cpuSeconds` are the wall and CPU time of reading and scoring (the
    /// configuration's load left out).
    func report(seconds: Double, cpuSeconds: Double) -> String {
        let failed = failures.values.reduce(0, +)
        var lines = inputs
        lines.append("wallets read: \(wallets) (scored \(wallets - failed), failed \(failed)) in \(String(format: "%.2f", seconds)) s"
            + " (CPU \(String(format: "%.2f", cpuSeconds)) s)")
        lines.append("failures by error_code:" + (failures.isEmpty ? " none" : ""))
        for (code, count) in failures.sorted(by: { $0.key < $1.key }) { lines.append("  \(code): \(count)") }
        lines.append("final_score histogram:")
        lines += Self.bars(histogram) { i in i == 9 ? "900–920" : "\(i * 100)–\(i * 100 + 99)" }
        lines.append("tags:" + (tags.isEmpty ? " none" : ""))
        for (tag, count) in tags.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) { lines.append("  \(tag): \(count)") }
        if decisions.reduce(0, +) == 0 && wallets > failed {
            lines.append("risk: not assessed (--no-risk)")
        } else {
            lines.append("risk decisions: " + zip(RiskDecision.allCases, decisions).map { "\($0.rawValue) \($1)" }.joined(separator: ", "))
            lines.append("most frequent flags:" + (flags.isEmpty ? " none" : ""))
            for (flag, count) in flags.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }).prefix(5) {
                lines.append("  \(flag.list) \(flag.kind) \(flag.value) (\(flag.severity)): \(count)")
            }
            if flags.count > 5 { lines.append("  … \(Self.count(flags.count - 5, "more entry", plural: "more entries")) flagged") }
            lines.append("bot_probability histogram:")
            lines += Self.bars(botHistogram) { i in "0.\(i)–" + (i == 9 ? "1.0" : "0.\(i + 1)") }
        }
        lines.append("peak memory: \(Self.peakMemoryKB() / 1024) MB")
        return lines.joined(separator: "\n")
    }

    /// The CPU time this process has used so far, every thread's, user and system, in seconds: what the
    /// summary gives beside the wall time, so that runs on a busy machine compare by the work they did.
    static func cpuSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
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
