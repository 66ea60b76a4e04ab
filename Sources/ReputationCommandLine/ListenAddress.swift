import ArgumentParser

/// `--host`/`HOST` and `--port`/`PORT`: where score-stream and score-server listen for HTTP.
public enum ListenAddress {
    /// The flags, else the variables, else the defaults.
    /// - Throws: a usage error when `PORT` is not a number or the port is not 0…65535.
    public static func resolve(host: String?, port: Int?, environment: [String: String],
                               defaultHost: String = "127.0.0.1", defaultPort: Int = 8000) throws -> (host: String, port: Int) {
        let host = host ?? environment["HOST"] ?? defaultHost
        let port = try port ?? environment["PORT"].map { text in
            guard let port = Int(text) else { throw ValidationError("PORT must be a number, not \(text)") }
            return port
        } ?? defaultPort
        guard (0...65535).contains(port) else { throw ValidationError("the HTTP port must be 0…65535") }
        return (host, port)
    }
}
