import Foundation
import TestSupport
import Testing

/// The release binary that `make` builds finds librdkafka 2.16 in `.tools/lib` by itself (RUNPATH): run
/// with no LD_LIBRARY_PATH, it reports a librdkafka that reads KIP-482 tagged fields and scores against
/// Tansu.
@Suite(.enabled(if: TestBroker.available), .timeLimit(.minutes(3)))
struct ReleaseBinaryTests {
    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["LD_LIBRARY_PATH"] = nil
        return environment
    }

    @Test func findsLibrdkafkaWithoutLDLibraryPath() async throws {
        let (binary, environment) = (try executable("score-stream"), environment)
        let (status, text) = try await blocking {
            let version = try run(binary, ["--version"], environment: environment)
            return (version.status, String(decoding: version.stdout, as: UTF8.self))
        }
        #expect(status == 0)
        let librdkafka = try #require(text.split(separator: "librdkafka ").last?.prefix { $0.isNumber || $0 == "." }, "\(text)")
        let parts = librdkafka.split(separator: ".").compactMap { Int($0) }
        #expect(parts.count == 3 && (parts[0], parts[1]) >= (2, 2), "librdkafka \(librdkafka): \(text)")

        let bootstrap = try TestBroker.require()
        let writer = try TopicWriter(bootstrap)
        let topics = try await StreamTopics(writer, partitions: 1)
        // Added to the test's own environment: an empty LD_LIBRARY_PATH leaves only the RUNPATH.
        let service = try await StreamProcess.launch(bootstrap, topics, environment: ["LD_LIBRARY_PATH": ""])
        let result = try await scoreOne(try await sampleWallet(), writer, topics, bootstrap: bootstrap)
        #expect(result.topic == topics.success, "\(service.log)")
        service.signal(SIGTERM)
        #expect(await service.exitStatus(within: .seconds(10)) == 0, "\(service.log)")
    }
}
