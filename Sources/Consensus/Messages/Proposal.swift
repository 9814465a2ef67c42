import Chain
import Crypto
import Primitives

/// A proposer's block for one round. `validRound` is the round in which the proposer saw
/// more than 2/3 prevote this block (Tendermint's proof-of-lock round), nil for a fresh one.
/// The proposer is `block.header.proposer`; it signs `H_proposal(chainID, height, round,
/// validRound, blockID)`.
public struct Proposal: Hashable, Sendable, CanonicalCodable {
    public let height: UInt64
    public let round: UInt32
    public let validRound: UInt32?
    public let block: Block
    public let signature: Signature

    public init(height: UInt64, round: UInt32, validRound: UInt32?, block: Block, signature: Signature) {
        self.height = height
        self.round = round
        self.validRound = validRound
        self.block = block
        self.signature = signature
    }

    /// What the proposer signs.
    public static func signingHash(
        chainID: Hash256, height: UInt64, round: UInt32, validRound: UInt32?, blockID: Hash256, suite: any CryptoSuite
    ) -> Hash256 {
        var writer = ByteWriter(capacity: 32 + 8 + 4 + 5 + 32)
        writer.write(chainID)
        writer.write(height)
        writer.write(round)
        Self.writeRound(validRound, to: &writer)
        writer.write(blockID)
        return suite.hash(.proposal, writer.bytes)
    }

    static func writeRound(_ round: UInt32?, to writer: inout ByteWriter) {
        if let round {
            writer.write(UInt8(1))
            writer.write(round)
        } else {
            writer.write(UInt8(0))
        }
    }

    public func encode(to writer: inout ByteWriter) {
        writer.write(height)
        writer.write(round)
        Self.writeRound(validRound, to: &writer)
        block.encode(to: &writer)
        writer.write(signature)
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        let height = try reader.readUInt64()
        let round = try reader.readUInt32()
        let validRound: UInt32?
        switch try reader.readUInt8() {
        case 0: validRound = nil
        case 1: validRound = try reader.readUInt32()
        case let tag: throw .unknownTag(field: "proposal.valid_round", tag: UInt64(tag))
        }
        self.init(height: height, round: round, validRound: validRound, block: try Block(from: &reader), signature: try Signature(from: &reader))
    }
}
