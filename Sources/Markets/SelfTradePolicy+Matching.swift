import Matching

extension SelfTradePolicy {
    /// The matching core's policy of the same name.
    public var matchingPolicy: Matching.SelfTradePolicy {
        switch self {
        case .cancelResting: .cancelResting
        case .cancelTaker: .cancelTaker
        case .cancelBoth: .cancelBoth
        }
    }
}
