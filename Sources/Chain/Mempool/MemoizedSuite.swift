import Crypto
import Primitives

/// The chain's crypto suite, answering key and signature checks from `known` where it can
/// and recording every check made through it.
///
/// Both checks are pure functions of their inputs, so a remembered answer is the answer:
/// the mempool verifies a batch in parallel outside its lock, then runs the very same
/// validation code under the lock with those answers at hand (as Bitcoin Core's signature
/// cache does); a pooled item keeps the answers it passed with, so re-checking it after a
/// block verifies nothing again.
struct MemoizedSuite: CryptoSuite {
    let base: any CryptoSuite
    let known: [CryptoCheck: Bool]
    let recorder: CryptoCheckRecorder
    /// Checks verified ahead of admission; consulted after `known`.
    var cache: SignatureCache? = nil

    var id: CryptoSuiteID { base.id }

    func hash(_ tag: HashTag, _ message: [UInt8]) -> Hash256 { base.hash(tag, message) }

    func signingKey(secret: [UInt8]) throws(CryptoError) -> any SigningKey { try base.signingKey(secret: secret) }

    func generateSigningKey() -> any SigningKey { base.generateSigningKey() }

    func sign(_ message: [UInt8], with key: any SigningKey, auxiliary: [UInt8]) throws(CryptoError) -> Signature {
        try base.sign(message, with: key, auxiliary: auxiliary)
    }

    func verify(_ signature: Signature, of message: [UInt8], by key: PublicKey) -> Bool {
        answer(.signature(signature, message: message, key: key)) { base.verify(signature, of: message, by: key) }
    }

    func isValid(publicKey key: PublicKey) -> Bool {
        answer(.publicKey(key)) { base.isValid(publicKey: key) }
    }

    private func answer(_ check: CryptoCheck, computing compute: () -> Bool) -> Bool {
        let answer = known[check] ?? (cache?.contains(check) == true ? true : compute())
        recorder.record(check, answer)
        return answer
    }
}
