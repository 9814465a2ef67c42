import Chain

/// The most a mempool holds. A full pool refuses new items with `mempool_full` and never
/// grows past these.
public struct MempoolLimits: Sendable, Equatable {
    /// Most pooled transactions.
    public var maxTransactions: Int
    /// Most bytes pooled, counting transactions' and cancels' canonical encodings.
    public var maxBytes: Int
    /// Most pooled cancel requests.
    public var maxCancels: Int

    /// Ceilings on the limits themselves: a batch's journal write and the pool's memory
    /// stay bounded whatever a configuration says.
    public static let ceilingTransactions = 1 << 20
    public static let ceilingBytes = 512 << 20
    public static let ceilingCancels = 1 << 20

    public init(maxTransactions: Int = 50_000, maxBytes: Int = 64 << 20, maxCancels: Int = 50_000) {
        self.maxTransactions = maxTransactions
        self.maxBytes = maxBytes
        self.maxCancels = maxCancels
    }

    /// The limits, if each is 1...its ceiling; else `mempool_limits_invalid` naming the first
    /// that is not.
    func validated() throws(ChainError) -> MempoolLimits {
        let checks: [(MempoolResource, Int, Int)] = [
            (.transactions, maxTransactions, Self.ceilingTransactions),
            (.bytes, maxBytes, Self.ceilingBytes),
            (.cancels, maxCancels, Self.ceilingCancels),
        ]
        for (resource, value, ceiling) in checks where !(1...ceiling).contains(value) {
            throw .mempoolLimitsInvalid(resource: resource, value: value, ceiling: ceiling)
        }
        return self
    }

    /// The limit on `resource`.
    func limit(_ resource: MempoolResource) -> Int {
        switch resource {
        case .transactions: maxTransactions
        case .bytes: maxBytes
        case .cancels: maxCancels
        }
    }
}
