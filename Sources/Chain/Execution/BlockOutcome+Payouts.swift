import Crypto
import Ledger
import Primitives

/// One output a block's settlement created: its ledger ID and index with the output itself,
/// so reports can name it without hashing again.
public struct SettledOutput: Sendable, Hashable {
    /// The ledger's output ID (`Transaction.outputID` of the settlement's ID and `index`).
    public let id: Hash256
    /// Index in the settlement's outputs.
    public let index: Int
    public let output: Output
}

/// What one market's settlement in a block did with one order it spent (docs/CHAIN.md,
/// Settlement): recorded while the executor builds and applies the settlement, so reports
/// name exactly the ledger's outputs.
public struct OrderSettlement: Sendable, Equatable {
    /// How the order ends the block.
    public enum Ending: Sendable, Equatable {
        /// Partly filled and still on its book, now in `remainder`.
        case resting
        /// Fully filled.
        case filled
        /// Returned to its seller (IOC rest, expiry, self-trade, post-only, cancel-all,
        /// dead-man switch, no settlement room).
        case returned
        /// Cancelled by a signed cancel request.
        case cancelled
    }

    /// The settlement transaction that spent the order's output.
    public let transactionID: Hash256
    public let ending: Ending
    /// The settlement's outputs to the order's seller program that this order paid into (its
    /// proceeds net of fee, a buy's refund, returned funds), in output order. The settlement
    /// nets per seller program and asset, so an output may also hold other orders' share.
    public let payouts: [SettledOutput]
    /// The output that re-locks the order's remainder under its contract (ending `resting`).
    public let remainder: SettledOutput?
}

extension BlockOutcome {
    /// How the block's settlements dealt with `orderID`, or nil when no settlement spent it
    /// (it did not trade or leave its book, or the client's own transaction spent it).
    public func settlement(of orderID: Hash256) -> OrderSettlement? {
        settledOrders[orderID]
    }
}
