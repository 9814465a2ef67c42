import Foundation
import MainChain
import Primitives
import Synchronization
import ZeroMQ

/// A real ZeroMQ ROUTER on a test port answering main-chain RPC requests with the real
/// `MainChainResponse` encoding, from a `TestMainChain` — or misbehaving as a test tells it.
final class TestRouter: @unchecked Sendable {
    enum Behaviour: Sendable {
        /// Answer as a devnet node would.
        case answer
        /// Read requests and never answer.
        case silent
        /// Answer every request with these bytes.
        case garbage([UInt8])
        /// Answer with the right ID but the wrong kind of result.
        case wrongKind
        /// Refuse every request with this code.
        case refuse(code: UInt16, message: String)
    }

    let endpoint: String
    private let chain: TestMainChain
    private let context: ZMQContext
    private let control = Mutex<(behaviour: Behaviour, stop: Bool, requests: Int)>((.answer, false, 0))
    private let done = DispatchSemaphore(value: 0)

    init(port: Int, chain: TestMainChain, behaviour: Behaviour = .answer) throws {
        endpoint = "tcp://127.0.0.1:\(port)"
        self.chain = chain
        context = try ZMQContext()
        control.withLock { $0.behaviour = behaviour }
        let socket = try ZMQSocket(context, type: .router)
        try socket.setOption(.lingerMs, 0)
        try socket.bind(endpoint)
        let thread = Thread { [self] in
            serve(socket)
            socket.close()
            done.signal()
        }
        thread.start()
    }

    var requests: Int { control.withLock { $0.requests } }

    func set(_ behaviour: Behaviour) { control.withLock { $0.behaviour = behaviour } }

    /// Stops serving and closes the socket (the port is free once this returns).
    func stop() {
        control.withLock { $0.stop = true }
        done.wait()
    }

    private func serve(_ socket: ZMQSocket) {
        let limits = try! ZMQReceiveLimits(maxFrames: 4, maxTotalBytes: MainChainRequest.bytesMax + 1_024)
        var poller = ZMQPoller()
        _ = try? poller.register(socket, for: .readable)
        while !control.withLock({ $0.stop }) {
            _ = try? poller.poll(timeoutMs: 20)
            guard let message = try? socket.receive(limits: limits, .dontWait), message.frames.count == 2 else { continue }
            let behaviour = control.withLock {
                $0.requests += 1
                return $0.behaviour
            }
            let reply: [UInt8]
            switch (behaviour, MainChainRequest.decode(message.frames[1])) {
            case (.silent, _): continue
            case (.garbage(let bytes), _): reply = bytes
            case (_, .failure(let failure)):
                reply = MainChainResponse(requestID: failure.requestID, error: failure.error).canonicalBytes
            case (.answer, .success(let request)):
                reply = MainChainResponse(requestID: request.requestID, result: chain.answer(request)).canonicalBytes
            case (.wrongKind, .success(let request)):
                reply = MainChainResponse(requestID: request.requestID, result: .headers([])).canonicalBytes
            case (.refuse(let code, let text), .success(let request)):
                reply = MainChainResponse(requestID: request.requestID, result: .error(code: code, message: text)).canonicalBytes
            }
            _ = try? socket.send(ZMQMessage(frames: [message.frames[0], reply]))
        }
    }
}
