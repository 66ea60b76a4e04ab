import ReputationCore

/// A count per risk decision, one field each: counting a result hashes nothing and allocates nothing.
public struct DecisionCounts: Sendable, Equatable {
    public var approved = 0
    public var review = 0
    public var declined = 0

    public init() {}

    public subscript(decision: RiskDecision) -> Int {
        get {
            switch decision {
            case .approved: approved
            case .review: review
            case .declined: declined
            }
        }
        set {
            switch decision {
            case .approved: approved = newValue
            case .review: review = newValue
            case .declined: declined = newValue
            }
        }
    }

    /// Every decision's count by its name (`APPROVED`, `REVIEW`, `DECLINED`), 0 for one never made.
    public var byName: [String: Int] {
        Dictionary(uniqueKeysWithValues: RiskDecision.allCases.map { ($0.rawValue, self[$0]) })
    }
}
