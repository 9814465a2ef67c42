import Crypto
import Primitives

/// A seller's signed "cancel all my orders (in one market, or all) at height `triggerHeight`
/// unless refreshed". The chain keeps one armed trigger per key and scope
/// (`DeadManTable`); a later switch with a higher trigger refreshes it. At the block of
/// that height, before new orders match, every order of the key in scope that rests is
/// returned to its seller program.
///
/// Replay is refused: a switch must name a trigger above the armed one (`dead_man_stale`),
/// and above the current height, so an old message can never move the trigger back.
public struct DeadManSwitch: Hashable, Sendable, CanonicalCodable {
    /// The furthest ahead a trigger may be set, in blocks.
    public static let horizonBlocks: UInt64 = 100_000

    public let sellerKey: PublicKey
    /// The market index; nil for every market.
    public let market: UInt32?
    /// The height of the block that cancels the orders if no refresh came first.
    public let triggerHeight: UInt64
    /// `sellerKey`'s signature of `message(chainID:suite:)`.
    public let signature: Signature

    public init(sellerKey: PublicKey, market: UInt32?, triggerHeight: UInt64, signature: Signature) {
        self.sellerKey = sellerKey
        self.market = market
        self.triggerHeight = triggerHeight
        self.signature = signature
    }

    /// What the seller signs: the tagged hash (`Lodestone/DeadManSwitch`) of the chain ID,
    /// the key, the scope and the trigger height (docs/PROTOCOL.md, "Dead-man switch").
    public static func message(
        chainID: Hash256, sellerKey: PublicKey, market: UInt32?, triggerHeight: UInt64, suite: any CryptoSuite
    ) -> Hash256 {
        var writer = ByteWriter(capacity: 120)
        writer.write(chainID)
        writer.write(sellerKey)
        writer.writeScope(market)
        writer.write(triggerHeight)
        return suite.hash(.deadManSwitch, writer.bytes)
    }

    /// The signed message of this switch; also its identity in a pool.
    public func message(chainID: Hash256, suite: any CryptoSuite) -> Hash256 {
        Self.message(chainID: chainID, sellerKey: sellerKey, market: market, triggerHeight: triggerHeight, suite: suite)
    }

    /// Signs a dead-man switch with `key`.
    public static func signed(
        market: UInt32?, triggerHeight: UInt64, chainID: Hash256, key: any SigningKey, suite: any CryptoSuite
    ) throws(CryptoError) -> DeadManSwitch {
        let message = message(chainID: chainID, sellerKey: key.publicKey, market: market, triggerHeight: triggerHeight, suite: suite)
        return DeadManSwitch(
            sellerKey: key.publicKey, market: market, triggerHeight: triggerHeight, signature: try suite.sign(message.bytes, with: key))
    }

    /// Whether `signature` is `sellerKey`'s signature of this switch on `chainID`.
    public func isSigned(chainID: Hash256, suite: any CryptoSuite) -> Bool {
        suite.verify(signature, of: message(chainID: chainID, suite: suite).bytes, by: sellerKey)
    }

    /// The table slot this switch arms.
    public var scope: DeadManTable.Scope { DeadManTable.Scope(sellerKey: sellerKey, market: market) }

    public func encode(to writer: inout ByteWriter) {
        writer.write(sellerKey)
        writer.writeScope(market)
        writer.write(triggerHeight)
        writer.write(signature)
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        self.init(
            sellerKey: try PublicKey(from: &reader), market: try reader.readScope(field: "dead_man.market"),
            triggerHeight: try reader.readUInt64(), signature: try Signature(from: &reader))
    }
}
