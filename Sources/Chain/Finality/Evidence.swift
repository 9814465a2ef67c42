import Crypto
import Primitives

/// Proof that a validator equivocated: two votes it signed for the same height, round and
/// phase naming different blocks. Any node that sees both may put them in a block; the
/// validator leaves the set at the next epoch boundary and its own stake stays locked.
public struct Evidence: Hashable, Sendable, CanonicalCodable {
    /// The equivocating validator (keys, not indices: evidence outlives the set it was in).
    public let validator: PublicKey
    public let first: Vote
    public let second: Vote

    /// Orders the pair canonically (by encoding), so one equivocation has one evidence value.
    public init(validator: PublicKey, _ a: Vote, _ b: Vote) {
        self.validator = validator
        if a.canonicalBytes.lexicographicallyPrecedes(b.canonicalBytes) {
            first = a
            second = b
        } else {
            first = b
            second = a
        }
    }

    public var height: UInt64 { first.target.height }

    /// Whether this is real equivocation by `validator`: same slot, different blocks, same
    /// signer index, both signatures `validator`'s.
    public func verify(suite: any CryptoSuite) throws(FinalityError) {
        guard first.target.sameSlot(as: second.target), first.target.blockID != second.target.blockID,
            first.validatorIndex == second.validatorIndex
        else { throw .evidenceNotConflicting }
        for vote in [first, second] {
            guard suite.verify(vote.signature, of: vote.target.signingHash(suite: suite).bytes, by: validator) else {
                throw .badSignature(index: Int(vote.validatorIndex))
            }
        }
    }

    public func encode(to writer: inout ByteWriter) {
        writer.write(validator)
        first.encode(to: &writer)
        second.encode(to: &writer)
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        let validator = try PublicKey(from: &reader)
        let first = try Vote(from: &reader)
        let second = try Vote(from: &reader)
        self.init(validator: validator, first, second)
    }
}
