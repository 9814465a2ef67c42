import Chain

/// Hooks a `Mempool` calls before it runs a `preverify` or a `submit`, with the items: a test
/// holds a call at a gate or records what reached the pool and when; metrics may count calls.
/// A hook runs on the caller's thread, outside the pool's lock, and must not call back into
/// the pool.
public struct MempoolObserver: Sendable {
    /// Called with the items of each `preverify`, before any is verified.
    public var beforePreverify: @Sendable ([PoolItem]) -> Void
    /// Called with the items of each `submit`, before any is checked.
    public var beforeSubmit: @Sendable ([PoolItem]) -> Void

    /// An observer running the given hooks (by default, nothing).
    public init(
        beforePreverify: @escaping @Sendable ([PoolItem]) -> Void = { _ in },
        beforeSubmit: @escaping @Sendable ([PoolItem]) -> Void = { _ in }
    ) {
        self.beforePreverify = beforePreverify
        self.beforeSubmit = beforeSubmit
    }
}
