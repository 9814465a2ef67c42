import Consensus
import Crypto
import Logging
import ZeroMQ

/// One node's consensus network over ZeroMQ (docs/OPERATIONS.md, consensus).
///
/// The node binds a ROUTER at its consensus endpoint as a CURVE server; the context's ZAP
/// handler (`ZMQAuthenticator`, the one choke point) admits only the CURVE keys of the
/// genesis validators and of node.json's peers, and tags each connection with the signing
/// key it stands for. The receiving side reads that tag (ZAP User-Id), never a sender the
/// message names. The node connects one DEALER per peer, a CURVE client that trusts that
/// peer's key; the block thread sends on them (`ConsensusSender`).
///
/// The network thread reads the ROUTER in rounds: each peer has a budget per round (a flood
/// cannot starve the others), each message is decoded there and put in that peer's lane of
/// the inbox; malformed, over-budget and inbox-full messages are counted per peer and dropped.
final class ConsensusNetwork: Sendable {
    /// The ZAP domain of the consensus ROUTER.
    static let zapDomain = "lodestone-consensus"
    /// Messages queued for one peer before sends to it are dropped (ZMQ_SNDHWM).
    static let sendHighWaterMark = 1_024
    /// Messages libzmq holds per incoming connection before it stops reading it (ZMQ_RCVHWM).
    static let receiveHighWaterMark = 1_024
    /// Messages one peer may have handed to consensus per receive round.
    static let receivePerPeerPerRound = 64
    /// Messages read per round from all peers before the thread polls (and answers ZAP) again.
    static let receiveRoundMax = 1_024
    /// Messages and bytes waiting per peer for the block thread.
    static let inboxPerPeerMax = 1_024
    /// Longest wait for traffic before the stop flag is checked again.
    static let pollTimeoutMs = 50
    /// A message is the ROUTER's routing ID and one body frame of at most
    /// `ConsensusMessage.encodedBytesMax` (larger frames make libzmq drop the connection).
    static let receiveLimits: ZMQReceiveLimits = {
        guard let limits = try? ZMQReceiveLimits(maxFrames: 2, maxTotalBytes: ConsensusMessage.encodedBytesMax + ZMQLimits.maxShortBytes)
        else { preconditionFailure("constant limits are valid") }
        return limits
    }()

    /// Where the ROUTER listens, with a wildcard port resolved.
    let endpoint: String
    /// The signing key of each inbox lane: the peers in node.json order, then genesis
    /// validators that are not peers (they may connect; this node cannot reach them).
    let lanes: [PublicKey]
    let counters: ConsensusNetworkCounters
    let inbox: ConsensusInbox
    /// The sending side, for the block thread.
    let sender: ConsensusSender
    private let context: ZMQContext
    private let router: ZMQSocket
    private let authenticator: ZMQAuthenticator
    private let laneByUserID: [String: Int]
    private let logger: Logger

