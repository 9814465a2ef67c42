import Chain
import Foundation
import Gateway
import Ledger

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

    /// What the node's queue holds and what its gateway and feeds refused, dropped or
    /// sent: overload is never silent.
    public struct Traffic: Codable, Sendable, Equatable {
        /// Requests waiting for the block thread.
        public var queued: Int
        /// Nil without an order-entry gateway.
        public var gateway: GatewayCounters.Values?
        public var feeds: FeedCounters
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
        case mempool, books, traffic
    }

    /// The status of `state`, with the pool's counts when there is a running pool.
    ///
    /// The books are read from the resting orders in the UTXO set, one pass over it: a
    /// status query is an operator's command, not a market-data feed.
    public init(state: ChainState, pool: (any TransactionPool)?) {
        chainName = state.config.genesis.chainName
        chainID = state.config.chainID.description
        height = state.height
        tipHash = state.tipHash.description
        tipTimestampMs = state.tip?.timestampMs
        mempool = pool.map { Pool(transactions: $0.transactionCount, cancels: $0.cancelCount, bytes: $0.byteCount) }
        books = Self.books(state)
    }

    private static func books(_ state: ChainState) -> [Book] {
        var books = state.config.markets.map { Book(symbol: $0.symbol, bids: 0, asks: 0) }
        for (_, entry) in state.utxos.sortedEntries() where entry.order != nil {
            guard let contract = entry.output.program.magneticOrder,
                  let terms = try? state.exchange.terms(of: entry.output, order: contract, remainder: true) else { continue }
            books[terms.market].add(isBid: terms.side == .buy, price: terms.price)
        }
        return books
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

extension NodeStatus.Book {
    init(symbol: String, bids: Int, asks: Int) {
        self.init(symbol: symbol, bids: bids, asks: asks, bestBid: nil, bestAsk: nil)
    }

    mutating func add(isBid: Bool, price: UInt64) {
        if isBid {
            bids += 1
            bestBid = max(bestBid ?? 0, price)
        } else {
            asks += 1
            bestAsk = min(bestAsk ?? .max, price)
        }
    }
}
