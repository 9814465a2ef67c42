import Crypto
import Primitives

/// A seller's one signature cancelling many orders: every order of `sellerKey` in scope
/// (one market, or all) created at or below `createdUpToHeight`, whether resting or created
/// earlier in the same block. What remains of each returns to its seller program in the
/// block's settlement (the return clause: the chain judged the request).
///
/// Replay is harmless by construction: once it ran, no order it names remains, and no later
/// order can have a height at or below the bound, so a replay finds nothing and is refused
/// (`cancel_all_nothing_left`). The window (`windowBlocks`) keeps stale requests out of pools.
public struct CancelAllRequest: Hashable, Sendable, CanonicalCodable {
    /// A request older than this many blocks (by its bound) is refused as too old.
    public static let windowBlocks: UInt64 = 600

    public let sellerKey: PublicKey
    /// The market index (`ChainMarket.index`); nil for every market.
    public let market: UInt32?
    /// The highest `OrderPosition.height` it cancels; at most the height of the block holding it.
    public let createdUpToHeight: UInt64
    /// `sellerKey`'s signature of `message(chainID:suite:)`.
    public let signature: Signature

    public init(sellerKey: PublicKey, market: UInt32?, createdUpToHeight: UInt64, signature: Signature) {
        self.sellerKey = sellerKey
        self.market = market
        self.createdUpToHeight = createdUpToHeight
        self.signature = signature
    }

    /// What the seller signs: the tagged hash (`Lodestone/CancelAll`) of the chain ID, the
    /// key, the scope and the bound (docs/PROTOCOL.md, "Cancel-all").
    public static func message(
        chainID: Hash256, sellerKey: PublicKey, market: UInt32?, createdUpToHeight: UInt64, suite: any CryptoSuite
    ) -> Hash256 {
        var writer = ByteWriter(capacity: 120)
        writer.write(chainID)
        writer.write(sellerKey)
        writer.writeScope(market)
        writer.write(createdUpToHeight)
        return suite.hash(.cancelAll, writer.bytes)
    }

    /// The signed message of this request; also its identity in a pool (one per content).
    public func message(chainID: Hash256, suite: any CryptoSuite) -> Hash256 {
        Self.message(chainID: chainID, sellerKey: sellerKey, market: market, createdUpToHeight: createdUpToHeight, suite: suite)
    }

    /// Signs a cancel-all with `key`.
    public static func signed(
        market: UInt32?, createdUpToHeight: UInt64, chainID: Hash256, key: any SigningKey, suite: any CryptoSuite
    ) throws(CryptoError) -> CancelAllRequest {
        let message = message(
            chainID: chainID, sellerKey: key.publicKey, market: market, createdUpToHeight: createdUpToHeight, suite: suite)
        return CancelAllRequest(
            sellerKey: key.publicKey, market: market, createdUpToHeight: createdUpToHeight,
            signature: try suite.sign(message.bytes, with: key))
    }

    /// Whether `signature` is `sellerKey`'s signature of this request on `chainID`.
    public func isSigned(chainID: Hash256, suite: any CryptoSuite) -> Bool {
        suite.verify(signature, of: message(chainID: chainID, suite: suite).bytes, by: sellerKey)
    }

    public func encode(to writer: inout ByteWriter) {
        writer.write(sellerKey)
        writer.writeScope(market)
        writer.write(createdUpToHeight)
        writer.write(signature)
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        self.init(
            sellerKey: try PublicKey(from: &reader), market: try reader.readScope(field: "cancel_all.market"),
            createdUpToHeight: try reader.readUInt64(), signature: try Signature(from: &reader))
    }
}

extension ByteWriter {
    /// A market scope: 0 for every market, or 1 then the market index (4 bytes little-endian).
    mutating func writeScope(_ market: UInt32?) {
        write(market != nil)
        if let market { write(market) }
    }
}

extension ByteReader {
    mutating func readScope(field: String) throws(PrimitivesError) -> UInt32? {
        try readBool(field: field) ? try readUInt32() : nil
    }
}
