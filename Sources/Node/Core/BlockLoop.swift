import Chain
import Consensus
import Gateway
import Ledger
import Logging
import Primitives
import Storage
import ZeroMQ

/// The block thread: it drives the consensus engine (which proposes, votes and commits
/// blocks through the block producer) and, between its deadlines, admits queued requests
/// (their signatures already verified by the signature stage) to the pool, replying once
/// each is journaled, and hands consensus messages from the network thread to the engine.
/// After each block, and after each admission round for the mempool counts, it publishes the
/// node's status on the status board, which the intake thread answers status queries from:
/// no client request makes this thread scan or sort.
///
/// A validator alone (no network) is a validator set of one: the engine proposes a block
/// every block interval and finalizes it with its own votes. A follower runs the engine
/// without a key: it syncs finalized blocks and forwards what its pool admits to validators.
struct BlockLoop<Store: KeyValueStore>: Sendable {
    /// Requests taken per round from each source, so a flood cannot delay a block by more
    /// than one round and neither door can starve the other: up to 1,024 gateway jobs and
    /// 32 raw intake requests (the raw intake is also held to its total rate). A gateway job
    /// thus waits behind at most one small raw batch (a bad signature is verified again here:
    /// the signature stage's cache keeps passing checks only).
    static func batchMax(_ source: IntakeItem.Source) -> Int {
        switch source {
        case .gateway: 1_024
        case .raw: 32
        }
    }
    /// Longest wait for requests before the clock is read again (a test's clock may jump).
    static var waitSliceMs: UInt64 { 50 }
    /// Consensus messages taken per peer per round, so every peer gets its turn.
    static var consensusPerPeerMax: Int { 64 }
    /// Least time between two publications of the consensus status (besides each commit).
    static var consensusStatusIntervalMs: UInt64 { 200 }

    /// The chain; the engine owns it once the loop runs.
    let producer: BlockProducer<Store>
    /// The node's store, which also holds the safety record.
    let store: Store
    let consensus: ConsensusPlan
    let queue: BoundedQueue<IntakeItem>
    /// The PUSH end of the reply pipe to the intake thread.
    let replies: ZMQSocket
    let clock: any NodeClock
    /// Where the node's status is published for the intake thread.
    let board: StatusBoard
    let logger: Logger

    init(
        producer: BlockProducer<Store>, store: Store, consensus: ConsensusPlan, queue: BoundedQueue<IntakeItem>, replies: ZMQSocket,
        board: StatusBoard, clock: any NodeClock, logger: Logger
    ) {
        self.producer = producer
        self.store = store
        self.consensus = consensus
        self.board = board
        self.queue = queue
        self.replies = replies
        self.clock = clock
        self.logger = logger
    }

    /// Runs consensus and the intake until `stop` is set or something fails; returns the
    /// height committed last.
    func run(until stop: StopFlag) throws(NodeError) -> UInt64 {
        let failures = FailureBox()
        let engine: NodeConsensusEngine<Store>
        do {
            engine = try ConsensusEngine(
                configuration: consensus.configuration, key: consensus.role == .validator ? consensus.key : nil,
                transport: NodeTransport(sender: consensus.network?.sender), clock: NodeConsensusClock(clock: clock),
                store: NodeSafetyStore(store: KeyValueSafetyStore(store: store), failure: failures), application: producer,
                peers: consensus.peers)
        } catch {
            // The safety record could not be read: the disk, reported as such.
            if case .storage(let storage) = error { throw .storage(storage) }
            throw .consensus(reason: error.description)
        }
        var state = LoopState(committed: producer.committedHeight, forwarder: Forwarder(plan: consensus))
        engine.start()
        while !stop.isSet {
            engine.tick()
            try check(engine, failures)
            if let inbox = consensus.network?.inbox {
                // Every forward of the round goes to the pool as one batch: one synced journal
                // write for all of them, not one per message (a follower forwards each of its
                // admission rounds; the write's fsync was most of a validator's block thread).
                var forwarded: [PoolItem] = []
                for (lane, message) in inbox.take(maxPerLane: Self.consensusPerPeerMax) {
                    guard let peer = consensus.network?.lanes[lane] else { continue }
                    if case .forward(let transactions, let cancels) = message {
                        // A forwarded transaction enters here: checked once, like the gateway's.
                        let config = producer.state.config
                        forwarded +=
                            transactions.map { .transaction(CheckedTransaction($0.transaction, encoding: $0.bytes, config: config)) }
                            + cancels.map(PoolItem.cancel)
                    } else if case .forwardMass(let cancelAlls, let switches) = message {
                        forwarded += cancelAlls.map(PoolItem.cancelAll) + switches.map(PoolItem.deadManSwitch)
                    } else if case .forwardHeaders(let headers) = message {
                        // Into the candidates' hand-off, as the gateway's own submissions (a
                        // follower builds no blocks: it drops them rather than forward them on).
                        if consensus.role == .validator { _ = engine.application.headerFeed?.hand(headers) }
                    } else {
                        engine.receive(message, from: peer)
                    }
                }
                admitForwarded(forwarded, engine: engine)
                try check(engine, failures)
            }
            publish(engine, &state)
            let nowMs = clock.nowMs()
            let deadlineMs = engine.nextDeadlineMs
            let pending = (consensus.network?.inbox.count ?? 0) > 0
            let waitMs = pending || deadlineMs <= nowMs ? 0 : min(deadlineMs - nowMs, Self.waitSliceMs)
            try handle(queue.take(max: Self.batchMax, waitMs: Int(waitMs)), engine: engine, state: &state)
            // A follower's gateway hands main-chain headers to its feed: on to the validators.
            if consensus.role == .follower, let feed = engine.application.headerFeed {
                state.forwarder.forwardHeaders(
                    feed.takeHandedOff(max: MainChainHeaderFeed.handoffMax), to: engine.application.validatorSet.keys)
            }
        }
        return engine.application.committedHeight
    }

