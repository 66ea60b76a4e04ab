import Foundation
import Testing

/// Debian's headless chromium (`make tools` installs it; `CHROMIUM` names another).
public struct Chromium {
    public let url: URL

    /// The browser; under CI (or `make test`) a missing one fails the test with how to install it.
    public static func require() throws -> Chromium {
        let path = ProcessInfo.processInfo.environment["CHROMIUM"] ?? "/usr/bin/chromium"
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw TestSetupError("no chromium at \(path): `make tools` installs Debian's chromium (apt-get install chromium)")
        }
        return Chromium(url: URL(fileURLWithPath: path))
    }

    /// Loads `page` headless and returns the DOM once the page's scripts ran (virtual time lets its first
    /// polls complete without waiting in real time).
    public func dumpDOM(_ page: String) async throws -> String {
        let profile = try await temporaryDirectory()
        defer { removeOrWarn(profile) }
        let result = try await run(url, ["--headless=new", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile.path)",
                                         "--virtual-time-budget=5000", "--dump-dom", page])
        guard result.status == 0 else { throw TestSetupError("chromium exited with \(result.status): \(result.stderr.suffix(2000))") }
        return String(decoding: result.stdout, as: UTF8.self)
    }

    /// What both services' pages must show once rendered: no JavaScript error, data loaded, the totals,
    /// `parameters_id` and health of `stats` (the service's `/api/v1/stats` document), charts drawn.
    public static func expectRendered(_ dom: String, stats: [String: Any], health: String = "ok",
                                      sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(element("js-errors", in: dom)?.isEmpty == true, "JavaScript errors: \(element("js-errors", in: dom) ?? dom)",
                sourceLocation: sourceLocation)
        let loaded = dom.firstMatch(of: /data-loaded="(\d+)"/).flatMap { Int($0.1) } ?? 0
        #expect(loaded >= 1, "the page never rendered data: \(dom.prefix(2000))", sourceLocation: sourceLocation)
        for (id, field) in [("total-processed", "total_processed"), ("successful-processed", "successful_processed"),
                            ("failed-processed", "failed_processed")] {
            #expect(element(id, in: dom) == String(stats[field] as? Int ?? -1), "\(id)", sourceLocation: sourceLocation)
        }
        #expect(element("parameters-id", in: dom) == stats["parameters_id"] as? String, sourceLocation: sourceLocation)
        #expect(element("health", in: dom) == health, sourceLocation: sourceLocation)
        #expect(dom.contains("<rect"), "the charts drew bars", sourceLocation: sourceLocation)
    }

    /// The text of the element with this id (tags inside removed, entities of text left as they are).
    public static func element(_ id: String, in dom: String) -> String? {
        guard let open = dom.range(of: " id=\"\(id)\"") else { return nil }
        guard let start = dom[open.upperBound...].firstIndex(of: ">") else { return nil }
        let rest = dom[dom.index(after: start)...]
        guard let end = rest.range(of: "</") else { return nil }
        return String(rest[..<end.lowerBound])
    }
}
