import Testing
import ZeroMQ

/// Bounded waits, so no test can hang: long enough for a loaded shared machine when something
/// must arrive, short when the point is that nothing does.
enum Wait {
    static let arrivalMs = 3_000
    static let absenceMs = 200
}

/// Generous limits for messages the tests expect to arrive whole.
func roomyLimits() throws(ZMQError) -> ZMQReceiveLimits {
    try ZMQReceiveLimits(maxFrames: 16, maxTotalBytes: 1 << 16)
}

func bytes(_ text: String) -> [UInt8] {
    Array(text.utf8)
}

/// A socket with send and receive timeouts, so blocking calls in tests always return.
func makeSocket(_ context: ZMQContext, _ type: ZMQSocketType, receiveTimeoutMs: Int = Wait.arrivalMs) throws(ZMQError) -> ZMQSocket {
    let socket = try ZMQSocket(context, type: type)
    try socket.setOption(.receiveTimeoutMs, receiveTimeoutMs)
    try socket.setOption(.sendTimeoutMs, Wait.arrivalMs)
    return socket
}

/// A `server` bound on `endpoint` (loopback TCP on a free port by default) and a `client`
/// connected to it.
func connectedPair(
    _ context: ZMQContext, server: ZMQSocketType, client: ZMQSocketType, endpoint: String = "tcp://127.0.0.1:*"
) throws(ZMQError) -> (server: ZMQSocket, client: ZMQSocket) {
    let serverSocket = try makeSocket(context, server)
    try serverSocket.bind(endpoint)
    let clientSocket = try makeSocket(context, client)
    try clientSocket.connect(serverSocket.lastEndpoint)
    return (serverSocket, clientSocket)
}

/// Runs `body`, expects it to throw a `ZMQError` of `kind`, and returns that error.
/// (`body` is untyped because closures do not infer typed throws yet.)
@discardableResult
func expectError<T>(
    _ kind: ZMQError.Kind, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> T
) -> ZMQError? {
    let error = #expect(throws: ZMQError.self, sourceLocation: sourceLocation) { _ = try body() }
    #expect(error?.kind == kind, "got \(String(describing: error))", sourceLocation: sourceLocation)
    return error
}