    /// What the loop remembers between rounds.
    struct LoopState {
        /// The height last published on the board.
        var committed: UInt64
        var consensusPublishedMs: UInt64 = 0
        var forwarder: Forwarder
    }

    /// Stops the node on a failure the engine only counts (the disk under the chain or the
    /// safety record): as before consensus, a failing store stops the node.
    private func check(_ engine: NodeConsensusEngine<Store>, _ failures: FailureBox) throws(NodeError) {
        if let error = engine.application.failure ?? failures.error { throw error }
    }

    /// The whole status after a commit; the consensus part at most every status interval.
    private func publish(_ engine: NodeConsensusEngine<Store>, _ state: inout LoopState) {
        let nowMs = clock.nowMs()
        let committed = engine.application.committedHeight
        if committed != state.committed {
            state.committed = committed
            state.consensusPublishedMs = nowMs
            var status = engine.application.status
            status.consensus = consensusStatus(engine)
            board.publish(status)
            state.forwarder.blockCommitted(
                pool: engine.application.pool, height: committed, validators: engine.application.validatorSet.keys,
                suite: engine.application.suite)
        } else if nowMs >= state.consensusPublishedMs + Self.consensusStatusIntervalMs || nowMs < state.consensusPublishedMs {
            state.consensusPublishedMs = nowMs
            board.publish(consensus: consensusStatus(engine))
        }
    }

    private func consensusStatus(_ engine: NodeConsensusEngine<Store>) -> NodeStatus.Consensus {
        NodeStatus.Consensus(
            role: consensus.role, status: engine.status, counters: engine.counters, network: consensus.network)
    }

    /// Items a peer forwarded: admitted to the pool like gateway jobs (a follower does not
    /// take them: it forwards, it does not build blocks). Results are not answered: the
    /// follower already answered its client.
    private func admitForwarded(_ items: [PoolItem], engine: NodeConsensusEngine<Store>) {
        guard consensus.role == .validator, !items.isEmpty else { return }
        _ = engine.application.submit(items)
        board.publish(mempool: NodeStatus.Pool(engine.application.pool))
    }

    /// Admits what one round took, source by source (gateway first, so its answers never wait
    /// for the raw intake's batch), each source as one pool batch in arrival order (a group
    /// commit: one synced journal write covers it), then answers each request with its share
    /// of the results. A follower forwards what it admitted to the validators.
    func handle(_ items: [IntakeItem], engine: NodeConsensusEngine<Store>, state: inout LoopState) throws(NodeError) {
        for source in IntakeItem.Source.allCases {
            let admitted = try admit(items.filter { $0.source == source }, engine: engine)
            state.forwarder.forward(admitted, to: engine.application.validatorSet.keys)
        }
    }

    /// Admits `items` and answers them; returns the pool items admitted.
    private func admit(_ items: [IntakeItem], engine: NodeConsensusEngine<Store>) throws(NodeError) -> [PoolItem] {
        guard !items.isEmpty else { return [] }
        let producer = engine.application
        let poolItems = items.flatMap(\.poolItems)
        let results = producer.submit(poolItems)
        var next = results.startIndex
        for item in items {
            let count = item.poolItems.count
            try answer(item, with: results[next..<next + count], state: producer.state)
            next += count
        }
        assert(next == results.endIndex, "every result goes to its request")
        board.publish(mempool: NodeStatus.Pool(producer.pool))
        return zip(poolItems, results).compactMap { item, result in (try? result.get()) == nil ? nil : item }
    }

    private func answer(_ item: IntakeItem, with results: ArraySlice<Result<Hash256, ChainError>>, state: ChainState) throws(NodeError) {
        switch item {
        case .raw(let identity, _):
            switch results.first {
            case .success(let id)?: try reply(to: identity, with: .accepted(id))
            case .failure(let error)?: try reply(to: identity, with: .rejected(IntakeRejection(error)))
            case nil: preconditionFailure("a transaction or cancel request has one result")
            }
        case .gateway(let job):
            job.finish(results.map { $0.mapError { Rejection($0) } }, state)
        }
    }

    private func reply(to identity: [UInt8], with reply: IntakeReply) throws(NodeError) {
        do {
            let message = try ZMQMessage(frames: [identity] + reply.frames)
            if try replies.send(message, .dontWait) == .wouldBlock {
                // The pipe holds more replies than the queue holds requests, so this means the
                // intake thread is gone; the client retries and finds its request pooled.
                logger.warning("reply pipe full; dropped a reply")
            }
        } catch {
            throw .intake(error)
        }
    }
}
