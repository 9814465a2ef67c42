import Chain
import Ledger

/// A transaction a follower forwards to the validators, with the canonical bytes it was
/// checked from: the follower writes them as they are and the validator builds its checked
/// value from the bytes it read, so the transaction is encoded once, at the edge.
public struct ForwardedTransaction: Sendable, Hashable {
    public let transaction: Transaction
    /// Exactly `transaction`'s canonical encoding.
    public let bytes: [UInt8]

    /// Pairs a transaction with its canonical bytes (the caller's checked value's, or those
    /// just decoded).
    public init(_ transaction: Transaction, bytes: [UInt8]) {
        self.transaction = transaction
        self.bytes = bytes
    }

    /// The checked value's transaction and kept bytes.
    public init(_ checked: CheckedTransaction) {
        self.init(checked.transaction, bytes: checked.bytes)
    }
}
