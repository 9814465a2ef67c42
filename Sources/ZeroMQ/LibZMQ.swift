import CZeroMQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one place that touches libzmq. Every C call, pointer and constant of the module lives
/// here, so the public types are plain safe Swift and no raw pointer leaves the module.
///
/// Functions report failure as a `Failure` (errno) and leave the mapping to typed errors to
/// their callers, which know what operation was meant.
enum LibZMQ {
    /// An errno reported by libzmq.
    struct Failure: Error, Equatable {
        let errno: Int32

        /// The errno of the call that just failed on this thread.
        static func last() -> Failure { Failure(errno: zmq_errno()) }

        /// libzmq's own explanation of the errno.
        var text: String { String(cString: zmq_strerror(errno)) }
        var isWouldBlock: Bool { errno == EAGAIN }
        var isInterrupted: Bool { errno == EINTR }
        var isTerminated: Bool { errno == ETERM }
        var isHostUnreachable: Bool { errno == EHOSTUNREACH }
    }

    /// A live context; valid until `terminate(_:)`.
    struct ContextPointer {
        fileprivate let raw: UnsafeMutableRawPointer
    }

    /// A live socket; valid until `close(_:)`.
    struct SocketPointer {
        fileprivate let raw: UnsafeMutableRawPointer
    }

    /// One frame taken off a socket. `bytes` is nil when the frame was larger than the caller's
    /// budget: it was discarded without being copied.
    struct Frame {
        let bytes: [UInt8]?
        let size: Int
        let more: Bool
        /// The connection's metadata property the caller asked for (e.g. ZAP's `User-Id`).
        var property: String? = nil
    }

    /// Runs a libzmq call again while a signal interrupts it (EINTR), a bounded number of times.
    /// Returns the call's non-negative result, or the failure that stopped it.
    private static func retryingInterrupts(_ call: () -> Int32) -> Result<Int32, Failure> {
        for _ in 0..<ZMQLimits.maxInterruptRetries {
            let rc = call()
            if rc >= 0 { return .success(rc) }
            let failure = Failure.last()
            if !failure.isInterrupted { return .failure(failure) }
        }
        return .failure(Failure(errno: EINTR))
    }

    /// The failure of a call that returns 0 or -1, or nil when it succeeded.
    private static func failure(of rc: Int32) -> Failure? {
        rc == 0 ? nil : .last()
    }
}

// MARK: - Contexts

extension LibZMQ {
    /// Context-wide settings, applied before the first socket is made.
    enum ContextOption {
        case ioThreads, maxSockets, blocky
    }

    static func newContext() -> Result<ContextPointer, Failure> {
        guard let raw = zmq_ctx_new() else { return .failure(.last()) }
        return .success(ContextPointer(raw: raw))
    }

    static func setOption(_ context: ContextPointer, _ option: ContextOption, _ value: Int32) -> Failure? {
        let name: Int32 = switch option {
        case .ioThreads: ZMQ_IO_THREADS
        case .maxSockets: ZMQ_MAX_SOCKETS
        case .blocky: ZMQ_BLOCKY
        }
        return failure(of: zmq_ctx_set(context.raw, name, value))
    }

    /// Makes blocking calls on the context's sockets fail with ETERM; safe to repeat.
    static func shutdown(_ context: ContextPointer) {
        let rc = zmq_ctx_shutdown(context.raw)
        assert(rc == 0, "zmq_ctx_shutdown only fails on an invalid context")
    }

    /// Frees the context. Blocks until every socket of it is closed, so callers keep sockets
    /// holding their context alive.
    static func terminate(_ context: ContextPointer) {
        let result = retryingInterrupts { zmq_ctx_term(context.raw) }
        assert((try? result.get()) != nil, "zmq_ctx_term failed")
    }
}

// MARK: - Sockets

extension LibZMQ {
    /// What to do with an endpoint.
    enum EndpointOperation {
        case bind, connect, unbind, disconnect
    }

