import Foundation
import Primitives
import ZeroMQ

/// One request at a time on a DEALER socket to a ROUTER, matched to its answer by the
/// request ID both carry in their first 8 bytes (little-endian u64, the main-chain RPC's
/// framing). The message types themselves (`MainChainRequest` / `MainChainResponse`) are the
/// caller's; this only moves bytes, bounded in size and time.
///
/// Disconnects: the socket has `immediate` set, so it is writable only with a completed
/// connection; not writable within the timeout means `disconnected`. A timeout closes the
/// socket and the next exchange connects a fresh one, so a late answer to an abandoned
/// request never reaches a later one (answers with an older ID that still arrive are
/// skipped). libzmq also reconnects a live socket in the background after a peer restart.
///
/// Not thread-safe: the owner serializes calls.
final class DealerExchange {
    /// Heartbeats let libzmq notice a peer that vanished without closing the connection.
    static let heartbeatIntervalMs = 1_000
    static let heartbeatTimeoutMs = 3_000

    let endpoint: String
    private let context: ZMQContext
    private let limits: ZMQReceiveLimits
    private var socket: ZMQSocket?

    init(context: ZMQContext, endpoint: String, responseBytesMax: Int) throws(MainChainClientError) {
        self.context = context
        self.endpoint = endpoint
        do {
            limits = try ZMQReceiveLimits(maxFrames: 1, maxTotalBytes: responseBytesMax)
        } catch {
            throw .socketFailed(detail: "response limit \(responseBytesMax): \(error)")
        }
    }

    /// Whether a socket is open (false after a timeout or disconnect until the next exchange).
    var isConnected: Bool { socket != nil }

    func close() {
        socket?.close()
        socket = nil
    }

    /// Sends `request` (whose first 8 bytes are `requestID`) and returns the answer whose
    /// first 8 bytes are the same ID, within `timeoutMs`.
    func exchange(requestID: UInt64, request: [UInt8], timeoutMs: Int) throws(MainChainClientError) -> [UInt8] {
        assert(request.count >= 8, "a request starts with its ID")
        let deadline = ContinuousClock.now + .milliseconds(timeoutMs)
        let socket = try openSocket()
        do {
            var poller = ZMQPoller()
            try poller.register(socket, for: .writable)
            guard try poller.poll(timeoutMs: timeoutMs)[0].contains(.writable),
                try socket.send(request, .dontWait) == .sent
            else {
                close()
                throw MainChainClientError.disconnected(endpoint: endpoint, detail: "no connection within \(timeoutMs) ms")
            }
        } catch let error as MainChainClientError {
            throw error
        } catch {
            close()
            throw .disconnected(endpoint: endpoint, detail: "send: \(error)")
        }
        while true {
            let leftMs = Self.milliseconds(until: deadline)
            let message: ZMQMessage?
            do {
                var poller = ZMQPoller()
                try poller.register(socket, for: .readable)
                if leftMs > 0 { _ = try poller.poll(timeoutMs: leftMs) }
                message = try socket.receive(limits: limits, .dontWait)
            } catch let error where error.kind == .messageTooLarge || error.kind == .tooManyFrames {
                // The oversize answer was drained; the socket is still in step.
                throw .garbage(detail: "\(error)")
            } catch {
                close()
                throw .disconnected(endpoint: endpoint, detail: "receive: \(error)")
            }
            guard let message else {
                if leftMs > 0 { continue }
                close()
                throw .timeout(endpoint: endpoint, timeoutMs: timeoutMs, attempts: 1)
            }
            let bytes = message.frames[0]
            guard bytes.count >= 8 else { throw .garbage(detail: "an answer of \(bytes.count) bytes has no request ID") }
            var reader = ByteReader(bytes)
            let answerID = (try? reader.readUInt64()) ?? 0
            if answerID < requestID { continue }  // a late answer to an abandoned request
            guard answerID == requestID else {
                throw .garbage(detail: "answer to request \(answerID), expected \(requestID)")
            }
            return bytes
        }
    }

    private func openSocket() throws(MainChainClientError) -> ZMQSocket {
        if let socket { return socket }
        do {
            let fresh = try ZMQSocket(context, type: .dealer)
            try fresh.setOption(.lingerMs, 0)
            try fresh.setOption(.immediate, true)
            try fresh.setOption(.heartbeatIntervalMs, Self.heartbeatIntervalMs)
            try fresh.setOption(.heartbeatTimeoutMs, Self.heartbeatTimeoutMs)
            try fresh.connect(endpoint)
            socket = fresh
            return fresh
        } catch {
            throw .socketFailed(detail: "DEALER to \(endpoint): \(error)")
        }
    }

    static func milliseconds(until deadline: ContinuousClock.Instant) -> Int {
        let left = ContinuousClock.now.duration(to: deadline).components
        return max(0, Int(left.seconds) * 1_000 + Int(left.attoseconds / 1_000_000_000_000_000))
    }
}
