import Chain
import Foundation
import Gateway
import Ledger
import Pool
import ZeroMQ

/// A node's state at a glance: the status intake reply (JSON) and `lodestone status`.
public struct NodeStatus: Codable, Sendable, Equatable {
    public var chainName: String
    public var chainID: String
    public var height: UInt64
    public var tipHash: String
    /// Nil at genesis.
    public var tipTimestampMs: UInt64?
    /// Nil when read from the data folder of a stopped node.
    public var mempool: Pool?
    public var books: [Book]
    /// The running node's queues and counters; nil when read from a stopped node's folder.
    public var traffic: Traffic?
    /// The running node's consensus position, peers and counters; nil when read from a
    /// stopped node's folder.
    public var consensus: Consensus?
    /// The validator candidates in the election's order, at most `candidatesMax` (`lodestone candidates`).
    public var candidates: [Candidate]?
    /// The peg's view; nil when the genesis has no peg.
    public var peg: Peg?

    /// What the node's queues hold and what its raw intake, gateway and feeds refused,
    /// dropped or sent: overload is never silent.
    public struct Traffic: Codable, Sendable, Equatable {
        /// Requests waiting for the signature stage or the block thread.
        public var queued: Int
        /// Nil without an order-entry gateway.
        public var gateway: GatewayCounts?
        public var feeds: FeedCounters
        /// The raw intake's refusals and status answers.
        public var intake: IntakeCounts
        /// Each public socket's ZMTP guard (`intake`, `gateway`, `feed`, `snapshot`): the
        /// connections it refused and the clients it cut off for breaking a message limit.
        public var guards: [String: ZMTPGuardCounters]?
    }

    /// What the mempool holds.
    public struct Pool: Codable, Sendable, Equatable {
        public var transactions: Int
        public var cancels: Int
        public var bytes: Int
    }

    /// One market's book: resting orders per side and the best prices (quote minor units
    /// per whole base unit).
    public struct Book: Codable, Sendable, Equatable {
        public var symbol: String
        public var bids: Int
        public var asks: Int
        public var bestBid: UInt64?
        public var bestAsk: UInt64?

        enum CodingKeys: String, CodingKey {
            case symbol, bids, asks
            case bestBid = "best_bid"
            case bestAsk = "best_ask"
        }
    }

    enum CodingKeys: String, CodingKey {
        case chainName = "chain_name"
        case chainID = "chain_id"
        case height
        case tipHash = "tip_hash"
        case tipTimestampMs = "tip_timestamp_ms"
        case mempool, books, traffic, consensus, candidates, peg
    }

    /// The status of `state`, with the pool's counts when there is a running pool.
    ///
    /// The books are read from the exchange's books, which are already in memory per market:
    /// O(markets × price levels), never a pass over the UTXO set.
    public init(state: ChainState, pool: Mempool?) {
        chainName = state.config.genesis.chainName
        chainID = state.config.chainID.description
        height = state.height
        tipHash = state.tipHash.description
        tipTimestampMs = state.tip?.timestampMs
        mempool = pool.map(Pool.init)
        books = state.config.markets.map { market in
            let summary = state.exchange.bookSummary(market: market.index)
            return Book(symbol: market.symbol, bids: summary.bids, asks: summary.asks, bestBid: summary.bestBid, bestAsk: summary.bestAsk)
        }
        candidates = Self.candidates(of: state)
        peg = state.peg.map { Peg($0, config: state.config) }
    }

    /// The JSON of the status reply.
    public var json: [UInt8] { [UInt8](JSONConfig.encode(self)) }

    /// Reads a status reply.
    public static func decode(json: [UInt8]) throws(NodeError) -> NodeStatus {
        do { return try JSONDecoder().decode(NodeStatus.self, from: Data(json)) } catch {
            throw .intakeBadReply(reason: "status is not a status JSON: \(error.localizedDescription)")
        }
    }
}

extension NodeStatus.Pool {
    /// The pool's counts now.
    init(_ pool: Mempool) {
        self.init(transactions: pool.transactionCount, cancels: pool.cancelCount, bytes: pool.byteCount)
    }
}
