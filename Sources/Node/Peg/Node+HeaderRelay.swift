import Logging
import Peg
import Storage

extension Node {
    /// The main-chain client's per-request timeout on the relay thread: short, so a stop
    /// never waits long for a main chain that does not answer.
    static let relayTimeoutMs = 1_000
    /// Three attempts, 100 then 200 ms apart: a round gives up within about 3.3 s and the
    /// next round tries again.
    static let relayRetry = RetryPolicy.relay

    /// The header relay when `main_chain_rpc` is set, the genesis has a peg and the node is a
    /// validator; nil (logged when some but not all of these hold) otherwise. A client that
    /// cannot be set up is logged and the node runs without the relay: its blocks never
    /// depend on the main chain.
    static func makeHeaderRelay<Store: KeyValueStore>(
        _ configuration: NodeConfiguration, producer: BlockProducer<Store>, logger: Logger
    ) -> HeaderRelayLoop? {
        let endpoint = configuration.mainChainRPC
        guard let feed = producer.headerFeed, let peg = producer.state.peg else {
            if !endpoint.isEmpty { logger.warning("main_chain_rpc is set but the genesis has no peg: no header relay") }
            return nil
        }
        guard !endpoint.isEmpty else {
            logger.info("the genesis has a peg but main_chain_rpc is not set: no header relay")
            return nil
        }
        // A follower never builds a block, so headers it fetched would only wait.
        guard producer.validatorKey != nil else {
            logger.info("a follower builds no blocks: main_chain_rpc is not used")
            return nil
        }
        let client: DevnetMainChainClient
        do {
            client = try DevnetMainChainClient(
                endpoint: endpoint, suite: peg.headers.suite, timeoutMs: relayTimeoutMs, retry: relayRetry)
        } catch {
            logger.error(
                "main-chain client for \(endpoint) could not start: \(error.code) \(error.name): \(error.message); no header relay")
            return nil
        }
        logger.info("relaying main-chain headers from \(endpoint) every \(configuration.mainChainRelayIntervalMs) ms")
        return HeaderRelayLoop(
            relay: HeaderRelayBox(HeaderRelay(client: client, suite: peg.headers.suite)), feed: feed,
            intervalMs: UInt64(configuration.mainChainRelayIntervalMs), logger: logger)
    }
}

extension RetryPolicy {
    /// The relay thread's policy (see `Node.relayRetry`).
    static let relay: RetryPolicy = {
        do { return try RetryPolicy(attemptsMax: 3, initialDelayMs: 100, delayCapMs: 200) } catch {
            preconditionFailure("constant policy within bounds")
        }
    }()
}
