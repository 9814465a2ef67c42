import Primitives

/// A market file, or a directory of them, could not be loaded.
///
/// Names the file, the key (when one is at fault) and the rule broken, e.g.
/// `Markets/BTC-USDT.toml: key 'tick_size': must be greater than 0`.
public struct MarketFileError: CodedError, Equatable {
    /// The file (or directory) at fault, as it was given to the loader.
    public let path: String
    /// The key at fault, spelled as in the file; `nil` when the problem is the whole file.
    public let key: String?
    /// What is wrong; gives the code and name.
    public let problem: MarketProblem

    /// An error about `path`, and about `key` in it when given.
    public init(path: String, key: String? = nil, problem: MarketProblem) {
        self.path = path
        self.key = key
        self.problem = problem
    }

    /// A definition rule broken by a value read from the file at `path`.
    public init(path: String, rule: MarketRuleError) {
        self.init(path: path, key: rule.key, problem: rule.problem)
    }

    public var code: UInt16 { problem.code }
    public var name: String { problem.name }
    public var message: String { "\(path): \(problem.describe(key: key))" }
}
