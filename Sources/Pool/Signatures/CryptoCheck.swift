import Chain
import Crypto
import Primitives
import Synchronization

/// One of the expensive checks of validation: a public key's well-formedness or a
/// signature's verification.
enum CryptoCheck: Hashable, Sendable {
    case publicKey(PublicKey)
    case signature(Signature, message: [UInt8], key: PublicKey)

    /// Hashes the first eight bytes of the key or signature only: they are as good as random
    /// (a signature's nonce point, a key's x coordinate) and `Hasher` is seeded per process,
    /// while hashing whole signatures and messages (~130 bytes) was a visible share of
    /// admission. Equality still compares everything.
    func hash(into hasher: inout Hasher) {
        switch self {
        case .publicKey(let key):
            hasher.combine(0 as UInt8)
            key.bytes.withUnsafeBytes { hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: $0.prefix(8))) }
        case .signature(let signature, _, _):
            hasher.combine(1 as UInt8)
            signature.bytes.withUnsafeBytes { hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: $0.prefix(8))) }
        }
    }
}

/// Collects the verdicts of the checks made through a `MemoizedSuite`, in the order made. One
/// recorder serves one validation on one thread; the lock only makes that provable to the
/// compiler.
final class CryptoCheckRecorder: Sendable {
    private struct Verdicts {
        var passed: [CryptoCheck] = []
        var failed: [CryptoCheck] = []
        /// Passing checks verified here rather than answered from the memo.
        var verified: [CryptoCheck] = []
        var seen: Set<CryptoCheck> = []
    }

    private let verdicts = Mutex(Verdicts())

    /// Records a verdict; `verified` says it took the curve (it was not remembered).
    func record(_ check: CryptoCheck, passes: Bool, verified: Bool) {
        verdicts.withLock { verdicts in
            guard verdicts.seen.insert(check).inserted else { return }
            if passes { verdicts.passed.append(check) } else { verdicts.failed.append(check) }
            if passes && verified { verdicts.verified.append(check) }
        }
    }

    /// The checks that passed, each once, in the order first made.
    var passed: [CryptoCheck] { verdicts.withLock { $0.passed } }

    /// The checks that failed, each once, in the order first made.
    var failed: [CryptoCheck] { verdicts.withLock { $0.failed } }

    /// The passing checks verified here, not answered from the memo: what is new to remember.
    var verifiedPasses: [CryptoCheck] { verdicts.withLock { $0.verified } }
}
