import Crypto
import Ledger
import Primitives

/// A block: the header, the users' transactions and cancel requests in the proposer's
/// order, the settlements the state transition derived from them, and the proposer's
/// signature of the header hash.
public struct Block: Hashable, Sendable, CanonicalCodable {
    /// Limits a block may not exceed; a validator rejects anything larger unread.
    public static let maxTransactions = 20_000
    public static let maxCancels = 20_000
    public static let maxSettlements = 1_024
    public static let maxEncodedBytes = 64 << 20

    public let header: BlockHeader
    public let transactions: [Transaction]
    public let cancels: [CancelRequest]
    public let settlements: [Transaction]
    public let signature: Signature

    public init(
        header: BlockHeader, transactions: [Transaction], cancels: [CancelRequest], settlements: [Transaction],
        signature: Signature
    ) {
        self.header = header
        self.transactions = transactions
        self.cancels = cancels
        self.settlements = settlements
        self.signature = signature
    }

    /// Merkle root of the user transactions then the cancel requests.
    public static func transactionRoot(
        transactions: [Transaction], cancels: [CancelRequest], suite: any CryptoSuite
    ) -> Hash256 {
        MerkleTree.root(of: transactions.map(\.canonicalBytes) + cancels.map(\.canonicalBytes), suite: suite)
    }

    /// Merkle root of the settlements.
    public static func settlementRoot(_ settlements: [Transaction], suite: any CryptoSuite) -> Hash256 {
        MerkleTree.root(of: settlements.map(\.canonicalBytes), suite: suite)
    }

    public func encode(to writer: inout ByteWriter) {
        header.encode(to: &writer)
        writer.writeArray(transactions)
        writer.writeArray(cancels)
        writer.writeArray(settlements)
        writer.write(signature)
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        self.init(
            header: try BlockHeader(from: &reader),
            transactions: try reader.readArray(of: Transaction.self, field: "block.transactions", limit: Self.maxTransactions),
            cancels: try reader.readArray(of: CancelRequest.self, field: "block.cancels", limit: Self.maxCancels),
            settlements: try reader.readArray(of: Transaction.self, field: "block.settlements", limit: Self.maxSettlements),
            signature: try Signature(from: &reader))
    }

    /// Decodes a block received from outside, refusing oversize input before parsing.
    public static func decode(_ bytes: [UInt8]) throws(ChainError) -> Block {
        guard bytes.count <= maxEncodedBytes else { throw .blockTooLarge(bytes: bytes.count, limit: maxEncodedBytes) }
        do {
            return try Block(canonicalBytes: bytes)
        } catch {
            throw .malformedBlock(error)
        }
    }
}
