import Crypto
import Primitives
import Synchronization

/// One of the expensive checks of validation: a public key's well-formedness or a
/// signature's verification.
enum CryptoCheck: Hashable, Sendable {
    case publicKey(PublicKey)
    case signature(Signature, message: [UInt8], key: PublicKey)
}

/// Collects the checks made through a `MemoizedSuite` and their answers. One recorder
/// serves one validation on one thread; the lock only makes that provable to the compiler.
final class CryptoCheckRecorder: Sendable {
    private let checks = Mutex<[CryptoCheck: Bool]>([:])

    func record(_ check: CryptoCheck, _ answer: Bool) {
        checks.withLock { $0[check] = answer }
    }

    /// Every check recorded so far, with its answer.
    var answers: [CryptoCheck: Bool] { checks.withLock { $0 } }
}
