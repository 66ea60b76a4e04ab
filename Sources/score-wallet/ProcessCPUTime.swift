import Foundation

/// The CPU time the process has used, every thread's, user and system: what `--summary` reports beside the
/// wall time, so that a run on a busy machine can be compared by the work it did.
enum ProcessCPUTime {
    /// Seconds of CPU time since the process started.
    static func seconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
