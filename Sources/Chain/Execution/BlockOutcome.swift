import Crypto
import Ledger
import Matching
import Primitives

/// One trade, as the chain reports it (and the `trades.<MARKET>` feed publishes it): raw
/// prices and sizes, order IDs on chain.
public struct Trade: Sendable, Hashable {
    public let market: Int
    public let maker: Hash256
    public let taker: Hash256
    public let takerSide: Side
    /// Quote minor units per whole base unit: the maker's price.
    public let price: UInt64
    /// Base minor units.
    public let size: UInt64

    public init(market: Int, maker: Hash256, taker: Hash256, takerSide: Side, price: UInt64, size: UInt64) {
        self.market = market
        self.maker = maker
        self.taker = taker
        self.takerSide = takerSide
        self.price = price
        self.size = size
    }
}

/// An item a block builder left out, and why.
public struct RejectedItem: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case transaction, cancel, cancelAll, deadManSwitch, mainChainHeader }
    public let kind: Kind
    /// Index in the list the builder was given.
    public let index: Int
    public let error: ChainError
}

/// Everything executing a block produced. Committing it (`ChainState.commit`) makes it the
/// node's state; nothing is changed before that.
public struct BlockOutcome: Sendable {
    public let height: UInt64
    public let timestampMs: UInt64
    /// The transactions and cancels the block holds (in build mode, those that passed),
    /// the transactions in the checked form they came in (IDs, leaves, output IDs).
    public let transactions: [CheckedTransaction]
    public let cancels: [CancelRequest]
    public let cancelAlls: [CancelAllRequest]
    public let deadManSwitches: [DeadManSwitch]
    /// The main-chain headers the block holds (in build mode, those the header tree accepted).
    public let mainChainHeaders: [MainChainHeader]
    /// The peg's state after the block (nil without a peg), and what the block changed in it.
    public let peg: PegState?
    public let pegWork: PegWork
    /// The armed dead-man switches after the block, and their root (nil when none is armed).
    public let deadMen: DeadManTable
    public let deadManRoot: Hash256?
    /// The table slots this block armed, moved (new trigger) or emptied (nil), sorted: what the store writes.
    public let deadManChanges: [(scope: DeadManTable.Scope, trigger: UInt64?)]
    /// The orders a cancel-all or a fired dead-man switch returned, and which (for reports).
    public let massCancelled: [Hash256: MassCancelReason]
    public let rejected: [RejectedItem]
    /// One settlement per market that had fills, returns or cancels, in market order.
    public let settlements: [Transaction]
    /// IDs of `transactions` then `settlements`, in that order (hashed once, here).
    public let transactionIDs: [Hash256]
    /// Per order a settlement spent: its settlement, payouts and remainder (for reports).
    let settledOrders: [Hash256: OrderSettlement]
    public let changes: UTXOChanges
    public let exchange: Exchange
    /// The changes the block made to the books, for `ChainState.commit` to replay on the spare.
    let exchangeLog: ExchangeLog
    public let commitment: MultisetHash
    public let trades: [Trade]
    /// Every book event of the block per market, with handles already resolved to order
    /// IDs where they named an order (for the market-data feeds).
    public let events: [[ChainBookEvent]]
    /// The validator bookkeeping after the block (a new set after an epoch's last block).
    public let epoch: EpochState
}

/// A book event with the order named by its chain ID.
public struct ChainBookEvent: Sendable, Equatable {
    public let event: BookEvent
    /// The order IDs the event's handles referred to, in the order the event names them.
    public let orders: [Hash256]
}
