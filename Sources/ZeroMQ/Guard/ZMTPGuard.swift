import Dispatch
import Foundation

/// A TCP relay in front of a public ZeroMQ endpoint that bounds whole messages.
///
/// libzmq hands a multipart message to the application only when its last frame arrives, and
/// has no limit on a message's frames or total size (ZMQ_MAXMSGSIZE bounds one frame), so a
/// client sending MORE frames without a last one makes the node buffer without end. The guard
/// stands before libzmq: clients connect to `endpoint`, and for each one the guard opens a
/// connection to the socket's private `innerEndpoint` and copies bytes both ways, unchanged,
/// while following what the client sends as ZMTP 3 (greeting, frame headers). A client that
/// breaks ZMTP or a `ZMTPGuardLimits` bound is reset on both connections at once; libzmq then
/// frees its partial message. Each kind of ending is counted in `counters`.
///
/// Under CURVE, frames and their MORE flag travel encrypted, so only the size of each frame
/// (and command) is bounded there, not frames or bytes per message; CURVE clients must pass
/// ZAP before they can send a message at all.
///
/// One thread per guard, nonblocking sockets and poll(2); `stop()` ends it.
public final class ZMTPGuard: Sendable {
    /// Where clients connect, with a wildcard port resolved, e.g. `tcp://127.0.0.1:40231`.
    public let endpoint: String
    /// The private endpoint of the real socket, where the guard connects for each client.
    public let innerEndpoint: String
    /// A short name for logs and the thread, e.g. `gateway`.
    public let name: String
    /// What each client may send and hold.
    public let limits: ZMTPGuardLimits
    private let shared: ZMTPGuardShared
    private let running: DispatchGroup

    private init(
        endpoint: String, innerEndpoint: String, name: String, limits: ZMTPGuardLimits, shared: ZMTPGuardShared, running: DispatchGroup
    ) {
        self.endpoint = endpoint
        self.innerEndpoint = innerEndpoint
        self.name = name
        self.limits = limits
        self.shared = shared
        self.running = running
    }

    /// Binds `publicEndpoint` (`tcp://<ipv4 or *>:<port or *>` or `ipc://<path>`) and starts
    /// relaying its clients to `innerEndpoint` (`tcp://<ipv4>:<port>` or `ipc://<path>`, bound
    /// by the real socket; it need not be up yet: a client that finds it down is dropped).
    /// Fails with `invalid_endpoint`, `bind_failed` or `system_failed`.
    public static func start(
        publicEndpoint: String, innerEndpoint: String, limits: ZMTPGuardLimits, name: String
    ) throws(ZMTPGuardError) -> ZMTPGuard {
        let publicAddress = try ZMTPGuardEndpoint(publicEndpoint, listening: true)
        let innerAddress = try ZMTPGuardEndpoint(innerEndpoint, listening: false)
        guard publicAddress != innerAddress else {
            throw ZMTPGuardError(.invalidEndpoint, "the public and inner endpoints are the same: \(publicEndpoint)")
        }
        let shared = ZMTPGuardShared(wakeup: try POSIXWakeup())
        let loop = try ZMTPGuardLoop(publicEndpoint: publicAddress, inner: innerAddress, limits: limits, shared: shared)
        let running = DispatchGroup()
        let relay = ZMTPGuard(
            endpoint: loop.bound.description, innerEndpoint: innerAddress.description, name: name, limits: limits, shared: shared,
            running: running)
        running.enter()
        let thread = Thread {
            loop.run()
            running.leave()
        }
        thread.name = "lodestone-guard-\(name)"
        thread.start()
        return relay
    }

    /// What the guard has accepted, refused, relayed and ended so far.
    public var counters: ZMTPGuardCounters { shared.counters.withLock { $0 } }

    /// Asks the thread to close every connection and the listener; returns at once. Safe to
    /// call more than once.
    public func stop() {
        stop(drainingWithinMs: 0)
    }

    /// Stops like `stop()`, but lets what the inner socket already sent reach its clients:
    /// the guard accepts no one new and relays on until every inner connection has closed
    /// (libzmq closes them when the socket is closed, once its linger has flushed them) and
    /// its bytes were written to the client, or until `drainMs` passed; then it closes every
    /// connection. Returns at once; `waitUntilStopped` waits for the end. A later `stop()`
    /// cuts the drain short.
    public func stop(drainingWithinMs drainMs: Int) {
        shared.drainMs.store(max(0, drainMs), ordering: .relaxed)
        shared.stopping.store(true, ordering: .releasing)
        shared.wakeup.signal()
    }

    /// Waits at most `timeoutMs` for the thread to end; false when it still runs.
    public func waitUntilStopped(timeoutMs: Int) -> Bool {
        running.wait(timeout: .now() + .milliseconds(timeoutMs)) == .success
    }

    deinit {
        stop()
    }
}
