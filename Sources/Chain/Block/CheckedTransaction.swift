import Crypto
import Ledger
import Primitives

/// A transaction with what is derived from it by encoding and hashing, computed once where
/// it enters (the pool's admission, a received block's check) and carried through the pool,
/// the block executor, the store and the reports: nothing downstream re-encodes or re-hashes
/// it. The executor still checks every rule a block must satisfy against the state
/// (validators re-execute); it only takes these values instead of recomputing them.
public struct CheckedTransaction: Hashable, Sendable {
    public let transaction: Transaction
    /// The transaction ID: the tagged hash of the body (`Transaction.id(suite:)`).
    public let id: Hash256
    /// The size of the canonical encoding (what the pool's byte limit counts).
    public let byteCount: Int
    /// The transaction's leaf in its block's transaction root: the tagged hash of the
    /// canonical encoding.
    public let leafHash: Hash256
    /// The outputs' IDs, in output order.
    public let outputIDs: [Hash256]
    /// Whether every input's signature already passed a check (the pool's, on admission).
    /// A proposer skips them; a validator re-executing a received block checks them all.
    public let signaturesVerified: Bool

    /// Encodes once, hashes the body for the ID, the whole for the root's leaf, and derives
    /// the output IDs.
    public init(_ transaction: Transaction, suite: any CryptoSuite, signaturesVerified: Bool = false) {
        self.transaction = transaction
        let (bytes, bodyByteCount) = transaction.canonicalBytesWithBodyCount
        let id = suite.hash(.transactionID, Array(bytes[..<bodyByteCount]))
        self.id = id
        byteCount = bytes.count
        leafHash = suite.hash(.merkleLeaf, bytes)
        outputIDs = transaction.outputs.indices.map { Transaction.outputID(transactionID: id, index: $0, suite: suite) }
        self.signaturesVerified = signaturesVerified
    }

    private init(_ checked: CheckedTransaction, signaturesVerified: Bool) {
        transaction = checked.transaction
        id = checked.id
        byteCount = checked.byteCount
        leafHash = checked.leafHash
        outputIDs = checked.outputIDs
        self.signaturesVerified = signaturesVerified
    }

    /// The same transaction, its signatures known to pass (the pool verified them).
    public func signaturesPassed() -> CheckedTransaction { CheckedTransaction(self, signaturesVerified: true) }

    /// Checks every transaction, in parallel for a large list (a received block's).
    public static func all(_ transactions: [Transaction], suite: any CryptoSuite) -> [CheckedTransaction] {
        transactions.concurrentMap(chunkSize: 64) { CheckedTransaction($0, suite: suite) }
    }
}
