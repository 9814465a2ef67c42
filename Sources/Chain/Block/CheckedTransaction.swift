import Crypto
import Ledger
import Primitives

/// A transaction with what is derived from it by encoding and hashing, computed once where
/// it enters (the pool's admission, a received block's check) and carried through the pool,
/// the block executor, the store and the reports: nothing downstream re-encodes or re-hashes
/// it. The executor still checks every rule a block must satisfy against the state
/// (validators re-execute); it only takes these values instead of recomputing them.
public struct CheckedTransaction: Sendable {
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
    /// Its magnetic outputs read as orders of their markets, in output order (or why one is
    /// not an order: no such market, off the grid). Height-dependent rules (expiry) are the
    /// entry rules' to check. Nil when checked without the chain's markets at hand (tools,
    /// tests): the entry rules read the orders themselves then.
    public let orders: [CheckedOrder]?
    /// Whether every input's signature already passed a check (the pool's, on admission).
    /// A proposer skips them; a validator re-executing a received block checks them all.
    public private(set) var signaturesVerified: Bool

    /// Encodes once, hashes the body for the ID, the whole for the root's leaf, derives the
    /// output IDs and, with the chain's `markets`, reads the orders' terms.
    public init(_ transaction: Transaction, suite: any CryptoSuite, markets: MarketDirectory? = nil, signaturesVerified: Bool = false) {
        self.transaction = transaction
        let (bytes, bodyByteCount) = transaction.canonicalBytesWithBodyCount
        let id = suite.hash(.transactionID, Array(bytes[..<bodyByteCount]))
        self.id = id
        byteCount = bytes.count
        leafHash = MerkleTree.leafHash(bytes, suite: suite)
        outputIDs = transaction.outputs.indices.map { Transaction.outputID(transactionID: id, index: $0, suite: suite) }
        orders = markets.map { CheckedOrder.read(transaction, markets: $0) }
        self.signaturesVerified = signaturesVerified
    }

    /// Checks `transaction` for `config`'s chain: with its suite and its markets.
    public init(_ transaction: Transaction, config: ChainConfig) {
        self.init(transaction, suite: config.suite, markets: config.directory)
    }

    /// The same transaction, its signatures known to pass (the pool verified them).
    public func signaturesPassed() -> CheckedTransaction {
        var passed = self
        passed.signaturesVerified = true
        return passed
    }

    /// Checks every transaction for `config`'s chain, in parallel for a large list (a
    /// received block's).
    public static func all(_ transactions: [Transaction], config: ChainConfig) -> [CheckedTransaction] {
        transactions.concurrentMap(chunkSize: 64) { CheckedTransaction($0, config: config) }
    }
}

extension CheckedTransaction: Hashable {
    /// One transaction, one ID: two checked forms are the same item when their IDs and
    /// signature verdicts are.
    public static func == (lhs: CheckedTransaction, rhs: CheckedTransaction) -> Bool {
        lhs.id == rhs.id && lhs.signaturesVerified == rhs.signaturesVerified
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

/// A magnetic output of a checked transaction, read as an order of its market.
public struct CheckedOrder: Sendable, Equatable {
    public let outputIndex: Int
    public let contract: MagneticOrder
    /// Its terms, or the entry rule it breaks.
    public let terms: Result<OrderTerms, ChainError>

    /// Every magnetic output of `transaction`, in output order, read against `markets`.
    public static func read(_ transaction: Transaction, markets: MarketDirectory) -> [CheckedOrder] {
        transaction.outputs.indices.compactMap { index -> CheckedOrder? in
            let output = transaction.outputs[index]
            guard let contract = output.program.magneticOrder else { return nil }
            let terms: Result<OrderTerms, ChainError>
            do throws(ChainError) { terms = .success(try markets.terms(of: output, order: contract)) } catch {
                terms = .failure(error)
            }
            return CheckedOrder(outputIndex: index, contract: contract, terms: terms)
        }
    }
}
