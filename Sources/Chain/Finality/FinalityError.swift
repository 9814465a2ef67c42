import Primitives

/// Why a vote, certificate, evidence or validator set was refused (codes 83xx, in the
/// Chain block: these are checked where blocks are).
public enum FinalityError: CodedError, Equatable {
    case unknownValidator(index: Int, setSize: Int)
    case badSignature(index: Int)
    case unknownCertificateVersion(UInt8)
    case bitmapSize(bytes: Int, setSize: Int)
    case signatureCount(bits: Int, signatures: Int)
    case noQuorum(stake: UInt64, needed: UInt64)
    case evidenceNotConflicting
    case invalidSet(reason: String)
    case wrongTarget(reason: String)

    public var code: UInt16 {
        switch self {
        case .unknownValidator: 8301
        case .badSignature: 8302
        case .unknownCertificateVersion: 8303
        case .bitmapSize: 8304
        case .signatureCount: 8305
        case .noQuorum: 8306
        case .evidenceNotConflicting: 8307
        case .invalidSet: 8308
        case .wrongTarget: 8309
        }
    }

    public var name: String {
        switch self {
        case .unknownValidator: "unknown_validator"
        case .badSignature: "bad_vote_signature"
        case .unknownCertificateVersion: "unknown_certificate_version"
        case .bitmapSize: "bitmap_size"
        case .signatureCount: "signature_count"
        case .noQuorum: "no_quorum"
        case .evidenceNotConflicting: "evidence_not_conflicting"
        case .invalidSet: "invalid_validator_set"
        case .wrongTarget: "wrong_vote_target"
        }
    }

    public var message: String {
        switch self {
        case let .unknownValidator(index, setSize): "validator index \(index) is not in a set of \(setSize)"
        case let .badSignature(index): "the signature of validator \(index) does not verify"
        case let .unknownCertificateVersion(version): "certificate version \(version) is unknown"
        case let .bitmapSize(bytes, setSize): "a bitmap of \(bytes) bytes for a set of \(setSize)"
        case let .signatureCount(bits, signatures): "\(bits) signers in the bitmap but \(signatures) signatures"
        case let .noQuorum(stake, needed): "signed stake \(stake) is below the quorum \(needed)"
        case .evidenceNotConflicting: "the two votes are not for one slot with different blocks by one signer"
        case let .invalidSet(reason): "validator set: \(reason)"
        case let .wrongTarget(reason): "vote target: \(reason)"
        }
    }
}
