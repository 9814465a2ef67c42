import CSecp256k1
import Primitives

/// BIP340 Schnorr signatures over secp256k1 and SHA-256 tagged hashes, by libsecp256k1.
public struct SchnorrSecp256k1Suite: CryptoSuite {
    public init() {}

    public var id: CryptoSuiteID { .schnorrSecp256k1 }

    public func hash(_ tag: HashTag, _ message: [UInt8]) -> Hash256 {
        // 32 bytes from the library always form a valid hash.
        try! Hash256(bytes: Secp256k1.shared.taggedHash(tag: tag.bytes, message: message))
    }

    public func signingKey(secret: [UInt8]) throws(CryptoError) -> any SigningKey {
        try SchnorrSigningKey(secret: secret)
    }

    public func generateSigningKey() -> any SigningKey {
        while true {
            // A random 32-byte value is outside the valid range with probability ≈ 2⁻¹²⁸.
            if let key = try? SchnorrSigningKey(secret: Secp256k1.randomBytes32()) { return key }
        }
    }

    public func sign(_ message: [UInt8], with key: any SigningKey, auxiliary: [UInt8]) throws(CryptoError) -> Signature {
        guard let key = key as? SchnorrSigningKey else { throw .invalidSecretKey }
        let signature = Secp256k1.shared.sign(message: message, keypair: key.keypair, auxiliary: auxiliary)
        return try Signature(bytes: signature)
    }

    public func verify(_ signature: Signature, of message: [UInt8], by key: PublicKey) -> Bool {
        Secp256k1.shared.verify(signature: signature.bytes, message: message, publicKey: key.bytes)
    }

    public func isValid(publicKey key: PublicKey) -> Bool {
        Secp256k1.shared.isValidXOnlyPublicKey(key.bytes)
    }
}

/// A BIP340 keypair: the secret and its precomputed public point, so signing costs one
/// scalar multiplication, not two.
struct SchnorrSigningKey: SigningKey {
    let secretBytes: [UInt8]
    let keypair: secp256k1_keypair
    let publicKey: PublicKey

    var suite: CryptoSuiteID { .schnorrSecp256k1 }

    init(secret: [UInt8]) throws(CryptoError) {
        guard let keypair = Secp256k1.shared.keypair(secret: secret) else { throw .invalidSecretKey }
        secretBytes = secret
        self.keypair = keypair
        publicKey = try PublicKey(bytes: Secp256k1.shared.xOnlyPublicKey(of: keypair))
    }
}