    /// Binds the ZAP handler and the ROUTER and connects a DEALER to every peer. `wake` is
    /// called when a message is queued for the block thread.
    init(settings: ConsensusSettings, wake: @escaping @Sendable () -> Void, logger: Logger) throws(NodeError) {
        guard let bind = settings.endpoint, let curve = settings.curve else {
            throw .consensus(reason: "a consensus network needs an endpoint and a CURVE key")
        }
        var lanes = settings.peers.map(\.key)
        let others = Set(settings.admitted.values).subtracting(lanes).sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }
        lanes += others
        self.lanes = lanes
        laneByUserID = Dictionary(uniqueKeysWithValues: lanes.enumerated().map { ($1.description, $0) })
        let counters = ConsensusNetworkCounters(peers: lanes.count)
        self.counters = counters
        inbox = ConsensusInbox(lanes: lanes.count, perPeerMax: Self.inboxPerPeerMax, wake: wake)
        self.logger = logger
        do {
            context = try ZMQContext()
            // Before the ROUTER binds: a context without a handler admits every client.
            authenticator = try ZMQAuthenticator(context: context, allowed: settings.admitted.mapValues(\.description))
            router = try ZMQSocket(context, type: .router)
            try router.setOption(.lingerMs, 0)
            try router.setOption(.receiveHighWaterMark, Self.receiveHighWaterMark)
            try router.setOption(.maxMessageBytes, ConsensusMessage.encodedBytesMax)
            try router.setOption(.curveServer, true)
            try router.setOption(.curveSecretKey, curve.secretKey)
            try router.setOption(.zapDomain, Self.zapDomain)
            try router.bind(bind)
            endpoint = try router.lastEndpoint
            sender = try ConsensusSender(context: context, curve: curve, peers: settings.peers, lanes: lanes, counters: counters)
        } catch {
            throw .consensus(reason: "network on \(bind): \(error.description)")
        }
    }

    /// Answers ZAP and reads the ROUTER until `stop` is set, then closes both.
    func run(until stop: StopFlag) throws(ZMQError) {
        defer {
            router.close()
            authenticator.close()
        }
        var poller = ZMQPoller()
        _ = try poller.register(router, for: .readable)
        _ = try poller.register(authenticator.socket, for: .readable)
        while !stop.isSet {
            let ready = try poller.poll(timeoutMs: Self.pollTimeoutMs)
            if ready[1].contains(.readable) { try authenticator.answerAll() }
            if ready[0].contains(.readable) { try receiveRound() }
        }
    }

    /// Reads what is waiting, up to `receiveRoundMax`, each peer up to its budget.
    private func receiveRound() throws(ZMQError) {
        var taken = [Int](repeating: 0, count: lanes.count)
        for _ in 0..<Self.receiveRoundMax {
            let received: (message: ZMQMessage, userID: String?)?
            do { received = try router.receiveAuthenticated(limits: Self.receiveLimits, .dontWait) } catch
                where error.kind == .messageTooLarge || error.kind == .tooManyFrames
            {
                // Refused before its connection's tag was read: not attributable to a peer.
                counters.countUnattributed()
                continue
            }
            guard let (message, userID) = received else { return }
            guard let lane = userID.flatMap({ laneByUserID[$0] }) else {
                counters.countUnattributed()
                continue
            }
            taken[lane] += 1
            guard taken[lane] <= Self.receivePerPeerPerRound else {
                counters.count(lane, \.overBudget)
                continue
            }
            guard message.frames.count == 2, let decoded = try? ConsensusMessage.decode(message.frames[1]) else {
                counters.count(lane, \.malformed)
                continue
            }
            counters.count(lane, inbox.offer(decoded, lane: lane) ? \.received : \.inboxFull)
        }
    }

    /// Closes every socket; for a network whose thread never ran (a failed start).
    func close() {
        sender.close()
        router.close()
        authenticator.close()
    }

    /// Handshakes the ZAP handler admitted and refused.
    var handshakes: (admitted: Int, refused: Int) { (authenticator.admitted, authenticator.refused) }
}

/// The consensus network's sending side: one DEALER per peer, a CURVE client of that peer's
/// ROUTER. The engine's transport; used by the block thread only (the sockets are not
/// thread-safe). Sending never blocks: a peer whose queue is full (down, slow) loses the
/// message, counted, and consensus retransmits what matters.
final class ConsensusSender: ConsensusTransport, @unchecked Sendable {
    private let dealers: [PublicKey: (socket: ZMQSocket, lane: Int)]
    private let counters: ConsensusNetworkCounters
    /// The peers reached, in node.json order.
    let peers: [PublicKey]

    init(
        context: ZMQContext, curve: ZMQCurveKeyPair, peers: [ConsensusPeer], lanes: [PublicKey], counters: ConsensusNetworkCounters
    ) throws(ZMQError) {
        var dealers: [PublicKey: (socket: ZMQSocket, lane: Int)] = [:]
        for peer in peers {
            guard let lane = lanes.firstIndex(of: peer.key) else { continue }
            let socket = try ZMQSocket(context, type: .dealer)
            try socket.setOption(.lingerMs, 0)
            try socket.setOption(.sendHighWaterMark, ConsensusNetwork.sendHighWaterMark)
            // Queue only to a connected peer: a message for a peer that is down is stale by
            // the time it comes back, and status retransmission covers the gap.
            try socket.setOption(.immediate, true)
            try socket.setOption(.curveServerKey, peer.curveKey)
            try socket.setOption(.curvePublicKey, curve.publicKey)
            try socket.setOption(.curveSecretKey, curve.secretKey)
            try socket.connect(peer.endpoint)
            dealers[peer.key] = (socket, lane)
        }
        self.dealers = dealers
        self.counters = counters
        self.peers = peers.map(\.key)
    }

    /// Queues `message` for `peer`; a peer without an endpoint or with a full queue loses it.
    func send(_ message: ConsensusMessage, to peer: PublicKey) {
        guard let dealer = dealers[peer] else { return }
        let outcome = try? dealer.socket.send(message.canonicalBytes, .dontWait)
        counters.count(dealer.lane, outcome == .sent ? \.sent : \.sendDropped)
    }

    /// Closes every DEALER.
    func close() {
        for dealer in dealers.values { dealer.socket.close() }
    }
}
