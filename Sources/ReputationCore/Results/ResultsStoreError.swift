/// A results-store query the store cannot answer because of what was asked (an HTTP API answers 400).
public struct ResultsQueryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The query parameter at fault, e.g. `cursor`.
    public var parameter: String
    public var problem: String

    public init(parameter: String, problem: String) {
        self.parameter = parameter
        self.problem = problem
    }

    public var description: String { "\(parameter): \(problem)" }
}
