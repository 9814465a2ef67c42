import Testing
import ZeroMQ

/// Frames sent to an intake exactly as given, on a DEALER socket of their own: for
/// malformed requests and for requests whose answer the test will not wait for.
enum RawIntake {
    /// Sends `frames` and returns the reply's frames, waiting at most `timeoutMs`.
    static func request(_ frames: [[UInt8]], endpoint: String, timeoutMs: Int) throws -> [[UInt8]] {
        let socket = try connect(endpoint)
        defer { socket.close() }
        try socket.setOption(.receiveTimeoutMs, timeoutMs)
        try socket.send(try ZMQMessage(frames: frames))
        return try #require(try socket.receive(limits: try ZMQReceiveLimits(maxFrames: 4, maxTotalBytes: 1 << 20))).frames
    }

    /// Sends `frames` and returns without waiting for an answer. The socket lingers up to
    /// a second so the frames leave before it closes.
    static func send(_ frames: [[UInt8]], endpoint: String) throws {
        let socket = try connect(endpoint)
        try socket.setOption(.lingerMs, 1_000)
        try socket.send(try ZMQMessage(frames: frames))
    }

    private static func connect(_ endpoint: String) throws -> ZMQSocket {
        let socket = try ZMQSocket(try ZMQContext(), type: .dealer)
        try socket.connect(endpoint)
        return socket
    }
}
