import Crypto
import Ledger
import Markets
import Primitives

/// A block: the header, the users' transactions, cancel requests, cancel-all requests,
/// dead-man switches and main-chain headers in the proposer's order, the settlements the state transition derived from them, the previous block's
/// commit certificate, evidence of equivocation, and the proposer's signature of the
/// header hash.
public struct Block: Hashable, Sendable, CanonicalCodable {
    /// Limits a block may not exceed; a validator rejects anything larger unread.
    public static let maxTransactions = 20_000
    public static let maxCancels = 20_000
    /// Each cancel-all walks its seller's orders, so far fewer fit a block than cancels.
    public static let maxCancelAlls = 1_024
    public static let maxDeadManSwitches = 4_096
    /// Main-chain headers one block may submit to the peg's header tree (a day of a
    /// one-minute main chain with room to spare; a node behind catches up over a few blocks).
    public static let maxMainChainHeaders = 512
    /// One settlement per market, plus the epoch payout.
    public static let maxSettlements = MarketLimits.catalogMaxMarkets + 1
    public static let maxEvidence = 64
    public static let maxEncodedBytes = 64 << 20
    /// Most bytes of user transactions in a block (a proposer takes no more from its pool).
    public static let transactionBytesMax = 16 << 20
    /// Most bytes of a block's settlements: `BlockExecutor.settlementOrdersMax` orders at
    /// `BlockExecutor.settledOrderBytesMax` each (40 MiB); with the user transactions that
    /// leaves 8 MiB for the header, cancels, mass cancels, the markets' fee outputs, the last
    /// commit and the evidence, which their own limits keep far smaller.
    public static let settlementBytesMax = 40 << 20

    public let header: BlockHeader
    public let transactions: [Transaction]
    /// Each of `transactions`' canonical encoding, in the same order: the bytes a decoded
    /// block read them from, or those its checked transactions carried. The block's encoding
    /// writes them as they are, and a received block's checked transactions are built from
    /// them (`CheckedTransaction.all(of:config:)`): no transaction is encoded again. A block
    /// holds its transactions twice over (decoded and encoded), within `maxEncodedBytes`.
    public let transactionEncodings: [[UInt8]]
    public let cancels: [CancelRequest]
    /// Cancel-all requests, judged after the cancels.
    public let cancelAlls: [CancelAllRequest]
    /// Dead-man switches armed or refreshed by this block, judged after the cancel-alls.
    public let deadManSwitches: [DeadManSwitch]
    /// Main-chain headers for the peg's header tree, accepted in this order before the
    /// transactions (so a mint of the same block can use them); empty on a chain without a peg.
    public let mainChainHeaders: [MainChainHeader]
    public let settlements: [Transaction]
    /// The commit certificate of the previous block (precommits for it by more than 2/3 of
    /// the stake of the set that signed it); nil only at height 1.
    public let lastCommit: Certificate?
    /// Proofs of equivocation, at most `maxEvidence`, each punishing its validator.
    public let evidence: [Evidence]
    public let signature: Signature

    /// A block of transactions given as values: each is encoded here, once (tools, tests).
    public init(
        header: BlockHeader, transactions: [Transaction], cancels: [CancelRequest],
        cancelAlls: [CancelAllRequest] = [], deadManSwitches: [DeadManSwitch] = [], mainChainHeaders: [MainChainHeader] = [],
        settlements: [Transaction], lastCommit: Certificate? = nil, evidence: [Evidence] = [], signature: Signature
    ) {
        self.init(
            header: header, transactions: transactions, encodings: transactions.map(\.canonicalBytes), cancels: cancels,
            cancelAlls: cancelAlls, deadManSwitches: deadManSwitches, mainChainHeaders: mainChainHeaders, settlements: settlements,
            lastCommit: lastCommit, evidence: evidence, signature: signature)
    }

    /// A block of checked transactions (a proposer's): their carried encodings are the
    /// block's, nothing is encoded again.
    public init(
        header: BlockHeader, checked: [CheckedTransaction], cancels: [CancelRequest],
        cancelAlls: [CancelAllRequest] = [], deadManSwitches: [DeadManSwitch] = [], mainChainHeaders: [MainChainHeader] = [],
        settlements: [Transaction], lastCommit: Certificate? = nil, evidence: [Evidence] = [], signature: Signature
    ) {
        self.init(
            header: header, transactions: checked.map(\.transaction), encodings: checked.map(\.bytes), cancels: cancels,
            cancelAlls: cancelAlls, deadManSwitches: deadManSwitches, mainChainHeaders: mainChainHeaders, settlements: settlements,
            lastCommit: lastCommit, evidence: evidence, signature: signature)
    }

    private init(
        header: BlockHeader, transactions: [Transaction], encodings: [[UInt8]], cancels: [CancelRequest],
        cancelAlls: [CancelAllRequest], deadManSwitches: [DeadManSwitch], mainChainHeaders: [MainChainHeader],
        settlements: [Transaction], lastCommit: Certificate?, evidence: [Evidence], signature: Signature
    ) {
        assert(transactions.count == encodings.count, "one encoding per transaction")
        self.header = header
        self.transactions = transactions
        transactionEncodings = encodings
        self.cancels = cancels
        self.cancelAlls = cancelAlls
        self.deadManSwitches = deadManSwitches
        self.mainChainHeaders = mainChainHeaders
        self.settlements = settlements
        self.lastCommit = lastCommit
        self.evidence = evidence
        self.signature = signature
    }

