import Chain
import Foundation
import Gateway
import Ledger
import ZeroMQ

/// node.json: where a node finds its genesis, key and data, where it listens, and its limits.
/// Every key may be left out for its default; relative paths are relative to the folder that
/// holds node.json.
public struct NodeConfiguration: Codable, Sendable, Equatable {
    public static let fileName = "node.json"

    /// Bounds every limit must lie in; values outside are refused, never clipped.
    public static let intakeQueueCapacityAllowed = 1...1_000_000
    public static let intakeMaxMessageBytesAllowed = 1_024...(Transaction.maxEncodedBytes + 1_024)
    public static let blockMaxTransactionsAllowed = 1...Block.maxTransactions
    public static let blockMaxCancelsAllowed = 0...Block.maxCancels
    // The mempool's own ceilings (MempoolLimits).
    public static let mempoolMaxTransactionsAllowed = 1...(1 << 20)
    public static let mempoolMaxBytesAllowed = (1 << 20)...(512 << 20)
    public static let mempoolMaxCancelsAllowed = 1...(1 << 20)
    public static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
    /// What a node is in the consensus network: a validator votes (when its key is in the
    /// validator set); a follower never votes, syncs finalized blocks and forwards orders.
    public static let roles = ["validator", "follower"]
    /// Most `consensus_peers`: every validator of the largest set and some followers.
    public static let consensusPeersMax = 256

    public var genesisFile = "genesis.json"
    public var dataDir = "data"
    public var validatorKeyFile = "keys/validator.key"
    /// The ZeroMQ endpoint of the raw intake; use 127.0.0.1 unless the port is firewalled.
    public var intakeEndpoint = "tcp://127.0.0.1:7401"
    /// Requests decoded but not yet handled by the block thread; more are refused (intake_busy).
    public var intakeQueueCapacity = 4_096
    /// Largest frame a client may send; a larger one disconnects it (ZMQ_MAXMSGSIZE).
    public var intakeMaxMessageBytes = 1 << 20
    /// Requests per second each raw intake client (ROUTER identity) may send on average.
    public var intakeRatePerSecond: UInt64 = 1_000
    /// Requests a raw intake client may send at once.
    public var intakeBurst: UInt64 = 2_000
    /// Transactions and cancels per second the raw intake takes from all its clients together
    /// (one second's worth at once), since one client can open many connections.
    public var intakeTotalRatePerSecond: UInt64 = 500
    public var blockMaxTransactions = 5_000
    public var blockMaxCancels = 5_000
    public var mempoolMaxTransactions = 50_000
    public var mempoolMaxBytes = 64 << 20
    public var mempoolMaxCancels = 50_000
    /// swift-log level name.
    public var logLevel = "info"
    /// The market-data PUB socket (docs/PROTOCOL.md §8.4).
    public var feedEndpoint = "tcp://127.0.0.1:7421"
    /// The snapshot ROUTER socket.
    public var snapshotEndpoint = "tcp://127.0.0.1:7422"
    /// A quiet feed topic gets a heartbeat this often.
    public var feedHeartbeatMs = 1_000
    /// Feed messages queued per subscriber before ZeroMQ drops (the subscriber sees a gap).
    public var feedSendHWM = 100_000
    /// Snapshot parts queued per snapshot client; an answer that does not fit cuts it off a while.
    public var snapshotSendHWM = FeedConfiguration.defaultSnapshotSendHighWaterMark
    /// The order-entry gateway's ROUTER (docs/PROTOCOL.md §8); empty runs no gateway.
    public var gatewayEndpoint = "tcp://127.0.0.1:7411"
    /// Requests per second each gateway client may send on average.
    public var gatewayRatePerSecond: UInt64 = 1_000
    /// Requests a gateway client may send at once.
    public var gatewayBurst: UInt64 = 2_000
    /// Gateway clients remembered at once (the least recently seen unsubscribed one goes first).
    public var gatewayMaxConnections = OrderEntrySettings().maxConnections
    /// Gateway connections subscribed to execution reports at once (below the above).
    public var gatewayMaxSubscribedConnections = OrderEntrySettings().maxSubscribedConnections
    /// Client connections open at once on each public socket (intake, gateway, feed, snapshot):
    /// each has a ZMTP guard in front that bounds whole messages and closes one more at once.
    public var publicConnectionsMax = ZMTPGuardLimits.defaultConnectionsMax
    /// CurveZMQ for the gateway: a file with the server's Z85 public key on line 1 and secret
    /// key on line 2; empty serves plain TCP.
    public var gatewayCurveKeyFile = ""
    /// With CurveZMQ: the client public keys served, one Z85 key per line.
    public var gatewayCurveClientsFile = ""
    /// `validator` or `follower` (docs/OPERATIONS.md, consensus).
    public var role = "validator"
    /// The consensus ROUTER (CURVE server) other nodes' DEALERs connect to; empty runs no
    /// consensus network (a single validator that finalizes alone).
    public var consensusEndpoint = ""
    /// The nodes this one talks to: each one's signing key, CURVE key and endpoint. Only
    /// these and the genesis validators' CURVE keys may connect.
    public var consensusPeers: [ConsensusPeerEntry] = []
    /// The node's CURVE secret key, Z85 on one line (its public key is derived from it).
    public var curveKeyFile = "curve.key"
    /// The main chain's RPC (`lodestone-mainchain`'s ROUTER); when set and the genesis has a
    /// peg, the `lodestone-headers` thread relays its headers into blocks. Empty: no relay.
    public var mainChainRPC = ""
    /// Pause between two header relay rounds.
    public var mainChainRelayIntervalMs = 500

