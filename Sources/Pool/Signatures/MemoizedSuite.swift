import Chain
import Crypto
import Primitives

/// The chain's crypto suite, answering key and signature checks from the pool's
/// `SignatureMemo` (and, within one admitted batch, from the failures its precheck found)
/// where it can, and recording every verdict given through it.
///
/// The mempool verifies a batch in parallel outside its lock, then runs the very same
/// validation code under the lock with those verdicts at hand; a pooled item's passing
/// checks stay pinned in the memo, so re-checking it after a block verifies nothing again.
struct MemoizedSuite: CryptoSuite {
    let base: any CryptoSuite
    let memo: SignatureMemo
    /// Checks the batch's precheck found failing: known for the length of one `submit` call
    /// only, never remembered past it.
    let refuted: Set<CryptoCheck>
    let recorder: CryptoCheckRecorder

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
        if memo.passes(check) {
            recorder.record(check, passes: true, verified: false)
            return true
        }
        let passes = !refuted.contains(check) && compute()
        recorder.record(check, passes: passes, verified: !refuted.contains(check))
        return passes
    }
}
