import Synchronization

/// What the guard's thread shares with its `ZMTPGuard` handle.
final class ZMTPGuardShared: Sendable {
    let counters = Mutex(ZMTPGuardCounters())
    let stopping = Atomic<Bool>(false)
    /// How long a stopping guard may keep relaying towards its clients (`stop(drainingWithinMs:)`).
    let drainMs = Atomic<Int>(0)
    let wakeup: POSIXWakeup

    init(wakeup: POSIXWakeup) {
        self.wakeup = wakeup
    }
}

/// The guard's thread: one poll loop over the listener, a wake-up descriptor and two sockets
/// per client connection. Handed to that thread once at start (hence `@unchecked Sendable`),
/// and from then on used there only.
///
/// Each turn polls every side for what it can use (input only with room in its buffer, output
/// only with bytes waiting), then `pump` moves bytes until neither direction can progress. A
/// full buffer stops reading the side that fills it; the kernel's socket buffers then push
/// back on the sender.
final class ZMTPGuardLoop: @unchecked Sendable {
    /// Pending connections the kernel queues for the listener.
    private static let listenBacklog: Int32 = 128
    /// How long accepting pauses after an accept failed (e.g. out of descriptors), so a
    /// listener that stays readable cannot spin the thread.
    private static let acceptPauseMs = 100

    private let listener: Int32
    /// The public endpoint as bound (wildcard port resolved).
    let bound: ZMTPGuardEndpoint
    private let inner: ZMTPGuardEndpoint
    private let limits: ZMTPGuardLimits
    private let shared: ZMTPGuardShared
    private let poller = POSIXPoller()
    /// Which connection and side each polled descriptor after the first two belongs to.
    private var polled: [(connection: ZMTPGuardConnection, isInner: Bool)] = []
    private let clock = ContinuousClock()
    private var connections: [UInt64: ZMTPGuardConnection] = [:]
    /// Connections with a deadline (connecting or draining); few, so scanned on each turn.
    private var timed: Set<UInt64> = []
    private var acceptPausedUntil: ContinuousClock.Instant?
    private var nextID: UInt64 = 1
    private var bytesIn: UInt64 = 0
    private var bytesOut: UInt64 = 0

    /// Binds the public endpoint; the loop runs on `run()`.
    init(
        publicEndpoint: ZMTPGuardEndpoint, inner: ZMTPGuardEndpoint, limits: ZMTPGuardLimits, shared: ZMTPGuardShared
    ) throws(ZMTPGuardError) {
        (listener, bound) = try POSIXSocket.listen(publicEndpoint, backlog: Self.listenBacklog)
        self.inner = inner
        self.limits = limits
        self.shared = shared
    }

    /// Relays until `stopping` is set (or poll fails), then closes every connection and the
    /// listener. With a drain time, it first stops accepting and relays on until every inner
    /// connection has closed and its bytes reached the client, or the drain time is over.
    func run() {
        var drainStarted: ContinuousClock.Instant?
        while true {
            if shared.stopping.load(ordering: .acquiring) {
                let started = drainStarted ?? clock.now
                drainStarted = started
                // Read each turn: a plain `stop()` during a drain ends it at once.
                let drainMs = shared.drainMs.load(ordering: .relaxed)
                if drained || clock.now >= started.advanced(by: .milliseconds(drainMs)) { break }
            }
            let drainUntil = drainStarted.map { $0.advanced(by: .milliseconds(shared.drainMs.load(ordering: .relaxed))) }
            let accepting = listPolled(accepting: drainStarted == nil)
            guard poller.wait(timeoutMs: nextTimeoutMs(drainUntil: drainUntil)) == nil else { break }
            if poller.readiness(at: 0).readable { shared.wakeup.drain() }
            for (offset, entry) in polled.enumerated() {
                handle(entry.connection, isInner: entry.isInner, poller.readiness(at: offset + 2))
            }
            if accepting && poller.readiness(at: 1).readable { acceptPending() }
            expireDeadlines()
            flushByteCounts()
        }
        for connection in Array(connections.values) {
            end(connection, .guardStopped)
        }
        POSIXSocket.close(listener)
        POSIXSocket.removeSocketFile(of: bound)
        flushByteCounts()
    }

    /// Whether nothing more can come from the inner side: every inner connection closed (or
    /// never opened) and what it sent was written to its client.
    private var drained: Bool {
        connections.values.allSatisfy { !$0.innerConnected || $0.innerDirectionDone }
    }