    enum CodingKeys: String, CodingKey, CaseIterable {
        case genesisFile = "genesis_file"
        case dataDir = "data_dir"
        case validatorKeyFile = "validator_key_file"
        case intakeEndpoint = "intake_endpoint"
        case intakeQueueCapacity = "intake_queue_capacity"
        case intakeMaxMessageBytes = "intake_max_message_bytes"
        case intakeRatePerSecond = "intake_rate_per_second"
        case intakeBurst = "intake_burst"
        case intakeTotalRatePerSecond = "intake_total_rate_per_second"
        case blockMaxTransactions = "block_max_transactions"
        case blockMaxCancels = "block_max_cancels"
        case mempoolMaxTransactions = "mempool_max_transactions"
        case mempoolMaxBytes = "mempool_max_bytes"
        case mempoolMaxCancels = "mempool_max_cancels"
        case logLevel = "log_level"
        case feedEndpoint = "feed_endpoint"
        case snapshotEndpoint = "snapshot_endpoint"
        case feedHeartbeatMs = "feed_heartbeat_ms"
        case feedSendHWM = "feed_send_hwm"
        case snapshotSendHWM = "snapshot_send_hwm"
        case gatewayEndpoint = "gateway_endpoint"
        case gatewayRatePerSecond = "gateway_rate_per_second"
        case gatewayBurst = "gateway_burst"
        case gatewayMaxConnections = "gateway_max_connections"
        case gatewayMaxSubscribedConnections = "gateway_max_subscribed_connections"
        case publicConnectionsMax = "public_connections_max"
        case gatewayCurveKeyFile = "gateway_curve_key_file"
        case gatewayCurveClientsFile = "gateway_curve_clients_file"
        case role
        case consensusEndpoint = "consensus_endpoint"
        case consensusPeers = "consensus_peers"
        case curveKeyFile = "curve_key_file"
        case mainChainRPC = "main_chain_rpc"
        case mainChainRelayIntervalMs = "main_chain_relay_interval_ms"
    }

    /// Every value at its default.
    public init() {}

