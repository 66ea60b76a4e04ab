internal import CRdKafka

/// The librdkafka library loaded at run time (which may differ from the headers built against).
public enum Librdkafka {
    /// e.g. `2.16.0`.
    public static var version: String { String(cString: rd_kafka_version_str()) }

    /// `0xMMmmrrpp`, as `rd_kafka_version()` returns it.
    public static var versionNumber: Int32 { rd_kafka_version() }

    /// The first version that skips KIP-482 tagged fields correctly (librdkafka PR #4278): older ones fail
    /// the handshake with brokers that send them, Tansu among others.
    public static let taggedFieldsFixedVersion: Int32 = 0x0202_00ff
    public static let taggedFieldsFixedVersionString = "2.2.0"

    /// True when this librdkafka reads KIP-482 tagged fields correctly (2.2.0 and later).
    public static var readsTaggedFields: Bool { versionNumber >= taggedFieldsFixedVersion }
}