    /// Lists the wake-up pipe, the listener and what each connection waits for. Returns
    /// whether the listener is really asked about (not during an accept pause or a drain).
    private func listPolled(accepting wanted: Bool) -> Bool {
        poller.removeAll()
        polled.removeAll(keepingCapacity: true)
        poller.add(shared.wakeup.descriptor, readable: true, writable: false)
        if let until = acceptPausedUntil, clock.now >= until { acceptPausedUntil = nil }
        let accepting = wanted && acceptPausedUntil == nil
        poller.add(listener, readable: accepting, writable: false)
        for connection in connections.values {
            if connection.wantsClientInput || connection.wantsClientOutput {
                poller.add(connection.client.descriptor, readable: connection.wantsClientInput, writable: connection.wantsClientOutput)
                polled.append((connection, false))
            }
            if connection.wantsInnerInput || connection.wantsInnerOutput {
                poller.add(connection.inner.descriptor, readable: connection.wantsInnerInput, writable: connection.wantsInnerOutput)
                polled.append((connection, true))
            }
        }
        return accepting
    }

    private func handle(_ connection: ZMTPGuardConnection, isInner: Bool, _ readiness: POSIXPoller.Readiness) {
        // An earlier entry of this turn may have ended the connection.
        guard connections[connection.id] != nil, readiness.readable || readiness.writable else { return }
        if isInner {
            connection.inner.readable = readiness.readable
            connection.inner.writable = connection.inner.writable || readiness.writable
            if !connection.innerConnected {
                guard readiness.writable, finishConnect(connection) else { return }
            }
        } else {
            connection.client.readable = readiness.readable
            connection.client.writable = connection.client.writable || readiness.writable
        }
        pump(connection)
    }

    // MARK: Accepting

    /// Accepts until the queue is empty. Past `connectionsMax` a client is accepted and reset
    /// at once, so it learns instead of waiting in the backlog. An accept failure (e.g. out of
    /// descriptors) pauses accepting for `acceptPauseMs`.
    private func acceptPending() {
        let tcp = if case .tcp = bound { true } else { false }
        while true {
            switch POSIXSocket.accept(listener, tcp: tcp) {
            case .none:
                return
            case .failed:
                acceptPausedUntil = clock.now.advanced(by: .milliseconds(Self.acceptPauseMs))
                return
            case .connection(let client):
                guard connections.count < limits.connectionsMax else {
                    POSIXSocket.close(client, reset: true)
                    shared.counters.withLock { $0.connectionsRefused += 1 }
                    continue
                }
                open(client)
            }
        }
    }

    private func open(_ client: Int32) {
        shared.counters.withLock { $0.connectionsAccepted += 1 }
        // The kernel's buffers on the server-to-client path (the inner socket's receive side,
        // the client's send side) are capped like the guard's own, so a client that does not
        // read holds a bounded amount there too, and ZeroMQ's high-water mark sees it soon.
        POSIXSocket.setSendBuffer(client, bytes: limits.bufferBytes)
        guard case .success(let attempt) = POSIXSocket.connect(inner, receiveBufferBytes: limits.bufferBytes) else {
            POSIXSocket.close(client, reset: true)
            shared.counters.withLock { $0.countDisconnect(.innerUnreachable) }
            return
        }
        let id = nextID
        nextID += 1
        let connection = ZMTPGuardConnection(
            id: id, client: client, inner: attempt.descriptor, innerConnected: attempt.connected, limits: limits)
        connections[id] = connection
        shared.counters.withLock { $0.connectionsOpen += 1 }
        if !attempt.connected {
            connection.deadline = clock.now.advanced(by: .milliseconds(limits.connectTimeoutMs))
            timed.insert(id)
        }
    }

    private func finishConnect(_ connection: ZMTPGuardConnection) -> Bool {
        guard POSIXSocket.pendingError(connection.inner.descriptor) == 0 else {
            end(connection, .innerUnreachable)
            return false
        }
        connection.innerConnected = true
        connection.deadline = nil
        timed.remove(connection.id)
        return true
    }

    // MARK: Relaying

    /// Moves bytes both ways until neither can progress, judging client bytes as they arrive,
    /// before any of them is relayed. Ends the connection on a violation, a failure, or when
    /// both directions are finished.
    private func pump(_ connection: ZMTPGuardConnection) {
        var progress = true
        while progress {
            progress = false
            switch relayFromClient(connection) {
            case .ended: return
            case .moved: progress = true
            case .idle: break
            }
            switch relayFromInner(connection) {
            case .ended: return
            case .moved: progress = true
            case .idle: break
            }
        }
        if connection.clientDirectionDone && connection.innerDirectionDone {
            end(connection, connection.endedFirst ?? .clientClosed)
        } else if (connection.client.ended || connection.inner.ended) && connection.deadline == nil {
            connection.deadline = clock.now.advanced(by: .milliseconds(limits.drainTimeoutMs))
            timed.insert(connection.id)
        }
    }

    private enum Step {
        case moved, idle, ended
    }

    /// The kind an I/O failure ends the connection with: once a side has closed, the failure
    /// is the other side following it, not a new fault.
    private func failureKind(_ connection: ZMTPGuardConnection) -> ZMTPGuardDisconnect {
        connection.endedFirst ?? .connectionFailed
    }

