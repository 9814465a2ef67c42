import Crypto

/// What the gateway remembers of one client (one ZeroMQ identity on the ROUTER).
struct Connection: Sendable {
    var bucket: TokenBucket
    /// The step-1 nonce, valid once.
    var challenge: [UInt8]?
    /// The key whose reports this connection receives.
    var subscribedKey: PublicKey?
    /// Sequence of the next execution report sent here (sent or dropped).
    var nextSequence: UInt64 = 1
    /// Messages dropped in a row because the client was not reading.
    var consecutiveDrops = 0
    /// Messages that did not fit the client's outbox, sent as it drains.
    var backlog = Backlog()
    /// The serial of this client's latest entry in `ConnectionRecency`.
    var recency: UInt64

    init(bucket: TokenBucket, recency: UInt64) {
        self.bucket = bucket
        self.recency = recency
    }
}
