#if canImport(Glibc)
import Glibc
#endif

/// The one place the guard touches the operating system: nonblocking stream sockets (TCP and
/// Unix domain), poll(2) and a wake-up pipe. Every C call, pointer and constant of the guard lives
/// here; the guard's other types are plain safe Swift over descriptors (`Int32`).
///
/// Calls interrupted by a signal (EINTR) are retried a bounded number of times.
enum POSIXSocket {
    /// What a read or write did.
    enum Transfer: Equatable {
        /// This many bytes (more than 0) moved.
        case moved(Int)
        /// The peer closed its sending side (reads only).
        case endOfStream
        /// Nothing can move now; wait for the next readiness event.
        case wouldBlock
        /// The connection failed with this errno (reset, broken pipe, ...).
        case failed(Int32)
    }

    /// The system's explanation of an errno.
    static func errorText(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// Runs a system call (again while a signal interrupts it, a bounded number of times) and
    /// returns its result with the errno read at once: any Swift code in between (a release, a
    /// free) may overwrite errno, and a clobbered EAGAIN would end a healthy connection.
    fileprivate static func systemCall<T: BinaryInteger>(_ call: () -> T) -> (result: T, errno: Int32) {
        for _ in 0..<ZMQLimits.maxInterruptRetries {
            let result = call()
            let code = result < 0 ? Glibc.errno : 0
            if result >= 0 || code != EINTR { return (result, code) }
        }
        return (-1, EINTR)
    }

    private static func newStreamSocket(for endpoint: ZMTPGuardEndpoint) -> Int32 {
        let family = if case .tcp = endpoint { AF_INET } else { AF_UNIX }
        return socket(family, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
    }

    /// Calls `body` with the C address of `endpoint` (the path was length-checked on parsing).
    private static func withAddress<T>(_ endpoint: ZMTPGuardEndpoint, _ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        switch endpoint {
        case .tcp(let address, let port):
            var storage = sockaddr_in()
            storage.sin_family = sa_family_t(AF_INET)
            storage.sin_port = port.bigEndian
            storage.sin_addr = in_addr(s_addr: address.bigEndian)
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        case .ipc(let path):
            var storage = sockaddr_un()
            storage.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &storage.sun_path) { raw in
                for (offset, byte) in path.utf8.prefix(raw.count - 1).enumerated() { raw[offset] = byte }
            }
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
        }
    }

    private static func setIntOption(_ descriptor: Int32, _ level: Int32, _ name: Int32, _ value: Int32) {
        var value = value
        _ = setsockopt(descriptor, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Makes `descriptor` nonblocking and closed on exec (accept4 is not in Glibc's module).
    static func makeNonblocking(_ descriptor: Int32) {
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
    }

    /// Caps the kernel's send buffer of `descriptor`.
    static func setSendBuffer(_ descriptor: Int32, bytes: Int) {
        setIntOption(descriptor, SOL_SOCKET, SO_SNDBUF, Int32(clamping: bytes))
    }

    /// Turns off Nagle's algorithm on a TCP socket, as libzmq does on its own: a relay that
    /// batches small messages would add its delay to every request.
    static func setNoDelay(_ descriptor: Int32) {
        setIntOption(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
    }
}

// MARK: - Listening and connecting

extension POSIXSocket {
    /// A nonblocking socket listening on `endpoint`, and the endpoint it really has (a wildcard
    /// port resolved). A stale Unix socket file at the path is removed first, as libzmq does;
    /// any other file there makes the bind fail.
    static func listen(
        _ endpoint: ZMTPGuardEndpoint, backlog: Int32
    ) throws(ZMTPGuardError) -> (descriptor: Int32, bound: ZMTPGuardEndpoint) {
        let (descriptor, code) = systemCall { newStreamSocket(for: endpoint) }
        guard descriptor >= 0 else { throw ZMTPGuardError(.bindFailed, "create a socket for \(endpoint)", errno: code) }
        switch endpoint {
        case .tcp: setIntOption(descriptor, SOL_SOCKET, SO_REUSEADDR, 1)
        case .ipc(let path): removeStaleSocketFile(path)
        }
        let bound = withAddress(endpoint) { address, length in systemCall { bind(descriptor, address, length) } }
        let listening = bound.result == 0 ? systemCall { Glibc.listen(descriptor, backlog) } : bound
        guard listening.result == 0 else {
            _ = Glibc.close(descriptor)
            throw ZMTPGuardError(.bindFailed, "bind and listen on \(endpoint)", errno: listening.errno)
        }
        guard case .tcp = endpoint else { return (descriptor, endpoint) }
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in systemCall { getsockname(descriptor, raw, &length) } }
        }
        guard named.result == 0 else {
            _ = Glibc.close(descriptor)
            throw ZMTPGuardError(.bindFailed, "read back the address bound for \(endpoint)", errno: named.errno)
        }
        return (descriptor, .tcp(address: UInt32(bigEndian: address.sin_addr.s_addr), port: UInt16(bigEndian: address.sin_port)))
    }

    private static func removeStaleSocketFile(_ path: String) {
        var status = stat()
        guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFSOCK else { return }
        _ = unlink(path)
    }

    /// Removes the Unix socket file a listener made (after closing the listener).
    static func removeSocketFile(of endpoint: ZMTPGuardEndpoint) {
        if case .ipc(let path) = endpoint { removeStaleSocketFile(path) }
    }

    /// What accepting a connection did.
    enum Accepted {
        case connection(Int32)
        case none
        case failed(Int32)
    }

    /// Takes one pending connection off `listener`, nonblocking, Nagle off for TCP.
    /// Connections aborted while queued are skipped.
    static func accept(_ listener: Int32, tcp: Bool) -> Accepted {
        while true {
            let (descriptor, code) = systemCall { Glibc.accept(listener, nil, nil) }
            if descriptor >= 0 {
                makeNonblocking(descriptor)
                if tcp { setNoDelay(descriptor) }
                return .connection(descriptor)
            }
            switch code {
            case EAGAIN, EWOULDBLOCK: return .none
            case ECONNABORTED, EPROTO: continue
            case let code: return .failed(code)
            }
        }
    }

    /// Starts a nonblocking connection to `endpoint`: the descriptor and whether it is
    /// connected already (else it becomes writable when the attempt ends; see `pendingError`),
    /// or the errno of a refusal.
    /// `receiveBufferBytes`, if given, caps the kernel's receive buffer (set before connecting, so the
    /// TCP window follows it).
    static func connect(_ endpoint: ZMTPGuardEndpoint, receiveBufferBytes: Int? = nil) -> Result<(descriptor: Int32, connected: Bool), POSIXFailure> {
        let (descriptor, failure) = systemCall { newStreamSocket(for: endpoint) }
        guard descriptor >= 0 else { return .failure(POSIXFailure(errno: failure)) }
        if let receiveBufferBytes { setIntOption(descriptor, SOL_SOCKET, SO_RCVBUF, Int32(clamping: receiveBufferBytes)) }
        if case .tcp = endpoint { setNoDelay(descriptor) }
        let (result, code) = withAddress(endpoint) { address, length in systemCall { Glibc.connect(descriptor, address, length) } }
        if result == 0 { return .success((descriptor, true)) }
        if code == EINPROGRESS { return .success((descriptor, false)) }
        _ = Glibc.close(descriptor)
        return .failure(POSIXFailure(errno: code))
    }

    /// The outcome of a nonblocking connect that became ready: 0 when connected, else errno.
    static func pendingError(_ descriptor: Int32) -> Int32 {
        var code: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        let (result, failure) = systemCall { getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &code, &length) }
        return result == 0 ? code : failure
    }
}

/// An errno from a failed system call.
struct POSIXFailure: Error, Equatable {
    let errno: Int32
}

// MARK: - Moving bytes

extension POSIXSocket {
    private static func transfer(_ call: (result: Int, errno: Int32)) -> Transfer {
        if call.result > 0 { return .moved(call.result) }
        if call.result == 0 { return .endOfStream }
        return call.errno == EAGAIN || call.errno == EWOULDBLOCK ? .wouldBlock : .failed(call.errno)
    }

    /// Reads into the buffer's free run (the caller checks it is not full).
    static func receive(_ descriptor: Int32, into buffer: inout RelayBuffer) -> Transfer {
        let region = buffer.freeRegion
        let result = buffer.storage.withUnsafeMutableBytes { raw -> (result: Int, errno: Int32) in
            guard let base = raw.baseAddress, !region.isEmpty else { return (-1, EAGAIN) }
            return systemCall { recv(descriptor, base + region.lowerBound, region.count, 0) }
        }
        let outcome = transfer(result)
        if case .moved(let count) = outcome { buffer.didFill(count) }
        return outcome
    }

    /// Writes the buffer's oldest run (the caller checks it is not empty). MSG_NOSIGNAL: a
    /// closed peer is a `failed(EPIPE)`, not a SIGPIPE that kills the node.
    static func send(_ descriptor: Int32, from buffer: inout RelayBuffer) -> Transfer {
        let region = buffer.filledRegion
        let result = buffer.storage.withUnsafeBytes { raw -> (result: Int, errno: Int32) in
            guard let base = raw.baseAddress, !region.isEmpty else { return (-1, EAGAIN) }
            return systemCall { Glibc.send(descriptor, base + region.lowerBound, region.count, Int32(MSG_NOSIGNAL)) }
        }
        if result.result == 0 { return .wouldBlock }
        let outcome = transfer(result)
        if case .moved(let count) = outcome { buffer.didDrain(count) }
        return outcome
    }

    /// Sends this side's end of stream (FIN) and keeps reading the other way.
    static func shutdownWrite(_ descriptor: Int32) {
        _ = shutdown(descriptor, Int32(SHUT_WR))
    }

    /// Closes a descriptor; `reset` drops unsent bytes and sends RST instead of FIN, so a
    /// refused peer learns at once and no kernel buffer lingers for it.
    static func close(_ descriptor: Int32, reset: Bool = false) {
        if reset {
            var immediate = linger(l_onoff: 1, l_linger: 0)
            _ = setsockopt(descriptor, SOL_SOCKET, SO_LINGER, &immediate, socklen_t(MemoryLayout<linger>.size))
        }
        _ = Glibc.close(descriptor)
    }
}

// MARK: - Readiness

/// poll(2) over the guard's descriptors, level-triggered. The caller lists what it wants
/// from each descriptor before every wait, so a side whose buffer is full (or empty) is
/// simply not asked about and costs nothing. (epoll would scale better with thousands of
/// connections, but Glibc's Swift module does not export it.)
final class POSIXPoller {
    /// Readiness reported for one descriptor.
    struct Readiness {
        /// Bytes, an end of stream or an error can be read.
        let readable: Bool
        /// Bytes can be written, or an error is pending.
        let writable: Bool
    }

    private var items: [pollfd] = []

    /// How many descriptors are listed for the next wait.
    var count: Int { items.count }

    /// Forgets the list, keeping its storage.
    func removeAll() {
        items.removeAll(keepingCapacity: true)
    }

    /// Lists `descriptor` for the next wait; returns its index for `readiness(at:)`.
    @discardableResult
    func add(_ descriptor: Int32, readable: Bool, writable: Bool) -> Int {
        let events = (readable ? Int16(POLLIN) : 0) | (writable ? Int16(POLLOUT) : 0)
        items.append(pollfd(fd: descriptor, events: events, revents: 0))
        return items.count - 1
    }

    /// Waits up to `timeoutMs` (-1: until something is ready). A signal ends the wait early,
    /// like a timeout.
    func wait(timeoutMs: Int32) -> POSIXFailure? {
        let (result, code) = items.withUnsafeMutableBufferPointer { buffer in
            POSIXSocket.systemCall { poll(buffer.baseAddress, nfds_t(buffer.count), timeoutMs) }
        }
        return result >= 0 || code == EINTR ? nil : POSIXFailure(errno: code)
    }

    /// What the last wait reported for the descriptor at `index`. Errors and hangups count as
    /// both, so the next read or write reports them.
    func readiness(at index: Int) -> Readiness {
        let reported = Int32(items[index].revents)
        let failed = reported & (POLLERR | POLLHUP | POLLNVAL) != 0
        return Readiness(readable: failed || reported & POLLIN != 0, writable: failed || reported & POLLOUT != 0)
    }
}

/// A self-pipe that wakes the guard's thread from another thread (`stop()`). Both ends close
/// only when the last holder lets go, so a late `signal()` never writes to a reused descriptor.
final class POSIXWakeup: Sendable {
    /// The end to poll for input.
    let descriptor: Int32
    private let writeEnd: Int32

    init() throws(ZMTPGuardError) {
        var ends: [Int32] = [0, 0]
        let (result, code) = POSIXSocket.systemCall { pipe(&ends) }
        guard result == 0 else { throw ZMTPGuardError(.systemFailed, "create the wake-up pipe", errno: code) }
        for end in ends { POSIXSocket.makeNonblocking(end) }
        descriptor = ends[0]
        writeEnd = ends[1]
    }

    deinit {
        _ = Glibc.close(descriptor)
        _ = Glibc.close(writeEnd)
    }

    /// Makes `descriptor` readable; safe from any thread. A full pipe is already readable.
    func signal() {
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
    }

    /// Makes `descriptor` unreadable again.
    func drain() {
        var bytes = [UInt8](repeating: 0, count: 64)
        while bytes.withUnsafeMutableBytes({ read(descriptor, $0.baseAddress, $0.count) }) > 0 {}
    }
}

// MARK: - Blocking helpers for tests and tools

extension POSIXSocket {
    /// Waits up to `timeoutMs` until `descriptor` is readable (or writable); false on timeout.
    static func waitUntilReady(_ descriptor: Int32, writable: Bool = false, timeoutMs: Int32) -> Bool {
        var item = pollfd(fd: descriptor, events: Int16(writable ? POLLOUT : POLLIN), revents: 0)
        return systemCall { poll(&item, 1, timeoutMs) }.result > 0
    }

    /// A connected nonblocking client socket, or nil when `endpoint` refused or did not answer
    /// within `timeoutMs`.
    static func connectWaiting(_ endpoint: ZMTPGuardEndpoint, timeoutMs: Int32) -> Int32? {
        guard case .success(let attempt) = connect(endpoint) else { return nil }
        if attempt.connected { return attempt.descriptor }
        guard waitUntilReady(attempt.descriptor, writable: true, timeoutMs: timeoutMs), pendingError(attempt.descriptor) == 0 else {
            close(attempt.descriptor)
            return nil
        }
        return attempt.descriptor
    }

    /// Writes all of `bytes`, waiting for room up to `timeoutMs` at a time; the first failure
    /// (or a timeout as `.wouldBlock`) is returned instead.
    static func sendAll(_ descriptor: Int32, _ bytes: [UInt8], timeoutMs: Int32) -> Transfer {
        var offset = 0
        while offset < bytes.count {
            let result = bytes.withUnsafeBytes { raw -> (result: Int, errno: Int32) in
                guard let base = raw.baseAddress else { return (-1, EINVAL) }
                return systemCall { Glibc.send(descriptor, base + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            }
            switch transfer(result) {
            case .moved(let count): offset += count
            case .wouldBlock:
                guard waitUntilReady(descriptor, writable: true, timeoutMs: timeoutMs) else { return .wouldBlock }
            case let other: return other
            }
        }
        return .moved(bytes.count)
    }

    /// Reads what arrives within `timeoutMs`, at most `maxBytes`: the bytes, or the end of
    /// stream, failure or `.wouldBlock` (nothing came).
    static func receiveWaiting(_ descriptor: Int32, maxBytes: Int, timeoutMs: Int32) -> (Transfer, [UInt8]) {
        guard waitUntilReady(descriptor, timeoutMs: timeoutMs) else { return (.wouldBlock, []) }
        var buffer = RelayBuffer(capacity: maxBytes)
        let outcome = receive(descriptor, into: &buffer)
        guard case .moved(let count) = outcome else { return (outcome, []) }
        return (outcome, Array(buffer.storage.prefix(count)))
    }
}
