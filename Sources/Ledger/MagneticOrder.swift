import Crypto
import Primitives

/// The terms of a magnetic contract: an output of the offered asset that anyone may spend
/// to fill, as long as the seller's program receives at least
/// `gross − ceil(gross × maxFeeBps / 10_000)` of `requestedAsset`, where
/// `gross = floor(filled × price.numerator / price.denominator)`.
public struct MagneticOrder: Hashable, Sendable {
    /// Order flags, as a bit set in the encoding.
    public struct Flags: OptionSet, Hashable, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// Rejected at entry if it would cross the book.
        public static let postOnly = Flags(rawValue: 1 << 0)
        /// Whatever is not filled in its block is returned to the seller.
        public static let immediateOrCancel = Flags(rawValue: 1 << 1)
        static let all: Flags = [.postOnly, .immediateOrCancel]
    }

    /// The asset the seller wants in exchange.
    public let requestedAsset: AssetID
    /// Requested-asset units per offered-asset unit.
    public let price: Ratio
    /// Where the proceeds (and returned remainders) go: pay-to-key or multisig only.
    public let sellerProgram: ControlProgram
    /// The key that may cancel the order.
    public let sellerKey: PublicKey
    public let flags: Flags
    /// The most the exchange may keep as a fee, in basis points of the gross proceeds.
    /// The seller signs this cap; the market's actual maker or taker fee must not exceed it.
    public let maxFeeBps: UInt16
    /// The last height at which the order may rest; returned from the next block on.
    public let expiryHeight: UInt64?

    public init(
        requestedAsset: AssetID, price: Ratio, sellerProgram: ControlProgram, sellerKey: PublicKey,
        flags: Flags = [], maxFeeBps: UInt16 = 0, expiryHeight: UInt64? = nil
    ) {
        self.requestedAsset = requestedAsset
        self.price = price
        self.sellerProgram = sellerProgram
        self.sellerKey = sellerKey
        self.flags = flags
        self.maxFeeBps = maxFeeBps
        self.expiryHeight = expiryHeight
    }

    /// Basis points in one whole; `maxFeeBps` may not exceed it.
    public static let bpsPerWhole: UInt64 = 10_000

    /// What the seller is owed at least for `filled` units of the offered asset: the gross
    /// proceeds rounded down, less at most the capped fee rounded up.
    public func proceeds(forFilled filled: Amount) throws(PrimitivesError) -> Amount {
        let gross = try price.floorMultiply(filled)
        return try gross.subtracting(Self.fee(on: gross, bps: UInt64(maxFeeBps)))
    }

    /// `ceil(amount × bps / 10_000)`: a fee rounded toward the exchange by less than one unit.
    public static func fee(on amount: Amount, bps: UInt64) throws(PrimitivesError) -> Amount {
        guard bps > 0 else { return .zero }
        return try Ratio(bps, bpsPerWhole).ceilMultiply(amount)
    }

    /// Whether the order can no longer rest at `height`.
    public func isExpired(atHeight height: UInt64) -> Bool {
        expiryHeight.map { height > $0 } ?? false
    }
}
