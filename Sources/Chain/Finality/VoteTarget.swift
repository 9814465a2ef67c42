import Crypto
import Primitives

/// The two voting phases of a round (Tendermint): a prevote says "I accept this proposal",
/// a precommit says "I saw more than 2/3 prevote it". A precommit certificate finalizes.
public enum VotePhase: UInt8, Hashable, Sendable, CaseIterable, Comparable {
    case prevote = 1
    case precommit = 2

    public static func < (lhs: VotePhase, rhs: VotePhase) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// What a vote is about: one chain, height, round and phase, and the block voted for (nil:
/// a vote for no block in that round). Its tagged hash is what a validator signs.
public struct VoteTarget: Hashable, Sendable, CanonicalCodable {
    public let chainID: Hash256
    public let height: UInt64
    public let round: UInt32
    public let phase: VotePhase
    /// The block's header hash, or nil for a nil vote.
    public let blockID: Hash256?

    public init(chainID: Hash256, height: UInt64, round: UInt32, phase: VotePhase, blockID: Hash256?) {
        self.chainID = chainID
        self.height = height
        self.round = round
        self.phase = phase
        self.blockID = blockID
    }

    /// The message a validator signs: `H_vote(canonical bytes)`. The chain ID inside keeps a
    /// vote from being replayed on another chain.
    public func signingHash(suite: any CryptoSuite) -> Hash256 { suite.hash(.vote, canonicalBytes) }

    /// Whether `other` is the same slot (height, round, phase) of the same chain, whatever
    /// block it names: two signed votes for one slot naming different blocks equivocate.
    public func sameSlot(as other: VoteTarget) -> Bool {
        chainID == other.chainID && height == other.height && round == other.round && phase == other.phase
    }

    public func encode(to writer: inout ByteWriter) {
        writer.write(chainID)
        writer.write(height)
        writer.write(round)
        writer.write(phase.rawValue)
        if let blockID {
            writer.write(UInt8(1))
            writer.write(blockID)
        } else {
            writer.write(UInt8(0))
        }
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        let chainID = try reader.readHash()
        let height = try reader.readUInt64()
        let round = try reader.readUInt32()
        let phaseTag = try reader.readUInt8()
        guard let phase = VotePhase(rawValue: phaseTag) else { throw .unknownTag(field: "vote.phase", tag: UInt64(phaseTag)) }
        let hasBlock = try reader.readUInt8()
        let blockID: Hash256?
        switch hasBlock {
        case 0: blockID = nil
        case 1: blockID = try reader.readHash()
        default: throw .unknownTag(field: "vote.block_id", tag: UInt64(hasBlock))
        }
        self.init(chainID: chainID, height: height, round: round, phase: phase, blockID: blockID)
    }
}
