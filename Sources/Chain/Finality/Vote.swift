import Crypto
import Primitives

/// One validator's signed vote. The validator is named by its index in the validator set of
/// the vote's height (the set a receiver checks the signature against).
public struct Vote: Hashable, Sendable, CanonicalCodable {
    public let target: VoteTarget
    public let validatorIndex: UInt16
    public let signature: Signature

    public init(target: VoteTarget, validatorIndex: UInt16, signature: Signature) {
        self.target = target
        self.validatorIndex = validatorIndex
        self.signature = signature
    }

    /// Signs `target` as the validator at `index`.
    public static func signed(
        _ target: VoteTarget, index: UInt16, key: any SigningKey, suite: any CryptoSuite
    ) throws(CryptoError) -> Vote {
        Vote(target: target, validatorIndex: index, signature: try suite.signDeterministically(target.signingHash(suite: suite).bytes, with: key))
    }

    /// Checks the vote against `set`: a member's index and that member's signature.
    public func verify(against set: ValidatorSet, suite: any CryptoSuite) throws(FinalityError) {
        guard Int(validatorIndex) < set.count else { throw .unknownValidator(index: Int(validatorIndex), setSize: set.count) }
        let key = set.members[Int(validatorIndex)].key
        guard suite.verify(signature, of: target.signingHash(suite: suite).bytes, by: key) else {
            throw .badSignature(index: Int(validatorIndex))
        }
    }

    public func encode(to writer: inout ByteWriter) {
        target.encode(to: &writer)
        writer.write(validatorIndex)
        writer.write(signature)
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        self.init(target: try VoteTarget(from: &reader), validatorIndex: try reader.readUInt16(), signature: try Signature(from: &reader))
    }
}
