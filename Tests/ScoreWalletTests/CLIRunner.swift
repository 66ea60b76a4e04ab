import Foundation
import TestSupport
import Testing

/// Runs `score-wallet` with arguments and optional standard input.
func scoreWallet(_ arguments: [String], stdin: Data? = nil) throws -> CLIResult {
    try run(executable("score-wallet"), arguments, stdin: stdin)
}
