/// A pooled item that left the pool without entering a block (a block spent its input,
/// filled or cancelled its order, or its order expired), and why. Its sender was told it
/// was accepted, so the node reports the drop.
public struct DroppedItem: Sendable {
    /// The transaction or cancel request.
    public let item: PoolItem
    /// Why it no longer applies against the new chain state.
    public let reason: ChainError

    /// `item`, dropped for `reason`.
    public init(item: PoolItem, reason: ChainError) {
        self.item = item
        self.reason = reason
    }
}
