import Crypto
import Ledger
import Primitives

/// A transaction with its canonical encoding and what is derived from it by hashing,
/// computed once where it enters (the gateway, the intake, the pool's journal reload, a
/// received block's decode) and carried through the pool, the block executor, the block's
/// encoding, the store and the reports: nothing downstream re-encodes or re-hashes it. The
/// executor still checks every rule a block must satisfy against the state (validators
/// re-execute); it only takes these values instead of recomputing them.
public struct CheckedTransaction: Sendable {
    public let transaction: Transaction
    /// The canonical encoding: the bytes it arrived as (decoding refuses any other form of a
    /// transaction, so they are the canonical ones), or encoded once where it was built as a
    /// value. The journal and the block's encoding write these bytes as they are. Its own
    /// storage (never a slice of a larger buffer), so a pooled transaction keeps alive exactly
    /// the bytes the pool's byte limit counts.
    public let bytes: [UInt8]
    /// The transaction ID: the tagged hash of the body (`Transaction.id(suite:)`).
    public let id: Hash256
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

    /// The size of the canonical encoding (what the pool's byte limit counts).
    public var byteCount: Int { bytes.count }

    /// Encodes once, then checks as `init(_:encoding:suite:markets:signaturesVerified:)`:
    /// for a transaction built as a value (tools, tests, a forwarded batch).
    public init(_ transaction: Transaction, suite: any CryptoSuite, markets: MarketDirectory? = nil, signaturesVerified: Bool = false) {
        let (bytes, bodyByteCount) = transaction.canonicalBytesWithBodyCount
        self.init(
            transaction, bytes: bytes, bodyByteCount: bodyByteCount, suite: suite, markets: markets, signaturesVerified: signaturesVerified)
    }

    /// A transaction decoded from `encoding`, its canonical bytes, kept as they are: hashes
    /// the body for the ID, the whole for the root's leaf, derives the output IDs and, with
    /// the chain's `markets`, reads the orders' terms. Only the witnesses are encoded again
    /// (to find where the body ends: a few dozen bytes per input).
    public init(
        _ transaction: Transaction, encoding: [UInt8], suite: any CryptoSuite, markets: MarketDirectory? = nil,
        signaturesVerified: Bool = false
    ) {
        var witnesses = ByteWriter(capacity: 80 * transaction.inputs.count)
        for input in transaction.inputs { input.witness.encode(to: &witnesses) }
        self.init(
            transaction, bytes: encoding, bodyByteCount: encoding.count - witnesses.bytes.count, suite: suite, markets: markets,
            signaturesVerified: signaturesVerified)
    }

    private init(
        _ transaction: Transaction, bytes: [UInt8], bodyByteCount: Int, suite: any CryptoSuite, markets: MarketDirectory?,
        signaturesVerified: Bool
    ) {
        assert(bodyByteCount >= 0 && bodyByteCount <= bytes.count, "the witnesses follow the body")
        self.transaction = transaction
        self.bytes = bytes
        let id = suite.hash(.transactionID, Array(bytes[..<bodyByteCount]))
        self.id = id
        leafHash = MerkleTree.leafHash(bytes, suite: suite)
        outputIDs = transaction.outputs.indices.map { Transaction.outputID(transactionID: id, index: $0, suite: suite) }
        orders = markets.map { CheckedOrder.read(transaction, markets: $0) }
        self.signaturesVerified = signaturesVerified
    }

    /// Decodes a transaction received from outside (`Transaction.decode`: size limit first,
    /// canonical form only) and checks it for `config`'s chain, keeping `bytes` as its
    /// encoding: the gateway's edge (the intake decodes its frames first, then keeps the
    /// payload the same way).
    public static func decode(_ bytes: [UInt8], config: ChainConfig) throws(LedgerError) -> CheckedTransaction {
        CheckedTransaction(try Transaction.decode(bytes), encoding: bytes, config: config)
    }

    /// Checks a transaction decoded from `encoding` for `config`'s chain.
    public init(_ transaction: Transaction, encoding: [UInt8], config: ChainConfig) {
        self.init(transaction, encoding: encoding, suite: config.suite, markets: config.directory)
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

    /// Checks every transaction for `config`'s chain, encoding each once, in parallel for a
    /// large list (tools and tests proposing from values).
    public static func all(_ transactions: [Transaction], config: ChainConfig) -> [CheckedTransaction] {
        transactions.concurrentMap(chunkSize: 64) { CheckedTransaction($0, config: config) }
    }

    /// Checks every transaction of `block` for `config`'s chain from the encodings the block
    /// holds (a received block's: the bytes it was decoded from), in parallel.
    public static func all(of block: Block, config: ChainConfig) -> [CheckedTransaction] {
        Array(zip(block.transactions, block.transactionEncodings)).concurrentMap(chunkSize: 64) {
            CheckedTransaction($0.0, encoding: $0.1, config: config)
        }
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