    static func newSocket(_ context: ContextPointer, _ type: ZMQSocketType) -> Result<SocketPointer, Failure> {
        let code: Int32 = switch type {
        case .pub: ZMQ_PUB
        case .sub: ZMQ_SUB
        case .router: ZMQ_ROUTER
        case .dealer: ZMQ_DEALER
        case .push: ZMQ_PUSH
        case .pull: ZMQ_PULL
        case .xpub: ZMQ_XPUB
        case .req: ZMQ_REQ
        case .rep: ZMQ_REP
        }
        guard let raw = zmq_socket(context.raw, code) else { return .failure(.last()) }
        return .success(SocketPointer(raw: raw))
    }

    static func close(_ socket: SocketPointer) {
        let rc = zmq_close(socket.raw)
        assert(rc == 0, "zmq_close only fails on an invalid socket")
    }

    static func endpoint(_ socket: SocketPointer, _ operation: EndpointOperation, _ endpoint: String) -> Failure? {
        let rc = endpoint.withCString { text in
            switch operation {
            case .bind: zmq_bind(socket.raw, text)
            case .connect: zmq_connect(socket.raw, text)
            case .unbind: zmq_unbind(socket.raw, text)
            case .disconnect: zmq_disconnect(socket.raw, text)
            }
        }
        return failure(of: rc)
    }
}

// MARK: - Socket options

extension LibZMQ {
    private static func code(_ name: ZMQOptionName) -> Int32 {
        switch name {
        case .sendHighWaterMark: ZMQ_SNDHWM
        case .receiveHighWaterMark: ZMQ_RCVHWM
        case .linger: ZMQ_LINGER
        case .routingID: ZMQ_ROUTING_ID
        case .routerMandatory: ZMQ_ROUTER_MANDATORY
        case .maxMessageSize: ZMQ_MAXMSGSIZE
        case .receiveTimeout: ZMQ_RCVTIMEO
        case .sendTimeout: ZMQ_SNDTIMEO
        case .immediate: ZMQ_IMMEDIATE
        case .tcpKeepalive: ZMQ_TCP_KEEPALIVE
        case .heartbeatInterval: ZMQ_HEARTBEAT_IVL
        case .heartbeatTimeout: ZMQ_HEARTBEAT_TIMEOUT
        case .heartbeatTTL: ZMQ_HEARTBEAT_TTL
        case .curveServer: ZMQ_CURVE_SERVER
        case .curvePublicKey: ZMQ_CURVE_PUBLICKEY
        case .curveSecretKey: ZMQ_CURVE_SECRETKEY
        case .curveServerKey: ZMQ_CURVE_SERVERKEY
        case .zapDomain: ZMQ_ZAP_DOMAIN
        case .subscribe: ZMQ_SUBSCRIBE
        case .unsubscribe: ZMQ_UNSUBSCRIBE
        case .lastEndpoint: ZMQ_LAST_ENDPOINT
        case .xpubManual: ZMQ_XPUB_MANUAL
        }
    }

    static func setOption(_ socket: SocketPointer, _ name: ZMQOptionName, _ value: ZMQOptionValue) -> Failure? {
        let rc: Int32 = switch value {
        case .int32(var number):
            zmq_setsockopt(socket.raw, code(name), &number, MemoryLayout<Int32>.size)
        case .int64(var number):
            zmq_setsockopt(socket.raw, code(name), &number, MemoryLayout<Int64>.size)
        case .bytes(let bytes):
            bytes.withUnsafeBytes { zmq_setsockopt(socket.raw, code(name), $0.baseAddress, $0.count) }
        }
        return failure(of: rc)
    }

