import Crypto
import Primitives
import Synchronization

/// The chain's suite, counting the curve arithmetic made through it: signature verifications
/// and public-key checks. A pool built on it shows which checks it verified and which it
/// answered from its memo.
final class CountingSuite: CryptoSuite {
    let base: any CryptoSuite
    private let counts = Mutex((verifications: 0, keyChecks: 0))

    init(_ base: any CryptoSuite) { self.base = base }

    /// Signatures verified so far.
    var verifications: Int { counts.withLock { $0.verifications } }
    /// Public keys checked so far.
    var keyChecks: Int { counts.withLock { $0.keyChecks } }

    var id: CryptoSuiteID { base.id }

    func hash(_ tag: HashTag, _ message: [UInt8]) -> Hash256 { base.hash(tag, message) }

    func signingKey(secret: [UInt8]) throws(CryptoError) -> any SigningKey { try base.signingKey(secret: secret) }

    func generateSigningKey() -> any SigningKey { base.generateSigningKey() }

    func sign(_ message: [UInt8], with key: any SigningKey, auxiliary: [UInt8]) throws(CryptoError) -> Signature {
        try base.sign(message, with: key, auxiliary: auxiliary)
    }

    func verify(_ signature: Signature, of message: [UInt8], by key: PublicKey) -> Bool {
        counts.withLock { $0.verifications += 1 }
        return base.verify(signature, of: message, by: key)
    }

    func isValid(publicKey key: PublicKey) -> Bool {
        counts.withLock { $0.keyChecks += 1 }
        return base.isValid(publicKey: key)
    }
}
