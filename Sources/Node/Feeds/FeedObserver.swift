import Chain
import Gateway

/// Hands each committed block to the feed publisher; `publish` never waits, so the block
/// thread is never held up by market data.
struct FeedObserver: BlockObserver {
    let publisher: FeedPublisher

    func blockCommitted(_ block: Block, outcome: BlockOutcome, state: ChainState, dropped: [DroppedItem]) {
        publisher.publish(block: block, outcome: outcome, state: state)
    }
}
