import Crypto
import Primitives
import Synchronization

/// One of the expensive checks of validation: a public key's well-formedness or a
/// signature's verification.
enum CryptoCheck: Hashable, Sendable {
    case publicKey(PublicKey)
    case signature(Signature, message: [UInt8], key: PublicKey)

    /// Hashes the first eight bytes of the key or signature only: answers live in
    /// dictionaries of one item's few checks, so buckets need no more, and hashing whole
    /// signatures and messages (~130 bytes) was a visible share of admission. Equality
    /// still compares everything.
    func hash(into hasher: inout Hasher) {
        switch self {
        case let .publicKey(key):
            hasher.combine(0 as UInt8)
            key.bytes.withUnsafeBytes { hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: $0.prefix(8))) }
        case let .signature(signature, _, _):
            hasher.combine(1 as UInt8)
            signature.bytes.withUnsafeBytes { hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: $0.prefix(8))) }
        }
    }
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
