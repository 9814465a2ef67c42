import Primitives

/// Identifies a crypto suite in genesis files and key files.
public enum CryptoSuiteID: UInt8, Sendable, CaseIterable {
    /// BIP340 Schnorr over secp256k1 with SHA-256 tagged hashes.
    case schnorrSecp256k1 = 1
}

/// A signing key of some suite. Holds the secret; never printed.
public protocol SigningKey: Sendable {
    /// The suite that made this key.
    var suite: CryptoSuiteID { get }
    /// The 32-byte secret, for writing key files.
    var secretBytes: [UInt8] { get }
    /// The matching public key.
    var publicKey: PublicKey { get }
}

/// Everything the ledger and consensus need from cryptography, chosen once at genesis.
/// A second suite (SM2 signatures with SM3 hashes) can be added by conforming to this
/// protocol; callers only ever hold an `any CryptoSuite`.
public protocol CryptoSuite: Sendable {
    var id: CryptoSuiteID { get }

    /// The domain-separated hash of `message` under `tag`.
    func hash(_ tag: HashTag, _ message: [UInt8]) -> Hash256

    /// The signing key for a 32-byte secret.
    func signingKey(secret: [UInt8]) throws(CryptoError) -> any SigningKey

    /// A fresh signing key from the system's secure random source.
    func generateSigningKey() -> any SigningKey

    /// Signs `message`; `auxiliary` is 32 bytes of fresh randomness (fixed only in tests).
    func sign(_ message: [UInt8], with key: any SigningKey, auxiliary: [UInt8]) throws(CryptoError) -> Signature

    /// Whether `signature` is `key`'s signature of `message`. Malformed input is `false`.
    func verify(_ signature: Signature, of message: [UInt8], by key: PublicKey) -> Bool

    /// Whether `key` is a well-formed public key of this suite.
    func isValid(publicKey key: PublicKey) -> Bool
}

extension CryptoSuite {
    /// Signs with fresh auxiliary randomness.
    public func sign(_ message: [UInt8], with key: any SigningKey) throws(CryptoError) -> Signature {
        try sign(message, with: key, auxiliary: Secp256k1.randomBytes32())
    }

    /// Signs with all-zero auxiliary data (BIP340 allows it: the nonce still depends on the
    /// secret key and the message). For what the chain and consensus sign — blocks, votes,
    /// proposals — whose bytes must be the same on every run and machine.
    public func signDeterministically(_ message: [UInt8], with key: any SigningKey) throws(CryptoError) -> Signature {
        try sign(message, with: key, auxiliary: [UInt8](repeating: 0, count: 32))
    }

    /// The built-in suite with this identifier.
    public static func named(_ id: UInt8) throws(CryptoError) -> any CryptoSuite {
        switch CryptoSuiteID(rawValue: id) {
        case .schnorrSecp256k1: SchnorrSecp256k1Suite()
        case nil: throw .unknownSuite(id)
        }
    }
}
