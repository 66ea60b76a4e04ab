import Foundation

/// A progress line on standard error, only when it is a terminal and the input is a file.
final class ProgressLine {
    private let enabled = isatty(2) == 1
    private var total: Int?
    private var wallets = 0
    private var started = Date()
    private var lastDrawn = Date.distantPast

    func begin(input: InputSource) {
        total = enabled ? input.size : nil
        wallets = 0
        started = Date()
    }

    func update(bytes: Int, wallets batchWallets: Int) {
        wallets += batchWallets
        guard let total, total > 0, Date().timeIntervalSince(lastDrawn) > 0.2 else { return }
        lastDrawn = Date()
        let seconds = max(Date().timeIntervalSince(started), 0.001)
        let line = String(format: "\r%5.1f%%  %d wallets  %.0f MB/s ", Double(bytes) * 100 / Double(total), wallets,
                          Double(bytes) / 1e6 / seconds)
        FileHandle.standardError.write(Data(line.utf8))
    }

    func end() {
        guard total != nil, lastDrawn != .distantPast else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        lastDrawn = .distantPast
    }
}
