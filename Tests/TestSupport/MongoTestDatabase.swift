import CMongoc
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The NX-27017 server `make test` starts (`MONGODB_TEST_URL`). Under CI its absence fails the tests;
/// elsewhere (a bare `swift test`) they are skipped.
public enum MongoTestServer {
    public static let url = ProcessInfo.processInfo.environment["MONGODB_TEST_URL"]
    public static let available = url != nil || ProcessInfo.processInfo.environment["CI"] != nil

    public static func requireURL() throws -> String {
        guard let url else { throw TestSetupError("MONGODB_TEST_URL is not set: run the tests with `make test`, which starts NX-27017") }
        return url
    }
}

/// Writes test documents with libmongoc, into collections named uniquely for each test.
public struct MongoTestDatabase: Sendable {
    public let url: String
    public let database = "ai_scoring"
    /// Collection names without `-` (NX-27017 rejects it).
    public let tokens = "tokens_\(UUID().uuidString.prefix(8))"
    public let thresholds = "thresholds_\(UUID().uuidString.prefix(8))"
    public let riskLists = "risk_lists_\(UUID().uuidString.prefix(8))"

    /// On `url`, else the server `make test` started.
    public init(url: String? = nil) throws {
        self.url = try url ?? MongoTestServer.requireURL()
        mongoc_init()
    }

    public func insert(_ collection: String, _ documents: [String]) throws {
        let client = mongoc_client_new(url)
        defer { mongoc_client_destroy(client) }
        let handle = mongoc_client_get_collection(client, database, collection)
        defer { mongoc_collection_destroy(handle) }
        for json in documents {
            var error = bson_error_t()
            guard let document = bson_new_from_json(json, -1, &error) else { throw TestSetupError("bad test JSON: \(json)") }
            defer { bson_destroy(document) }
            guard mongoc_collection_insert_one(handle, document, nil, nil, &error) else {
                throw TestSetupError("insert into \(collection) failed: \(error.text)")
            }
        }
    }

    /// How many documents `collection` holds.
    public func count(_ collection: String) throws -> Int {
        let client = mongoc_client_new(url)
        defer { mongoc_client_destroy(client) }
        let handle = mongoc_client_get_collection(client, database, collection)
        defer { mongoc_collection_destroy(handle) }
        let filter = bson_new()
        defer { bson_destroy(filter) }
        var error = bson_error_t()
        let count = mongoc_collection_count_documents(handle, filter, nil, nil, nil, &error)
        guard count >= 0 else { throw TestSetupError("count of \(collection) failed: \(error.text)") }
        return Int(count)
    }

    /// ``insert(_:_:)`` for async tests, on a thread of its own.
    public func insert(_ collection: String, _ documents: [String]) async throws {
        try await blocking { try self.insert(collection, documents) }
    }
}

/// A dedicated NX-27017 server (`NX_27017`, which `make test` sets) that a test stops and starts again,
/// keeping its data in a SQLite file.
public final class MongoTestProcess: @unchecked Sendable {
    public let port: Int
    private let directory: URL
    private var process: Process?

    public init(port: Int) throws {
        self.port = port
        directory = try temporaryDirectory()
        try start()
    }

    /// Starts a server on a thread of its own, for async tests.
    public static func launch(port: Int) async throws -> MongoTestProcess {
        try await blocking { try MongoTestProcess(port: port) }
    }

    deinit {
        stop()
        removeOrWarn(directory)
    }

    public var url: String { "mongodb://127.0.0.1:\(port)/" }

    /// Starts the server and waits until it accepts connections.
    public func start() throws {
        guard let nx = ProcessInfo.processInfo.environment["NX_27017"] else {
            throw TestSetupError("NX_27017 is not set: run the tests with `make test`")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: nx)
        process.arguments = ["--db", directory.appendingPathComponent("data.db").path, "--host", "127.0.0.1", "-p", String(port),
                             "--pid-file", directory.appendingPathComponent("nx.pid").path,
                             "--log-file", directory.appendingPathComponent("nx.log").path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try SpawnLock.start(process)
        self.process = process
        let deadline = ContinuousClock.now + .seconds(20)
        while !acceptsConnections() {
            guard process.isRunning, ContinuousClock.now < deadline else { throw TestSetupError("nx-27017 did not start on port \(port)") }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    /// ``start()`` on a thread of its own, for async tests.
    public func start() async throws {
        try await blocking { try self.start() }
    }

    /// Stops the server (SIGKILL: as a crash or a lost network would).
    public func stop() {
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        removeOrWarn(directory.appendingPathComponent("nx.pid"))
    }

    /// ``stop()`` on a thread of its own, for async tests.
    public func stop() async throws {
        try await blocking { self.stop() }
    }

    private func acceptsConnections() -> Bool {
        let fd = socket(AF_INET, Int32(Glibc.SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}

extension bson_error_t {
    var text: String {
        withUnsafeBytes(of: message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }
}