    private func relayFromClient(_ connection: ZMTPGuardConnection) -> Step {
        var step = Step.idle
        if connection.client.readable && !connection.client.ended && !connection.toInner.isFull {
            let region = connection.toInner.freeRegion
            switch POSIXSocket.receive(connection.client.descriptor, into: &connection.toInner) {
            case .moved(let count):
                if let violation = connection.parser.consume(connection.toInner.storage, region.lowerBound..<(region.lowerBound + count)) {
                    end(connection, violation)
                    return .ended
                }
                bytesIn += UInt64(count)
                // A short read emptied the socket; the next poll tells when more is there.
                if count < region.count { connection.client.readable = false }
                step = .moved
            case .endOfStream:
                connection.client.ended = true
                connection.endedFirst = connection.endedFirst ?? .clientClosed
                step = .moved
            case .wouldBlock:
                connection.client.readable = false
            case .failed:
                end(connection, failureKind(connection))
                return .ended
            }
        }
        if connection.innerConnected && connection.inner.writable && !connection.toInner.isEmpty {
            let region = connection.toInner.filledRegion
            switch POSIXSocket.send(connection.inner.descriptor, from: &connection.toInner) {
            case .moved(let count):
                if count < region.count { connection.inner.writable = false }
                step = .moved
            case .wouldBlock, .endOfStream:
                connection.inner.writable = false
            case .failed:
                end(connection, failureKind(connection))
                return .ended
            }
        }
        if connection.clientDirectionDone && connection.innerConnected && !connection.inner.writeShut {
            POSIXSocket.shutdownWrite(connection.inner.descriptor)
            connection.inner.writeShut = true
        }
        return step
    }

    private func relayFromInner(_ connection: ZMTPGuardConnection) -> Step {
        guard connection.innerConnected else { return .idle }
        var step = Step.idle
        if connection.inner.readable && !connection.inner.ended && !connection.toClient.isFull {
            let region = connection.toClient.freeRegion
            switch POSIXSocket.receive(connection.inner.descriptor, into: &connection.toClient) {
            case .moved(let count):
                if count < region.count { connection.inner.readable = false }
                step = .moved
            case .endOfStream:
                connection.inner.ended = true
                connection.endedFirst = connection.endedFirst ?? .innerClosed
                step = .moved
            case .wouldBlock:
                connection.inner.readable = false
            case .failed:
                end(connection, failureKind(connection))
                return .ended
            }
        }
        if connection.client.writable && !connection.toClient.isEmpty {
            let region = connection.toClient.filledRegion
            switch POSIXSocket.send(connection.client.descriptor, from: &connection.toClient) {
            case .moved(let count):
                bytesOut += UInt64(count)
                if count < region.count { connection.client.writable = false }
                step = .moved
            case .wouldBlock, .endOfStream:
                connection.client.writable = false
            case .failed:
                end(connection, failureKind(connection))
                return .ended
            }
        }
        if connection.innerDirectionDone && !connection.client.writeShut {
            POSIXSocket.shutdownWrite(connection.client.descriptor)
            connection.client.writeShut = true
        }
        return step
    }

    // MARK: Ending

    /// Closes both sockets of `connection` at once and counts why. A violation resets both
    /// (RST), so libzmq drops the connection, and with it any partial message, right away.
    private func end(_ connection: ZMTPGuardConnection, _ kind: ZMTPGuardDisconnect) {
        guard connections.removeValue(forKey: connection.id) != nil else { return }
        timed.remove(connection.id)
        // Counted first, so whoever sees the connection end also sees it counted.
        shared.counters.withLock {
            $0.connectionsOpen -= 1
            $0.countDisconnect(kind)
        }
        POSIXSocket.close(connection.client.descriptor, reset: kind.isViolation)
        POSIXSocket.close(connection.inner.descriptor, reset: kind.isViolation)
    }

    private func expireDeadlines() {
        guard !timed.isEmpty else { return }
        let now = clock.now
        let expired = timed.compactMap { id in connections[id].flatMap { ($0.deadline ?? now) <= now ? $0 : nil } }
        for connection in expired {
            end(connection, connection.innerConnected ? .drainTimedOut : .innerUnreachable)
        }
    }

    /// Milliseconds until the nearest deadline (or the drain's end), rounded up; -1 (wait for
    /// events) when none.
    private func nextTimeoutMs(drainUntil: ContinuousClock.Instant?) -> Int32 {
        let now = clock.now
        var nearest = [acceptPausedUntil, drainUntil].compactMap { $0 }.min()
        for id in timed {
            guard let deadline = connections[id]?.deadline else { continue }
            nearest = nearest.map { Swift.min($0, deadline) } ?? deadline
        }
        guard let nearest else { return -1 }
        return Int32(LibZMQ.remainingMs(until: nearest, now: now))
    }

    private func flushByteCounts() {
        guard bytesIn > 0 || bytesOut > 0 else { return }
        let (incoming, outgoing) = (bytesIn, bytesOut)
        shared.counters.withLock {
            $0.bytesIn += incoming
            $0.bytesOut += outgoing
        }
        bytesIn = 0
        bytesOut = 0
    }
}
