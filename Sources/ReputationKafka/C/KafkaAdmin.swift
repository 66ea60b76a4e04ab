internal import CRdKafka

/// Topic administration, done with an existing client's connection.
enum KafkaAdmin {
    /// Creates the topics that do not exist yet, with the brokers' default replication factor. Blocks.
    static func createTopics(_ topics: [(name: String, partitions: Int)], timeout: Duration, on client: KafkaHandle) throws(KafkaError) {
        guard !topics.isEmpty else { return }
        try client.withHandle { rk throws(KafkaError) in
            var errorText = [CChar](repeating: 0, count: 512)
            var newTopics: [OpaquePointer?] = []
            defer { for topic in newTopics { rd_kafka_NewTopic_destroy(topic) } }
            for topic in topics {
                guard let newTopic = rd_kafka_NewTopic_new(topic.name, Int32(clamping: topic.partitions), -1, &errorText, errorText.count) else {
                    throw KafkaError.client("topic \(topic.name): \(cText(errorText))")
                }
                newTopics.append(newTopic)
            }
            let options = rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS)
            defer { rd_kafka_AdminOptions_destroy(options) }
            rd_kafka_AdminOptions_set_request_timeout(options, Int32(clamping: timeout.milliseconds), &errorText, errorText.count)
            let queue = rd_kafka_queue_new(rk)
            defer { rd_kafka_queue_destroy(queue) }
            newTopics.withUnsafeMutableBufferPointer { rd_kafka_CreateTopics(rk, $0.baseAddress, $0.count, options, queue) }
            guard let event = rd_kafka_queue_poll(queue, Int32(clamping: timeout.milliseconds + 1000)) else {
                throw KafkaError(RD_KAFKA_RESP_ERR__TIMED_OUT, message: "creating topics timed out")
            }
            defer { rd_kafka_event_destroy(event) }
            try rd_kafka_event_error(event).throwIfError()
            var count = 0
            guard let results = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event), &count) else { return }
            for result in UnsafeBufferPointer(start: results, count: count) {
                let code = rd_kafka_topic_result_error(result)
                guard code != RD_KAFKA_RESP_ERR_NO_ERROR, code != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS else { continue }
                let name = String(cString: rd_kafka_topic_result_name(result))
                let text = rd_kafka_topic_result_error_string(result).map { String(cString: $0) } ?? ""
                throw KafkaError(code, message: "cannot create topic \(name): \(text)")
            }
        }
    }
}
