/// Whether a send or receive may wait.
public enum ZMQWaitMode: Sendable {
    /// Wait, up to the socket's send or receive timeout if one is set.
    case blocking
    /// Never wait (ZMQ_DONTWAIT): a send that cannot be queued reports `wouldBlock`, a
    /// receive with nothing waiting returns nil.
    case dontWait
}

/// What became of a send that did not fail.
public enum ZMQSendOutcome: Sendable, Equatable {
    /// The whole message was queued.
    case sent
    /// Nothing was queued: the peers' queues are full (high-water mark), there is no peer
    /// yet, or the send timeout passed. Retry later or drop.
    case wouldBlock
}
