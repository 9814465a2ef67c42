import Ledger
import Matching
import Primitives

/// An order resting in one of the chain's books, with everything settlement needs: where
/// its funds are now, its terms, and its handle in the book.
public struct LiveOrder: Sendable, Equatable {
    public let orderID: Hash256
    public let position: OrderPosition
    public let terms: OrderTerms
    public let contract: MagneticOrder
    /// The output holding what remains of the order (moves with each partial fill).
    public var outputID: Hash256
    /// What that output holds, in the offered asset.
    public var offeredAmount: Amount
    /// The order's dense ID in its market's book.
    public let handle: OrderID
}
