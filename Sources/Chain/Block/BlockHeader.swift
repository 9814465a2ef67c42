import Crypto
import Primitives

/// What every validator agrees on for a block. The roots commit to the body; the state
/// commitment to the whole UTXO set (with order metadata) after the block.
///
/// Version 2 adds `lastCommitHash` and `evidenceRoot`, so the block ID commits to the
/// previous block's commit certificate and the evidence the block carries.
public struct BlockHeader: Hashable, Sendable, CanonicalCodable {
    public static let currentVersion: UInt8 = 2

    public let version: UInt8
    public let chainID: Hash256
    public let height: UInt64
    public let previousHash: Hash256
    /// The proposer's clock when it built the block; strictly increasing along the chain.
    public let timestampMs: UInt64
    /// Merkle root of the user transactions', cancel requests', cancel-all requests' and
    /// dead-man switches' full encodings (`Block.transactionRoot`).
    public let transactionRoot: Hash256
    /// Merkle root of the settlement transactions' full encodings.
    public let settlementRoot: Hash256
    /// `Block.lastCommitHash`: the Merkle root of the zero or one previous-block commit
    /// certificates (the tagged leaf hash of its canonical bytes; all zero when there is none).
    public let lastCommitHash: Hash256
    /// Merkle root of the evidence encodings (all zero when there is none).
    public let evidenceRoot: Hash256
    /// Multiset hash of the UTXO set after this block, folded with the root of the armed
    /// dead-man switches when there are any (`DeadManTable.stateCommitment`).
    public let stateCommitment: Hash256
    /// Hash of the validator set that must sign the next block.
    public let validatorSetHash: Hash256
    public let proposer: PublicKey

    public init(
        version: UInt8 = BlockHeader.currentVersion, chainID: Hash256, height: UInt64, previousHash: Hash256,
        timestampMs: UInt64, transactionRoot: Hash256, settlementRoot: Hash256, lastCommitHash: Hash256, evidenceRoot: Hash256,
        stateCommitment: Hash256,
        validatorSetHash: Hash256, proposer: PublicKey
    ) {
        self.version = version
        self.chainID = chainID
        self.height = height
        self.previousHash = previousHash
        self.timestampMs = timestampMs
        self.transactionRoot = transactionRoot
        self.settlementRoot = settlementRoot
        self.lastCommitHash = lastCommitHash
        self.evidenceRoot = evidenceRoot
        self.stateCommitment = stateCommitment
        self.validatorSetHash = validatorSetHash
        self.proposer = proposer
    }

    /// The block's identity: the tagged hash of the header's encoding.
    public func hash(suite: any CryptoSuite) -> Hash256 { suite.hash(.blockHeader, canonicalBytes) }

    public func encode(to writer: inout ByteWriter) {
        writer.write(version)
        writer.write(chainID)
        writer.write(height)
        writer.write(previousHash)
        writer.write(timestampMs)
        writer.write(transactionRoot)
        writer.write(settlementRoot)
        writer.write(lastCommitHash)
        writer.write(evidenceRoot)
        writer.write(stateCommitment)
        writer.write(validatorSetHash)
        writer.write(proposer)
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        let version = try reader.readUInt8()
        guard version == Self.currentVersion else { throw .unknownTag(field: "block.version", tag: UInt64(version)) }
        self.init(
            version: version, chainID: try reader.readHash(), height: try reader.readUInt64(),
            previousHash: try reader.readHash(), timestampMs: try reader.readUInt64(),
            transactionRoot: try reader.readHash(), settlementRoot: try reader.readHash(),
            lastCommitHash: try reader.readHash(), evidenceRoot: try reader.readHash(),
            stateCommitment: try reader.readHash(), validatorSetHash: try reader.readHash(),
            proposer: try PublicKey(from: &reader))
    }
}