    /// Merkle root of the user transactions, the cancel requests, then the cancel-all
    /// requests, the dead-man switches and the main-chain headers. A cancel-all leaf is its
    /// encoding after the byte 0xCA, a dead-man leaf after 0xDE, a main-chain header leaf
    /// after 0xB4, so no leaf of one section reads as another's (and a block without them
    /// keeps the root it always had).
    public static func transactionRoot(
        transactions: [Transaction], cancels: [CancelRequest], cancelAlls: [CancelAllRequest] = [],
        deadManSwitches: [DeadManSwitch] = [], mainChainHeaders: [MainChainHeader] = [], suite: any CryptoSuite
    ) -> Hash256 {
        transactionRoot(
            transactionLeaves: transactions.map { MerkleTree.leafHash($0.canonicalBytes, suite: suite) }, cancels: cancels,
            cancelAlls: cancelAlls, deadManSwitches: deadManSwitches, mainChainHeaders: mainChainHeaders, suite: suite)
    }

    /// The same root from the transactions' leaf hashes (`CheckedTransaction.leafHash`),
    /// computed once where each transaction was checked.
    public static func transactionRoot(
        transactionLeaves: [Hash256], cancels: [CancelRequest], cancelAlls: [CancelAllRequest],
        deadManSwitches: [DeadManSwitch], mainChainHeaders: [MainChainHeader] = [], suite: any CryptoSuite
    ) -> Hash256 {
        let others =
            cancels.map(\.canonicalBytes) + cancelAlls.map { [cancelAllLeafTag] + $0.canonicalBytes }
            + deadManSwitches.map { [deadManLeafTag] + $0.canonicalBytes }
            + mainChainHeaders.map { [mainChainHeaderLeafTag] + $0.canonicalBytes }
        return MerkleTree.root(ofHashes: transactionLeaves + others.map { MerkleTree.leafHash($0, suite: suite) }, suite: suite)
    }

    static let cancelAllLeafTag: UInt8 = 0xCA
    static let deadManLeafTag: UInt8 = 0xDE
    static let mainChainHeaderLeafTag: UInt8 = 0xB4

    /// Merkle root of the settlements.
    public static func settlementRoot(_ settlements: [Transaction], suite: any CryptoSuite) -> Hash256 {
        MerkleTree.root(of: settlements.map(\.canonicalBytes), suite: suite)
    }

    /// The header's `lastCommitHash` for `certificate`: the Merkle root of the list holding
    /// it (one tagged leaf hash of its canonical bytes), or the all-zero root of the empty
    /// list when there is none (height 1).
    public static func lastCommitHash(_ certificate: Certificate?, suite: any CryptoSuite) -> Hash256 {
        MerkleTree.root(of: certificate.map { [$0.canonicalBytes] } ?? [], suite: suite)
    }

    /// Merkle root of the evidence encodings, in block order.
    public static func evidenceRoot(_ evidence: [Evidence], suite: any CryptoSuite) -> Hash256 {
        MerkleTree.root(of: evidence.map(\.canonicalBytes), suite: suite)
    }

    public func encode(to writer: inout ByteWriter) {
        header.encode(to: &writer)
        // The array's encoding: the count, then each element's canonical bytes (kept).
        writer.writeVarint(UInt64(transactionEncodings.count))
        for encoding in transactionEncodings { writer.writeRaw(encoding) }
        writer.writeArray(cancels)
        writer.writeArray(cancelAlls)
        writer.writeArray(deadManSwitches)
        writer.writeArray(mainChainHeaders)
        writer.writeArray(settlements)
        writer.write(lastCommit != nil)
        if let lastCommit { lastCommit.encode(to: &writer) }
        writer.writeArray(evidence)
        writer.write(signature)
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        let header = try BlockHeader(from: &reader)
        let transactionCount = try reader.readCount(field: "block.transactions", limit: Self.maxTransactions)
        var transactions: [Transaction] = []
        var encodings: [[UInt8]] = []
        transactions.reserveCapacity(transactionCount)
        encodings.reserveCapacity(transactionCount)
        for _ in 0..<transactionCount {
            let start = reader.offset
            transactions.append(try Transaction(from: &reader))
            // The bytes just read: canonical, since decoding refuses any other form.
            encodings.append(Array(reader.bytesRead(since: start)))
        }
        let cancels = try reader.readArray(of: CancelRequest.self, field: "block.cancels", limit: Self.maxCancels)
        let cancelAlls = try reader.readArray(of: CancelAllRequest.self, field: "block.cancel_alls", limit: Self.maxCancelAlls)
        let deadManSwitches = try reader.readArray(
            of: DeadManSwitch.self, field: "block.dead_man_switches", limit: Self.maxDeadManSwitches)
        let mainChainHeaders = try reader.readArray(
            of: MainChainHeader.self, field: "block.main_chain_headers", limit: Self.maxMainChainHeaders)
        let settlementCount = try reader.readCount(field: "block.settlements", limit: Self.maxSettlements)
        var settlements: [Transaction] = []
        settlements.reserveCapacity(settlementCount)
        for _ in 0..<settlementCount { settlements.append(try Transaction(from: &reader, limits: .settlement)) }
        let lastCommit = try reader.readBool(field: "block.last_commit") ? try Certificate(from: &reader) : nil
        self.init(
            header: header, transactions: transactions, encodings: encodings, cancels: cancels, cancelAlls: cancelAlls,
            deadManSwitches: deadManSwitches, mainChainHeaders: mainChainHeaders, settlements: settlements, lastCommit: lastCommit,
            evidence: try reader.readArray(of: Evidence.self, field: "block.evidence", limit: Self.maxEvidence),
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
