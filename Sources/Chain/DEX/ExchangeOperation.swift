import Ledger
import Matching
import Primitives

/// One change a block made to the `Exchange` it executed on, recorded in the order it was
/// made. Replaying a block's changes on an equal exchange (`Exchange.replay`) makes it equal
/// to the executed one, at the cost of the block's own orders, not of the books' size.
enum ExchangeOperation: Sendable {
    /// An operation on one market's book (its events are not kept: the block reported them).
    case book(BookOperation, market: Int)
    /// A handle handed out; a replay must hand out the same one.
    case allocateHandle(OrderID, market: Int)
    /// A handle returned without entering the book.
    case releaseHandle(OrderID, market: Int)
    /// A seller program interned as a book owner for the first time.
    case internOwner(ControlProgram)
    case track(LiveOrder)
    case untrack(Hash256)
    /// A resting order's funds moved to a settlement's remainder output.
    case updateOutput(Hash256, outputID: Hash256, amount: Amount)
}

/// What a block did to the books: the changes, and the generation of the exchange they were
/// made to (a replay is valid only on an exchange of that generation).
struct ExchangeLog: Sendable {
    let base: UInt64
    let operations: [ExchangeOperation]
}
