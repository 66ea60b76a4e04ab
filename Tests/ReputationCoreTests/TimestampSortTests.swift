@testable import ReputationCore
import Testing
import WalletCorpus

/// The per-wallet timestamp sort (insertion sort, the in-order pass, radix sort) against the standard library's.
@Suite struct TimestampSortTests {
    @Test func sortsEveryShapeAndSizeLikeTheStandardLibrary() {
        var generator = SeededGenerator(seed: 9)
        var scratch: [Int64] = []   // kept between calls, as a wallet's observations keep it
        for n in [0, 1, 2, 3, 15, 16, 17, 18, 31, 32, 33, 47, 48, 49, 63, 64, 65, 66, 100, 127, 128, 129, 1000, 300, 1025] {
            let random = (0..<n).map { _ in Int64(generator.next() % 5000) }   // many repeats
            let timestamps = (0..<n).map { _ in 1_500_000_000 + Int64(generator.next() % 200_000_000) }
            let shapes: [[Int64]] = [random, random.sorted(), random.sorted().reversed(), [Int64](repeating: 7, count: n),
                                     random.sorted() + [-1], (0..<n).map { Int64($0 % 10) }, timestamps,
                                     timestamps.map { $0 % 256 }, timestamps + [.min, .max, 0]]
            for shape in shapes {
                var t = shape
                RiskObservations.sort(&t, scratch: &scratch)
                #expect(t == shape.sorted(), "\(shape.count) timestamps")
            }
        }
    }
}
