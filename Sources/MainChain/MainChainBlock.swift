import Crypto
import Ledger
import Primitives

/// A main-chain block: a proof-of-work header and the transactions its `transactionRoot`
/// commits to. There is no coinbase: every asset is issued at genesis, and fees are burned
/// (the devnet main chain pays no one for mining).
public struct MainChainBlock: Hashable, Sendable, CanonicalCodable {
    /// Most bytes a block's encoding may have (the header included).
    public static let bytesMax = 1 << 20
    /// Most transactions a block may carry.
    public static let transactionsMax = 2_000

    public let header: MainChainHeader
    public let transactions: [Transaction]

    public init(header: MainChainHeader, transactions: [Transaction]) {
        self.header = header
        self.transactions = transactions
    }

    /// The root a header must carry for `transactions`: the Merkle root of their full
    /// canonical encodings (witnesses included), in block order. A peg-in proves a deposit
    /// with a path to this root.
    public static func transactionRoot(of transactions: [Transaction], suite: any CryptoSuite) -> Hash256 {
        MerkleTree.root(of: transactions.map(\.canonicalBytes), suite: suite)
    }

    public func hash(suite: any CryptoSuite) -> Hash256 { header.hash(suite: suite) }

    public func encode(to writer: inout ByteWriter) {
        header.encode(to: &writer)
        writer.writeArray(transactions)
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        let header = try MainChainHeader(from: &reader)
        self.init(
            header: header,
            transactions: try reader.readArray(of: Transaction.self, field: "block.transactions", limit: Self.transactionsMax))
    }

    /// Decodes a block received from outside, refusing oversize input before parsing.
    public static func decode(_ bytes: [UInt8]) throws(MainChainError) -> MainChainBlock {
        guard bytes.count <= bytesMax else { throw .blockTooLarge(bytes: bytes.count, limit: bytesMax) }
        do { return try MainChainBlock(canonicalBytes: bytes) } catch { throw .blockMalformed(reason: error.description) }
    }

    /// The rules that need no chain state: size, count, and the transaction root.
    public func checkStateless(suite: any CryptoSuite) throws(MainChainError) {
        guard transactions.count <= Self.transactionsMax else {
            throw .blockTooManyTransactions(count: transactions.count, limit: Self.transactionsMax)
        }
        let bytes = canonicalBytes.count
        guard bytes <= Self.bytesMax else { throw .blockTooLarge(bytes: bytes, limit: Self.bytesMax) }
        let root = Self.transactionRoot(of: transactions, suite: suite)
        guard root == header.transactionRoot else { throw .blockTransactionRootMismatch(expected: root, got: header.transactionRoot) }
    }
}
