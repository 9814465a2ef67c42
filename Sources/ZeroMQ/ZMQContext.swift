/// Owns one libzmq context: the I/O threads and the sockets made from it.
///
/// Thread-safe, like the libzmq context itself. Sockets keep their context alive, so the
/// context is terminated (zmq_ctx_term) only after its last socket is gone, and that cannot
/// block on a forgotten socket.
///
/// Blocky mode is off: new sockets start with a linger of 0, so closing a socket with unsent
/// messages drops them instead of hanging the process at exit. Set `.lingerMs` on sockets
/// whose queued messages must go out.
public final class ZMQContext: @unchecked Sendable {
    /// Default cap on sockets per context, libzmq's own default.
    public static let defaultMaxSockets = 1_023

    let pointer: LibZMQ.ContextPointer
    /// Background I/O threads this context runs.
    public let ioThreads: Int
    /// Most sockets this context may hold at once; one more fails with `socket_failed`.
    public let maxSockets: Int

    /// A new context with `ioThreads` (1 ... `ZMQLimits.maxIOThreads`) I/O threads, holding at
    /// most `maxSockets` (1 ... `ZMQLimits.maxSocketsPerContext`) sockets.
    public init(ioThreads: Int = 1, maxSockets: Int = ZMQContext.defaultMaxSockets) throws(ZMQError) {
        guard (1...ZMQLimits.maxIOThreads).contains(ioThreads) else {
            throw ZMQError(.invalidArgument, "ioThreads must be 1...\(ZMQLimits.maxIOThreads), got \(ioThreads)")
        }
        guard (1...ZMQLimits.maxSocketsPerContext).contains(maxSockets) else {
            throw ZMQError(.invalidArgument, "maxSockets must be 1...\(ZMQLimits.maxSocketsPerContext), got \(maxSockets)")
        }
        switch LibZMQ.newContext() {
        case .failure(let failure): throw ZMQError(.contextFailed, "create context", failure: failure)
        case .success(let pointer): self.pointer = pointer
        }
        self.ioThreads = ioThreads
        self.maxSockets = maxSockets
        try configure()
    }

    private func configure() throws(ZMQError) {
        let settings: [(LibZMQ.ContextOption, Int)] = [(.ioThreads, ioThreads), (.maxSockets, maxSockets), (.blocky, 0)]
        for (option, value) in settings {
            if let failure = LibZMQ.setOption(pointer, option, Int32(value)) {
                throw ZMQError(.contextFailed, "set context option \(option) to \(value)", failure: failure)
            }
        }
    }

    /// Shuts the context down: blocking calls on its sockets return `context_terminated`, and
    /// no new sockets can be made. Sockets still need closing (or releasing); the context is
    /// freed after the last one. Safe to call more than once.
    public func close() {
        LibZMQ.shutdown(pointer)
    }

    deinit {
        LibZMQ.terminate(pointer)
    }
}
