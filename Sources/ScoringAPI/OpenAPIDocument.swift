/// docs/openapi.json, compiled in and served at `GET /openapi.json` (a test checks the two are the same).
enum OpenAPIDocument {
    static let json = #"""
{}
"""#
}
