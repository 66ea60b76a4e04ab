import Foundation
import Hummingbird

/// Registers routes on the router and remembers their paths and methods, so that a known path asked with
/// another method is answered 405 (with `Allow`) rather than 404.
public final class Routes: @unchecked Sendable {
    /// A handler: the request and its context in, a response out.
    public typealias Handler = @Sendable (Request, BasicRequestContext) async throws -> Response

    let router: Router<BasicRequestContext>
    private var table: [(method: HTTPRequest.Method, segments: [Substring])] = []

    init(router: Router<BasicRequestContext>) { self.router = router }

    /// Adds a `GET` route; `{name}` in the path is a parameter.
    public func get(_ path: String, _ handler: @escaping Handler) { on(path, .get, handler) }

    /// Adds a `POST` route.
    public func post(_ path: String, _ handler: @escaping Handler) { on(path, .post, handler) }

    func on(_ path: String, _ method: HTTPRequest.Method, _ handler: @escaping Handler) {
        router.on(RouterPath(path), method: method, use: handler)
        table.append((method, Self.segments(path)))
    }

    /// The methods of the routes whose path matches `path` (empty: an unknown path).
    func methods(matching path: String) -> [HTTPRequest.Method] {
        let asked = Self.segments(path)
        return table.filter { route in
            route.segments.count == asked.count && zip(route.segments, asked).allSatisfy { pattern, segment in
                pattern.first == "{" || pattern == segment
            }
        }.map(\.method)
    }

    private static func segments(_ path: String) -> [Substring] { path.split(separator: "/") }
}

/// Turns the router's own errors into problems: an unknown path is a 404 problem, a known path with
/// another method a 405 problem with `Allow`; and counts every answer in the metrics.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let routes: Routes
    let metrics: APIMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        let response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {   // only the router throws HTTPError
            response = try problem(for: request).response(from: request, context: context)
        } catch let error as HTTPError {
            response = try Problem(error.status, error.body ?? error.status.reasonPhrase).response(from: request, context: context)
        } catch let problem as Problem {
            response = try problem.response(from: request, context: context)
        }
        metrics.request(method: request.method.rawValue, route: context.endpointPath.flatMap { $0 == "NotFound" ? nil : $0 } ?? "unknown",
                        status: response.status.code, nanoseconds: DispatchTime.now().uptimeNanoseconds - start)
        return response
    }

    private func problem(for request: Request) -> Problem {
        let allowed = routes.methods(matching: request.uri.path)
        guard !allowed.isEmpty else { return Problem(.notFound, "no route \(request.uri.path)") }
        var problem = Problem(.methodNotAllowed, "\(request.uri.path) takes \(allowed.map(\.rawValue).joined(separator: ", ")), not \(request.method.rawValue)")
        problem.allow = allowed.map(\.rawValue)
        return problem
    }
}