    static func option(_ socket: SocketPointer, _ name: ZMQOptionName, _ kind: ZMQOptionValue.Kind) -> Result<ZMQOptionValue, Failure> {
        switch kind {
        case .int32:
            var number: Int32 = 0
            var size = MemoryLayout<Int32>.size
            if let failure = failure(of: zmq_getsockopt(socket.raw, code(name), &number, &size)) { return .failure(failure) }
            return .success(.int32(number))
        case .int64:
            var number: Int64 = 0
            var size = MemoryLayout<Int64>.size
            if let failure = failure(of: zmq_getsockopt(socket.raw, code(name), &number, &size)) { return .failure(failure) }
            return .success(.int64(number))
        case .bytes(let capacity):
            var bytes = [UInt8](repeating: 0, count: capacity)
            var size = capacity
            let rc = bytes.withUnsafeMutableBytes { zmq_getsockopt(socket.raw, code(name), $0.baseAddress, &size) }
            if let failure = failure(of: rc) { return .failure(failure) }
            assert(size <= capacity, "libzmq wrote past the buffer it was given")
            bytes.removeLast(capacity - size)
            return .success(.bytes(bytes))
        }
    }
}

// MARK: - Frames

extension LibZMQ {
    /// Queues one frame. Returns false when the socket would block (EAGAIN).
    static func send(_ socket: SocketPointer, _ frame: [UInt8], more: Bool, dontWait: Bool) -> Result<Bool, Failure> {
        let flags = (more ? ZMQ_SNDMORE : 0) | (dontWait ? ZMQ_DONTWAIT : 0)
        let result = frame.withUnsafeBytes { buffer in
            retryingInterrupts { zmq_send(socket.raw, buffer.baseAddress, buffer.count, flags) }
        }
        return wouldBlockAsFalse(result)
    }

    /// Takes one frame off the socket into a `zmq_msg_t` and copies its bytes out once, only
    /// when the frame fits in `maxBytes`. Returns nil when the socket would block (EAGAIN).
    /// With `property`, that metadata property of the frame's connection is read too
    /// (zmq_msg_gets), before the message is closed.
    static func receive(_ socket: SocketPointer, maxBytes: Int, dontWait: Bool, property: String? = nil) -> Result<Frame?, Failure> {
        // A temporary allocation gives the zmq_msg_t a fixed address for its whole life.
        withUnsafeTemporaryAllocation(of: zmq_msg_t.self, capacity: 1) { storage in
            let message = storage.baseAddress!
            let initialized = zmq_msg_init(message)
            assert(initialized == 0, "zmq_msg_init cannot fail")
            defer { zmq_msg_close(message) }
            let flags = dontWait ? ZMQ_DONTWAIT : 0
            let result = retryingInterrupts { zmq_msg_recv(message, socket.raw, flags) }
            switch wouldBlockAsFalse(result) {
            case .failure(let failure): return .failure(failure)
            case .success(false): return .success(nil)
            case .success(true):
                var frame = frame(of: message, maxBytes: maxBytes)
                if let property { frame.property = zmq_msg_gets(message, property).map { String(cString: $0) } }
                return .success(frame)
            }
        }
    }

    private static func frame(of message: UnsafeMutablePointer<zmq_msg_t>, maxBytes: Int) -> Frame {
        let size = zmq_msg_size(message)
        let more = zmq_msg_more(message) != 0
        guard size <= maxBytes else { return Frame(bytes: nil, size: size, more: more) }
        let bytes = [UInt8](UnsafeRawBufferPointer(start: zmq_msg_data(message), count: size))
        return Frame(bytes: bytes, size: size, more: more)
    }

    private static func wouldBlockAsFalse(_ result: Result<Int32, Failure>) -> Result<Bool, Failure> {
        switch result {
        case .success: .success(true)
        case .failure(let failure) where failure.isWouldBlock: .success(false)
        case .failure(let failure): .failure(failure)
        }
    }
}

// MARK: - Polling

extension LibZMQ {
    /// What a poll item waits for or reports.
    struct PollItem {
        let socket: SocketPointer
        let events: ZMQPollEvents
    }

