import Chain
import Dispatch
import Foundation
import Gateway
import Logging
import Storage
import Synchronization
import ZeroMQ

/// An order-entry server on its own thread, without a node: its pool work is answered at
/// once from the genesis state, which is all the requests these tests send need (status
/// queries and refusals carry no pool items). Stopped, with every wait bounded, on release.
final class StandaloneGateway {
    let server: OrderEntryServer
    /// The chain the gateway checks subscriptions against (keys of `GatewayNode.key`).
    let config: ChainConfig
    private let stopSignal = StopSignal()
    private let done = DispatchSemaphore(value: 0)
    private let stopped = Atomic(false)

    /// `context` lets a test reach an `inproc://` endpoint (no kernel buffers, so high-water
    /// marks bite exactly). With `answerAfterMs` the jobs are answered that much later on
    /// another thread, as the node's block thread answers them, instead of at once.
    /// `chain` (default: `GatewayNode.chainConfig()`) is the chain the gateway serves; `burns`
    /// and `headers` answer its peg requests.
    init(
        settings: OrderEntrySettings, context: ZMQContext? = nil, answerAfterMs: Int? = nil, coins: (any CoinSource)? = nil,
        chain: ChainConfig? = nil, burns: (any BurnSource)? = nil, headers: (any MainChainHeaderSink)? = nil
    ) throws {
        let config = try chain ?? GatewayNode.chainConfig()
        self.config = config
        let state = try ChainState.genesis(config)
        // Without a source of its own, the gateway reads the genesis coin index of a store in memory.
        let store = MemoryStore()
        _ = try ChainStore(store: store, suite: config.suite).open(config: config)
        server = try OrderEntryServer(
            settings: settings, config: config, context: context ?? ZMQContext(),
            submit: { job in
                guard job.items.isEmpty else { return false }
                if let answerAfterMs {
                    DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(answerAfterMs)) { job.finish([], state) }
                } else {
                    job.finish([], state)
                }
                return true
            },
            coins: coins ?? CoinReader(store: store, pending: nil), burns: burns, headers: headers, reports: ReportSink(config: config),
            nowMs: { 0 },
            logger: Logger(label: "standalone-gateway"))
        let (server, stop, done) = (server, stopSignal, done)
        Thread {
            try? server.run(until: { stop.isSet })
            done.signal()
        }.start()
    }

    deinit { stop() }

    /// Stops the server and waits (bounded) until its thread has closed the socket.
    func stop() {
        stopSignal.set()
        server.wakeUp()
        guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        _ = done.wait(timeout: .now() + .seconds(10))
    }

    var endpoint: String { server.endpoint }
}

/// A stop request shared with the server's thread.
final class StopSignal: Sendable {
    private let value = Atomic(false)

    var isSet: Bool { value.load(ordering: .acquiring) }

    func set() { value.store(true, ordering: .releasing) }
}
