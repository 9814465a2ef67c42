import Gateway

/// Headers a client submits through the gateway join those of the node's own relay: the
/// same bounded hand-off, drained into the block thread's candidates before each proposal on
/// a validator, and forwarded to the validators by a follower's block thread.
extension MainChainHeaderFeed: MainChainHeaderSink {}
