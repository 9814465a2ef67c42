import Chain

/// How much of the pool one block takes.
public struct BlockLimits: Sendable, Equatable {
    public let maxTransactions: Int
    public let maxCancels: Int

    public init(maxTransactions: Int, maxCancels: Int) {
        precondition((1...Block.maxTransactions).contains(maxTransactions) && (0...Block.maxCancels).contains(maxCancels),
                     "block limits within the chain's own")
        self.maxTransactions = maxTransactions
        self.maxCancels = maxCancels
    }
}