    /// Waits up to `timeoutMs` for any item's events. EINTR restarts the wait with the time
    /// that is left, so a signal neither shortens nor lengthens it. Returns the events that are
    /// ready, one entry per item.
    static func poll(_ items: [PollItem], timeoutMs: Int) -> Result<[ZMQPollEvents], Failure> {
        var pollItems = items.map { zmq_pollitem_t(socket: $0.socket.raw, fd: 0, events: flags($0.events), revents: 0) }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .milliseconds(timeoutMs))
        let result = retryingInterrupts {
            zmq_poll(&pollItems, Int32(pollItems.count), remainingMs(until: deadline, now: clock.now))
        }
        return result.map { _ in pollItems.map { events(of: $0.revents) } }
    }

    /// Whole milliseconds left until `deadline`, rounded up: rounding down turned a 1 ms
    /// wait into a non-blocking poll, and a caller looping on it into a spin.
    static func remainingMs(until deadline: ContinuousClock.Instant, now: ContinuousClock.Instant) -> Int {
        let remaining = deadline - now
        guard remaining > .zero else { return 0 }
        return Int((remaining / .milliseconds(1)).rounded(.up))
    }

    private static func flags(_ events: ZMQPollEvents) -> Int16 {
        var flags: Int32 = 0
        if events.contains(.readable) { flags |= ZMQ_POLLIN }
        if events.contains(.writable) { flags |= ZMQ_POLLOUT }
        return Int16(flags)
    }

    private static func events(of flags: Int16) -> ZMQPollEvents {
        var events: ZMQPollEvents = []
        if Int32(flags) & ZMQ_POLLIN != 0 { events.insert(.readable) }
        if Int32(flags) & ZMQ_POLLOUT != 0 { events.insert(.writable) }
        return events
    }
}

// MARK: - CURVE and Z85

extension LibZMQ {
    /// Length of a Z85-encoded CURVE key, without the terminating NUL.
    static let z85KeyLength = 40

    /// Whether libzmq was built with CURVE security.
    static var hasCurve: Bool { zmq_has("curve") == 1 }

    /// A fresh CURVE key pair, both keys Z85-encoded.
    static func curveKeyPair() -> Result<(publicZ85: String, secretZ85: String), Failure> {
        var publicKey = [CChar](repeating: 0, count: z85KeyLength + 1)
        var secretKey = [CChar](repeating: 0, count: z85KeyLength + 1)
        if let failure = failure(of: zmq_curve_keypair(&publicKey, &secretKey)) { return .failure(failure) }
        return .success((cString(publicKey), cString(secretKey)))
    }

    /// The Z85 public key of the Z85 secret key `secretZ85` (zmq_curve_public).
    static func curvePublic(secretZ85: String) -> Result<String, Failure> {
        var publicKey = [CChar](repeating: 0, count: z85KeyLength + 1)
        if let failure = failure(of: zmq_curve_public(&publicKey, secretZ85)) { return .failure(failure) }
        return .success(cString(publicKey))
    }

    /// Z85 text of `bytes`, or nil when libzmq refuses them (length not a multiple of 4).
    static func z85Encode(_ bytes: [UInt8]) -> String? {
        var text = [CChar](repeating: 0, count: bytes.count / 4 * 5 + 1)
        let encoded = bytes.withUnsafeBufferPointer { zmq_z85_encode(&text, $0.baseAddress, $0.count) }
        return encoded == nil ? nil : cString(text)
    }

    /// Bytes of Z85 `text`, or nil when libzmq refuses it (bad length or character).
    static func z85Decode(_ text: String) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: text.utf8.count / 5 * 4)
        let decoded = text.withCString { zmq_z85_decode(&bytes, $0) }
        return decoded == nil ? nil : bytes
    }

    private static func cString(_ characters: [CChar]) -> String {
        String(decoding: characters.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
