import Crypto
import Primitives

/// Votes of many validators for one target, compactly: a version byte, the target, a bitmap
/// of signers (bit i of byte i/8, least significant first, is validator i) and their
/// signatures in index order. There are no aggregate signatures in the C libraries here, so
/// a receiver verifies every signature (about 1 ms for 64) and trusts nobody who forwarded it.
///
/// With more than 2/3 of the stake behind it, a precommit certificate finalizes its block
/// (a commit certificate); smaller ones are partial (an aggregator's merge on its way up).
public struct Certificate: Hashable, Sendable, CanonicalCodable {
    public static let currentVersion: UInt8 = 1

    public let version: UInt8
    public let target: VoteTarget
    public let bitmap: [UInt8]
    public let signatures: [Signature]

    public init(version: UInt8 = Certificate.currentVersion, target: VoteTarget, bitmap: [UInt8], signatures: [Signature]) {
        self.version = version
        self.target = target
        self.bitmap = bitmap
        self.signatures = signatures
    }

    /// The certificate of `signatures` (validator index → signature of `target`) for a set
    /// of `setSize` members.
    public init(target: VoteTarget, setSize: Int, signatures: [UInt16: Signature]) {
        var bitmap = [UInt8](repeating: 0, count: (setSize + 7) / 8)
        var ordered: [Signature] = []
        ordered.reserveCapacity(signatures.count)
        for index in signatures.keys.sorted() where Int(index) < setSize {
            bitmap[Int(index) / 8] |= 1 << (index % 8)
            if let signature = signatures[index] { ordered.append(signature) }
        }
        self.init(target: target, bitmap: bitmap, signatures: ordered)
    }

    /// The signers' indices, ascending.
    public var signerIndices: [UInt16] {
        var indices: [UInt16] = []
        indices.reserveCapacity(signatures.count)
        for (byteIndex, byte) in bitmap.enumerated() where byte != 0 {
            for bit in 0..<8 where byte & (1 << bit) != 0 { indices.append(UInt16(byteIndex * 8 + bit)) }
        }
        return indices
    }

    /// The votes this certificate carries, in index order (unverified).
    public var votes: [Vote] {
        zip(signerIndices, signatures).map { Vote(target: target, validatorIndex: $0, signature: $1) }
    }

    /// Checks the shape against `set` (version, bitmap length, no bits past the set, one
    /// signature per bit) and every signature; returns the stake that signed. With
    /// `requireQuorum`, less than a quorum (more than 2/3 of the stake) is refused.
    @discardableResult
    public func verify(against set: ValidatorSet, suite: any CryptoSuite, requireQuorum: Bool) throws(FinalityError) -> UInt64 {
        guard version == Self.currentVersion else { throw .unknownCertificateVersion(version) }
        guard bitmap.count == (set.count + 7) / 8 else { throw .bitmapSize(bytes: bitmap.count, setSize: set.count) }
        let indices = signerIndices
        if let last = indices.last, Int(last) >= set.count { throw .unknownValidator(index: Int(last), setSize: set.count) }
        guard indices.count == signatures.count else { throw .signatureCount(bits: indices.count, signatures: signatures.count) }
        let message = target.signingHash(suite: suite).bytes
        var stake: UInt64 = 0
        for (index, signature) in zip(indices, signatures) {
            let member = set.members[Int(index)]
            guard suite.verify(signature, of: message, by: member.key) else { throw .badSignature(index: Int(index)) }
            stake += member.stake  // ValidatorSet guarantees the total fits in UInt64.
        }
        if requireQuorum, stake < set.quorumStake { throw .noQuorum(stake: stake, needed: set.quorumStake) }
        return stake
    }

    public func encode(to writer: inout ByteWriter) {
        writer.write(version)
        target.encode(to: &writer)
        writer.writeBytes(bitmap)
        writer.writeArray(signatures)
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        let version = try reader.readUInt8()
        guard version == Self.currentVersion else { throw .unknownTag(field: "certificate.version", tag: UInt64(version)) }
        self.init(
            version: version, target: try VoteTarget(from: &reader),
            bitmap: try reader.readBytes(field: "certificate.bitmap", limit: (ValidatorSet.membersMax + 7) / 8),
            signatures: try reader.readArray(of: Signature.self, field: "certificate.signatures", limit: ValidatorSet.membersMax))
    }
}
