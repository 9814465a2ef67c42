import Chain

/// Told of every committed block, on the block thread, right after it is durable and
/// applied: execution reports and market-data feeds are built from this. An observer must
/// return quickly (hand the work to its own thread through a bounded queue) and must never
/// block: the next block waits for it.
public protocol BlockObserver: Sendable {
    /// `block` is committed with `outcome`, giving `state`; `dropped` are the pooled items
    /// that no longer apply after it (acknowledged to their senders, never to be included).
    func blockCommitted(_ block: Block, outcome: BlockOutcome, state: ChainState, dropped: [DroppedItem])
}
