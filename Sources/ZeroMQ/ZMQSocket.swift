/// One ZeroMQ socket.
///
/// Not thread-safe, like the libzmq socket under it: use it from one thread at a time, and
/// hand it to another thread only with a happens-before edge (a lock, a queue, a task join).
/// It is `Sendable` so it can be handed over at all.
///
/// The socket holds its context, so the context outlives it. `close()` or releasing the last
/// reference closes the libzmq socket; any call after `close()` fails with `socket_closed`.
public final class ZMQSocket: @unchecked Sendable {
    /// The socket's pattern.
    public let type: ZMQSocketType
    // Held only so the context outlives the socket: zmq_ctx_term waits for every socket.
    private let context: ZMQContext
    private var pointer: LibZMQ.SocketPointer?

    /// A new socket of `type` in `context`. Fails with `context_terminated` after the context
    /// was closed and `socket_failed` past its `maxSockets`.
    public init(_ context: ZMQContext, type: ZMQSocketType) throws(ZMQError) {
        switch LibZMQ.newSocket(context.pointer, type) {
        case .failure(let failure): throw ZMQError(.socketFailed, "create \(type) socket", failure: failure)
        case .success(let pointer): self.pointer = pointer
        }
        self.type = type
        self.context = context
    }

    deinit {
        close()
    }

    /// Whether `close()` was called.
    public var isClosed: Bool { pointer == nil }

    /// Closes the socket; unsent messages are kept for the linger time. Safe to call again.
    public func close() {
        guard let pointer else { return }
        LibZMQ.close(pointer)
        self.pointer = nil
    }

    /// The libzmq socket, or `socket_closed` when `doing` is attempted after `close()`.
    func openPointer(_ doing: @autoclosure () -> String) throws(ZMQError) -> LibZMQ.SocketPointer {
        guard let pointer else { throw ZMQError(.socketClosed, "\(doing()) on a closed \(type) socket") }
        return pointer
    }
}

// MARK: - Endpoints

extension ZMQSocket {
    /// Accepts connections on `endpoint`, e.g. `tcp://127.0.0.1:*` (any free port; read it
    /// back from `lastEndpoint`) or `inproc://name`.
    public func bind(_ endpoint: String) throws(ZMQError) {
        try apply(.bind, endpoint, failing: .bindFailed)
    }

    /// Connects to `endpoint`; libzmq reconnects in the background, so this succeeds before a
    /// peer is there.
    public func connect(_ endpoint: String) throws(ZMQError) {
        try apply(.connect, endpoint, failing: .connectFailed)
    }

    /// Stops accepting on an endpoint bound before; wildcards must be given resolved, as
    /// `lastEndpoint` reports them.
    public func unbind(_ endpoint: String) throws(ZMQError) {
        try apply(.unbind, endpoint, failing: .unbindFailed)
    }

    /// Drops the connection to an endpoint connected before.
    public func disconnect(_ endpoint: String) throws(ZMQError) {
        try apply(.disconnect, endpoint, failing: .disconnectFailed)
    }

    /// The endpoint last bound or connected, with a wildcard port resolved, e.g.
    /// `tcp://127.0.0.1:40231`.
    public var lastEndpoint: String {
        get throws(ZMQError) { try option(.lastEndpoint) }
    }

    private func apply(_ operation: LibZMQ.EndpointOperation, _ endpoint: String, failing kind: ZMQError.Kind) throws(ZMQError) {
        let pointer = try openPointer("\(operation) \(endpoint)")
        let length = endpoint.utf8.count
        // A NUL would cut the C string short and act on a different endpoint.
        guard (1...ZMQLimits.maxEndpointBytes).contains(length), !endpoint.utf8.contains(0) else {
            throw ZMQError(kind, "\(operation) needs an endpoint of 1...\(ZMQLimits.maxEndpointBytes) bytes without NUL, got \(length) bytes")
        }
        if let failure = LibZMQ.endpoint(pointer, operation, endpoint) {
            throw ZMQError(kind, "\(operation) \(type) socket to \(endpoint)", failure: failure)
        }
    }
}
