import Chain
import Gateway

/// Feeds committed blocks to the gateway's execution reports: the adapter between Node's
/// `BlockObserver` and Gateway, which sits below Node and does not know the protocol.
struct ReportObserver: BlockObserver {
    let sink: ReportSink

    func blockCommitted(_ block: Block, outcome: BlockOutcome, state: ChainState, dropped: [DroppedItem]) {
        sink.publish(block: block, outcome: outcome, state: state, dropped: dropped)
    }
}
