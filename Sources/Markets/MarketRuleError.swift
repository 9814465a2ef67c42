import Primitives

/// A `MarketDefinition` value broke one of the market rules.
///
/// Thrown by `MarketDefinition.init`; the file loader wraps it in a `MarketFileError` that
/// adds the file's path. `key` is the market-file key of the offending field.
public struct MarketRuleError: CodedError, Equatable {
    /// The offending field, spelled as its market-file key (e.g. `tick_size`).
    public let key: String
    /// What is wrong; gives the code and name.
    public let problem: MarketProblem

    /// An error about the field with market-file key `key`.
    public init(key: String, problem: MarketProblem) {
        self.key = key
        self.problem = problem
    }

    public var code: UInt16 { problem.code }
    public var name: String { problem.name }
    public var message: String { problem.describe(key: key) }
}