    /// Missing keys keep their defaults.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func read<Value: Decodable>(_ key: CodingKeys, _ value: inout Value) throws {
            value = try container.field(key, default: value)
        }
        try read(.genesisFile, &genesisFile)
        try read(.dataDir, &dataDir)
        try read(.validatorKeyFile, &validatorKeyFile)
        try read(.intakeEndpoint, &intakeEndpoint)
        try read(.intakeQueueCapacity, &intakeQueueCapacity)
        try read(.intakeMaxMessageBytes, &intakeMaxMessageBytes)
        try read(.intakeRatePerSecond, &intakeRatePerSecond)
        try read(.intakeBurst, &intakeBurst)
        try read(.intakeTotalRatePerSecond, &intakeTotalRatePerSecond)
        try read(.blockMaxTransactions, &blockMaxTransactions)
        try read(.blockMaxCancels, &blockMaxCancels)
        try read(.mempoolMaxTransactions, &mempoolMaxTransactions)
        try read(.mempoolMaxBytes, &mempoolMaxBytes)
        try read(.mempoolMaxCancels, &mempoolMaxCancels)
        try read(.logLevel, &logLevel)
        try read(.feedEndpoint, &feedEndpoint)
        try read(.snapshotEndpoint, &snapshotEndpoint)
        try read(.feedHeartbeatMs, &feedHeartbeatMs)
        try read(.feedSendHWM, &feedSendHWM)
        try read(.snapshotSendHWM, &snapshotSendHWM)
        try read(.gatewayEndpoint, &gatewayEndpoint)
        try read(.gatewayRatePerSecond, &gatewayRatePerSecond)
        try read(.gatewayBurst, &gatewayBurst)
        try read(.gatewayMaxConnections, &gatewayMaxConnections)
        try read(.gatewayMaxSubscribedConnections, &gatewayMaxSubscribedConnections)
        try read(.publicConnectionsMax, &publicConnectionsMax)
        try read(.gatewayCurveKeyFile, &gatewayCurveKeyFile)
        try read(.gatewayCurveClientsFile, &gatewayCurveClientsFile)
        try read(.role, &role)
        try read(.consensusEndpoint, &consensusEndpoint)
        try read(.consensusPeers, &consensusPeers)
        try read(.curveKeyFile, &curveKeyFile)
        try read(.mainChainRPC, &mainChainRPC)
        try read(.mainChainRelayIntervalMs, &mainChainRelayIntervalMs)
    }

    /// The gateway endpoint a devnet gets beside its intake: ten ports above it (7401 →
    /// 7411), and a wildcard port stays a wildcard.
    public static func gatewayEndpoint(besideIntake intake: String) -> String {
        guard let colon = intake.lastIndex(of: ":") else { return intake }
        let port = intake[intake.index(after: colon)...]
        guard let number = UInt16(port), number <= UInt16.max - 10 else { return String(intake[..<colon]) + ":*" }
        return String(intake[..<colon]) + ":\(number + 10)"
    }

    /// Reads and checks node.json at `path`.
    public static func load(path: String) throws(NodeError) -> NodeConfiguration {
        let configuration = try JSONConfig.decode(NodeConfiguration.self, path: path)
        try configuration.check(path: path)
        return configuration
    }

    /// Writes the file; an existing one is replaced only with `replace`.
    public func write(to path: String, replace: Bool = false) throws(NodeError) {
        try NodeFiles.write(JSONConfig.encode(self), to: path, replace: replace)
    }

    /// Throws naming the first field outside its bounds.
    public func check(path: String) throws(NodeError) {
        let check = FieldCheck(path: path)
        for (key, value) in [(CodingKeys.genesisFile, genesisFile), (.dataDir, dataDir), (.validatorKeyFile, validatorKeyFile)] {
            try check.that(!value.isEmpty && !value.utf8.contains(0), key.rawValue, "must be a path")
        }
        for (key, endpoint) in [
            (CodingKeys.intakeEndpoint, intakeEndpoint), (.feedEndpoint, feedEndpoint), (.snapshotEndpoint, snapshotEndpoint),
        ] {
            try check.endpoint(endpoint, field: key.rawValue)
        }
        // Empty runs no gateway.
        if !gatewayEndpoint.isEmpty { try check.endpoint(gatewayEndpoint, field: CodingKeys.gatewayEndpoint.rawValue) }
        try check.that(
            TokenBucket.rateAllowed.contains(gatewayRatePerSecond), CodingKeys.gatewayRatePerSecond.rawValue,
            "\(gatewayRatePerSecond) is outside \(TokenBucket.rateAllowed)")
        try check.that(
            TokenBucket.burstAllowed.contains(gatewayBurst), CodingKeys.gatewayBurst.rawValue,
            "\(gatewayBurst) is outside \(TokenBucket.burstAllowed)")
        for (key, value, allowed) in [
            (CodingKeys.intakeRatePerSecond, intakeRatePerSecond, TokenBucket.rateAllowed),
            (.intakeBurst, intakeBurst, TokenBucket.burstAllowed),
            // The total bucket's burst is its rate, so the rate must also be a valid burst.
            (.intakeTotalRatePerSecond, intakeTotalRatePerSecond, TokenBucket.rateAllowed.clamped(to: TokenBucket.burstAllowed)),
        ] {
            try check.that(allowed.contains(value), key.rawValue, "\(value) is outside \(allowed)")
        }
        try check.that(
            gatewayCurveKeyFile.isEmpty == gatewayCurveClientsFile.isEmpty, CodingKeys.gatewayCurveClientsFile.rawValue,
            "set both gateway_curve_key_file and gateway_curve_clients_file, or neither")
        let ranges: [(CodingKeys, Int, ClosedRange<Int>)] = [
            (.intakeQueueCapacity, intakeQueueCapacity, Self.intakeQueueCapacityAllowed),
            (.intakeMaxMessageBytes, intakeMaxMessageBytes, Self.intakeMaxMessageBytesAllowed),
            (.blockMaxTransactions, blockMaxTransactions, Self.blockMaxTransactionsAllowed),
            (.blockMaxCancels, blockMaxCancels, Self.blockMaxCancelsAllowed),
            (.mempoolMaxTransactions, mempoolMaxTransactions, Self.mempoolMaxTransactionsAllowed),
            (.mempoolMaxBytes, mempoolMaxBytes, Self.mempoolMaxBytesAllowed),
            (.mempoolMaxCancels, mempoolMaxCancels, Self.mempoolMaxCancelsAllowed),
            (.feedHeartbeatMs, feedHeartbeatMs, FeedConfiguration.heartbeatMsAllowed),
            (.feedSendHWM, feedSendHWM, FeedConfiguration.sendHighWaterMarkAllowed),
            (.snapshotSendHWM, snapshotSendHWM, FeedConfiguration.snapshotSendHighWaterMarkAllowed),
            (.gatewayMaxConnections, gatewayMaxConnections, OrderEntrySettings.connectionsAllowed),
            (.gatewayMaxSubscribedConnections, gatewayMaxSubscribedConnections, OrderEntrySettings.subscribedConnectionsAllowed),
            (.publicConnectionsMax, publicConnectionsMax, ZMTPGuardLimits.connectionsRange),
        ]
        for (key, value, allowed) in ranges {
            try check.that(allowed.contains(value), key.rawValue, "\(value) is outside \(allowed.lowerBound)...\(allowed.upperBound)")
        }
        try check.that(
            Self.logLevels.contains(logLevel), CodingKeys.logLevel.rawValue, "must be one of \(Self.logLevels.joined(separator: ", "))")
        try checkConsensus(check)
    }

    private func checkConsensus(_ check: FieldCheck) throws(NodeError) {
        try check.that(Self.roles.contains(role), CodingKeys.role.rawValue, "must be one of \(Self.roles.joined(separator: ", "))")
        if !consensusEndpoint.isEmpty { try check.endpoint(consensusEndpoint, field: CodingKeys.consensusEndpoint.rawValue) }
        if !mainChainRPC.isEmpty { try check.endpoint(mainChainRPC, field: CodingKeys.mainChainRPC.rawValue) }
        try check.that((10...60_000).contains(mainChainRelayIntervalMs), CodingKeys.mainChainRelayIntervalMs.rawValue, "must be 10...60000")
        try check.that(
            role == "validator" || !consensusEndpoint.isEmpty, CodingKeys.consensusEndpoint.rawValue,
            "a follower needs a consensus endpoint and peers to sync from")
        try check.that(!curveKeyFile.isEmpty && !curveKeyFile.utf8.contains(0), CodingKeys.curveKeyFile.rawValue, "must be a path")
        let field = CodingKeys.consensusPeers.rawValue
        try check.that(
            consensusPeers.count <= Self.consensusPeersMax, field,
            "\(consensusPeers.count) peers is more than \(Self.consensusPeersMax)")
        var seen = Set<String>()
        for (index, peer) in consensusPeers.enumerated() {
            try peer.check(check, field: "\(field)[\(index)]")
            try check.that(seen.insert(peer.publicKey.lowercased()).inserted, "\(field)[\(index)].public_key", "is listed twice")
        }
    }
}
