import Primitives

/// Errors of key handling and signing (codes 2xxx).
public enum CryptoError: CodedError, Equatable {
    /// A secret key was not 32 bytes, zero, or not below the curve order.
    case invalidSecretKey
    /// A public key had the wrong length or is not a point of the suite's curve.
    case invalidPublicKey(length: Int)
    /// A signature had the wrong length for the suite.
    case invalidSignatureLength(Int)
    /// A signature did not verify.
    case badSignature
    /// The suite named by a genesis or a key file is not built in.
    case unknownSuite(UInt8)

    public var code: UInt16 {
        switch self {
        case .invalidSecretKey: 2001
        case .invalidPublicKey: 2002
        case .invalidSignatureLength: 2003
        case .badSignature: 2004
        case .unknownSuite: 2005
        }
    }

    public var name: String {
        switch self {
        case .invalidSecretKey: "invalid_secret_key"
        case .invalidPublicKey: "invalid_public_key"
        case .invalidSignatureLength: "invalid_signature_length"
        case .badSignature: "bad_signature"
        case .unknownSuite: "unknown_crypto_suite"
        }
    }

    public var message: String {
        switch self {
        case .invalidSecretKey: "secret key must be 32 bytes, non-zero and below the curve order"
        case let .invalidPublicKey(length): "public key (\(length) bytes) is not a valid key of this suite"
        case let .invalidSignatureLength(length): "signature has \(length) bytes"
        case .badSignature: "signature does not verify"
        case let .unknownSuite(id): "crypto suite \(id) is not built in"
        }
    }
}
