import Crypto
import Primitives

/// One unspent output as the coin index lists it for a key that can spend it.
public struct Coin: Hashable, Sendable {
    public let outputID: Hash256
    public let asset: AssetID
    public let amount: Amount
    /// The order this output rests as, for a magnetic order's output.
    public let orderID: Hash256?

    public init(outputID: Hash256, asset: AssetID, amount: Amount, orderID: Hash256?) {
        self.outputID = outputID
        self.asset = asset
        self.amount = amount
        self.orderID = orderID
    }
}

/// Where a page of a key's coins ends: the last coin's asset and output ID. The next page
/// starts just after it, whether or not that coin is still unspent.
public struct CoinCursor: Hashable, Sendable {
    public let asset: AssetID
    public let outputID: Hash256

    /// Size of the cursor on the wire: asset ‖ output ID.
    public static let byteCount = 64

    public init(asset: AssetID, outputID: Hash256) {
        self.asset = asset
        self.outputID = outputID
    }

    /// Reads `asset ‖ output ID`; nil unless exactly 64 bytes.
    public init?(bytes: [UInt8]) {
        guard bytes.count == Self.byteCount, let asset = try? Hash256(bytes: bytes[0..<32]),
            let outputID = try? Hash256(bytes: bytes[32...])
        else { return nil }
        self.init(asset: AssetID(asset), outputID: outputID)
    }

    /// `asset ‖ output ID`.
    public var bytes: [UInt8] { asset.hash.bytes + outputID.bytes }
}

/// One page of a key's coins, read from one snapshot of the store.
public struct CoinPage: Sendable, Equatable {
    /// By asset, then output ID.
    public let coins: [Coin]
    /// Where the next page starts; nil when this page reached the last coin.
    public let next: CoinCursor?
    /// The committed block the page reflects.
    public let height: UInt64
}

/// A key's holdings of one asset (docs/PROTOCOL.md §8.3 defines each figure).
public struct AssetHoldings: Sendable, Equatable {
    public let asset: AssetID
    /// Committed outputs the key can spend that are not orders.
    public var free: Amount = .zero
    /// Committed resting orders the key can cancel.
    public var inOrders: Amount = .zero
    /// Outputs of pooled transactions the key can spend that no pooled transaction spends.
    public var pendingIn: Amount = .zero
    /// The key's committed outputs (free or orders) that pooled transactions spend.
    public var pendingOut: Amount = .zero

    public init(asset: AssetID) { self.asset = asset }

    /// Whether every figure is zero.
    public var isEmpty: Bool { free == .zero && inOrders == .zero && pendingIn == .zero && pendingOut == .zero }
}

/// A key's holdings per asset, as of the block at `height` plus the pool when read.
public struct KeyHoldings: Sendable, Equatable {
    public let height: UInt64
    /// By asset ID; assets whose figures are all zero are left out.
    public let assets: [AssetHoldings]
}

/// What the pool will change for a key: what its pooled transactions pay to the key and
/// which of the key's committed outputs they spend. The mempool provides it (the chain
/// cannot see the pool); a reader without a pool reports nothing pending.
public protocol PendingHoldings: Sendable {
    /// The height of the state the pool was last re-checked against; per asset, the outputs
    /// of pooled transactions `key` can spend that no pooled transaction spends; and those of
    /// `committed` (output IDs) a pooled transaction spends. Read at once (one lock).
    func pending(of key: PublicKey, committed: [Hash256]) -> (height: UInt64, payingIn: [AssetID: Amount], spent: Set<Hash256>)
}

/// Where the gateway reads coins and holdings: the node's coin index and pool.
public protocol CoinSource: Sendable {
    /// Up to `limit` coins of `key` (in `asset`, when given) after `after`.
    func coins(of key: PublicKey, asset: AssetID?, after: CoinCursor?, limit: Int) throws(ChainError) -> CoinPage
    /// The key's holdings per asset; nil when it has more than `CoinIndex.holdingsCoinsMax`
    /// committed coins (page through them with `coins` instead).
    func holdings(of key: PublicKey) throws(ChainError) -> KeyHoldings?
}
