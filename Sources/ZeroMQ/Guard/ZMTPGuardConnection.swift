/// One relayed client: its socket, the guard's socket to the inner endpoint, a bounded buffer
/// each way and the parser of what the client sends. Owned by the guard's thread only.
final class ZMTPGuardConnection {
    /// One side of the relay.
    struct Side {
        let descriptor: Int32
        /// Bytes may be readable: set by the last poll, cleared when a read comes up short.
        var readable = false
        /// Not known to be full: writes are tried at once (a socket is nearly always writable,
        /// and asking poll first would cost a turn per message); cleared when a write comes up
        /// short, set again when poll reports room.
        var writable = true
        /// The peer sent its end of stream.
        var ended = false
        /// The guard sent its end of stream to this side.
        var writeShut = false
    }

    /// Unique for the guard's life.
    let id: UInt64
    var client: Side
    var inner: Side
    /// Whether the connection to the inner endpoint is established.
    var innerConnected: Bool
    /// Client bytes on their way to the inner socket, already judged by `parser`.
    var toInner: RelayBuffer
    /// Inner bytes on their way to the client, not parsed.
    var toClient: RelayBuffer
    var parser: ZMTPStreamParser
    /// When the connect (or, once half-closed, the draining) must be over.
    var deadline: ContinuousClock.Instant?
    /// The side whose end of stream came first (`clientClosed` or `innerClosed`), once one did.
    var endedFirst: ZMTPGuardDisconnect?

    init(id: UInt64, client: Int32, inner: Int32, innerConnected: Bool, limits: ZMTPGuardLimits) {
        self.id = id
        self.client = Side(descriptor: client)
        self.inner = Side(descriptor: inner)
        self.innerConnected = innerConnected
        toInner = RelayBuffer(capacity: limits.bufferBytes)
        toClient = RelayBuffer(capacity: limits.bufferBytes)
        parser = ZMTPStreamParser(limits: limits)
    }

    /// Client-to-inner is finished: the client ended and everything it sent was relayed.
    var clientDirectionDone: Bool { client.ended && toInner.isEmpty }
    /// Inner-to-client is finished.
    var innerDirectionDone: Bool { inner.ended && toClient.isEmpty }

    /// Whether to poll the client for input: it has not ended and there is room to read into.
    var wantsClientInput: Bool { !client.ended && !toInner.isFull }
    /// Whether to poll the client for room to write: bytes wait for it.
    var wantsClientOutput: Bool { !toClient.isEmpty }
    /// Whether to poll the inner socket for input.
    var wantsInnerInput: Bool { innerConnected && !inner.ended && !toClient.isFull }
    /// Whether to poll the inner socket for room to write (or for the connect to finish).
    var wantsInnerOutput: Bool { !innerConnected || !toInner.isEmpty }
}
