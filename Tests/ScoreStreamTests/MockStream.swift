import Foundation
import ReputationKafka
import ScoreStream
import TestSupport
import Testing

/// A mock cluster for an in-process service: topics `in`, `ok` and `failed` with `partitions` partitions,
/// the input's leader broker 1, the results' broker 2, `group`'s coordinator broker 1.
func mockStreamCluster(group: String, partitions: Int = 2) throws -> KafkaMockCluster {
    let cluster = try KafkaMockCluster(brokers: 2, logger: testLogger)
    for topic in ["in", "ok", "failed"] {
        try cluster.createTopic(topic, partitions: partitions)
        for partition in 0..<Int32(partitions) { try cluster.setLeader(topic: topic, partition: partition, broker: topic == "in" ? 1 : 2) }
    }
    try cluster.setGroupCoordinator(group, broker: 1)
    return cluster
}

/// The service's configuration for ``mockStreamCluster(group:partitions:)``: a fast-joining group, any
/// free HTTP port.
func mockStreamConfiguration(_ cluster: KafkaMockCluster, group: String) -> ScoreStreamConfiguration {
    var configuration = ScoreStreamConfiguration()
    configuration.kafka = KafkaConfiguration(bootstrapServers: cluster.bootstrapServers)
    configuration.inputTopic = "in"
    configuration.successTopic = "ok"
    configuration.failureTopic = "failed"
    configuration.consumer.groupID = group
    configuration.consumer.sessionTimeout = .seconds(6)
    configuration.port = 0
    configuration.asOf = asOf
    return configuration
}

extension ScoreStream {
    /// The HTTP port, once the server listens.
    func listeningPort() async throws -> Int {
        _ = await eventually(timeout: .seconds(30)) { httpPort != nil }   // a loaded machine starts slowly
        return try #require(httpPort)
    }
}

/// The `/api/v1/stats` field `name` of the service on `port`.
func statsField(_ port: Int, _ name: String) async -> Any? { await httpGet(port: port, "/api/v1/stats")?.body[name] }
