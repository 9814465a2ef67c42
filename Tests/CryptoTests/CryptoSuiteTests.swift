import Crypto
import Primitives
import PropertyBased
import Testing
import TestSupport

@Suite("Schnorr suite: keys, signatures and tagged hashes")
struct CryptoSuiteTests {
    let suite: any CryptoSuite = SchnorrSecp256k1Suite()

    @Test("a secret of zero, of the curve order, or of the wrong length is invalid_secret_key (2001)", arguments: [
        [UInt8](repeating: 0, count: 32),
        try! Hex.decode("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"),
        [UInt8](repeating: 1, count: 31),
    ])
    func invalidSecrets(secret: [UInt8]) {
        #expect(throws: CryptoError.invalidSecretKey) { try suite.signingKey(secret: secret) }
    }

    @Test("a signature verifies for its own message and key, and for no other")
    func signVerify() throws {
        let gen = Gen.uint8().array(of: 0...80)
        let alice = try suite.signingKey(secret: [UInt8](repeating: 7, count: 32))
        let bob = try suite.signingKey(secret: [UInt8](repeating: 9, count: 32))
        try seededCheck(seed: 31, count: 200, gen) { message, _ in
            let signature = try suite.sign(message, with: alice)
            #expect(suite.verify(signature, of: message, by: alice.publicKey))
            #expect(!suite.verify(signature, of: message, by: bob.publicKey))
            #expect(!suite.verify(signature, of: message + [0], by: alice.publicKey))
        }
    }

    @Test("a 32-byte string that is not a curve x coordinate is not a valid public key")
    func invalidPublicKey() throws {
        let notOnCurve = try PublicKey(bytes: Hex.decode("eefdea4cdb677750a420fee807eacf21eb9898ae79b9768766e4faa04a2d4a34"))
        #expect(!suite.isValid(publicKey: notOnCurve))
        #expect(throws: CryptoError.invalidPublicKey(length: 0)) { try PublicKey(bytes: []) }
    }

    @Test("tagged hashes follow BIP340: SHA256(SHA256(tag)‖SHA256(tag)‖msg), one tag per use")
    func taggedHash() throws {
        // Expected value computed independently with Python's hashlib:
        // t = sha256(b"Lodestone/TxID"); sha256(t + t).hexdigest()
        let tx = suite.hash(.transactionID, [])
        #expect(tx != suite.hash(.signatureHash, []))
        #expect(tx.description == "b985301f8722a4a9e337d0b9b1785e01474f6710c3cd94f0f9bb32f547979c27")
        #expect(Set(HashTag.allCases.map { suite.hash($0, [1, 2, 3]) }).count == HashTag.allCases.count)
    }
}
