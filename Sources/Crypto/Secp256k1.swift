import CSecp256k1
import Foundation
import Primitives

/// The one place that touches libsecp256k1. Owns a single context, created and randomized
/// once, shared by every thread: the library documents const-context calls as thread-safe,
/// and this type only ever passes the context as const after creation.
final class Secp256k1: @unchecked Sendable {
    static let shared = Secp256k1()

    let context: OpaquePointer

    private init() {
        guard let context = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE)) else {
            fatalError("secp256k1_context_create failed: out of memory")
        }
        // Randomization blinds the signing computation against side channels; it never
        // changes a result, so determinism is unaffected.
        var seed = Secp256k1.randomBytes32()
        precondition(secp256k1_context_randomize(context, &seed) == 1, "secp256k1_context_randomize failed")
        self.context = context
    }

    static func randomBytes32() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// BIP340 tagged hash: SHA256(SHA256(tag) ‖ SHA256(tag) ‖ message).
    func taggedHash(tag: [UInt8], message: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        let status = secp256k1_tagged_sha256(context, &digest, tag, tag.count, message, message.count)
        precondition(status == 1, "secp256k1_tagged_sha256 always returns 1")
        return digest
    }

    /// The keypair for a 32-byte secret, or nil when the secret is zero or ≥ the group order.
    func keypair(secret: [UInt8]) -> secp256k1_keypair? {
        guard secret.count == 32 else { return nil }
        var keypair = secp256k1_keypair()
        guard secp256k1_keypair_create(context, &keypair, secret) == 1 else { return nil }
        return keypair
    }

    /// The 32-byte x-only public key of a keypair.
    func xOnlyPublicKey(of keypair: secp256k1_keypair) -> [UInt8] {
        var keypair = keypair
        var xOnly = secp256k1_xonly_pubkey()
        precondition(secp256k1_keypair_xonly_pub(context, &xOnly, nil, &keypair) == 1, "valid keypair")
        return serialize(xOnly)
    }

    /// Whether 32 bytes are the x coordinate of a point on the curve.
    /// Parsing a key costs a field square root; the same few keys (market makers, fee
    /// collectors) appear in almost every transaction, so valid ones are remembered.
    func isValidXOnlyPublicKey(_ bytes: [UInt8]) -> Bool {
        guard let key = try? Hash256(bytes: bytes) else { return false }
        if validKeys.contains(key) { return true }
        guard parse(bytes) != nil else { return false }
        validKeys.insert(key)
        return true
    }

    private let validKeys = BoundedSet<Hash256>(capacity: 1 << 16)

    private func parse(_ bytes: [UInt8]) -> secp256k1_xonly_pubkey? {
        guard bytes.count == 32 else { return nil }
        var xOnly = secp256k1_xonly_pubkey()
        guard secp256k1_xonly_pubkey_parse(context, &xOnly, bytes) == 1 else { return nil }
        return xOnly
    }

    private func serialize(_ xOnly: secp256k1_xonly_pubkey) -> [UInt8] {
        var xOnly = xOnly
        var bytes = [UInt8](repeating: 0, count: 32)
        precondition(secp256k1_xonly_pubkey_serialize(context, &bytes, &xOnly) == 1, "serialize never fails")
        return bytes
    }

    /// BIP340 signature of a message of any length with 32 bytes of auxiliary randomness.
    func sign(message: [UInt8], keypair: secp256k1_keypair, auxiliary: [UInt8]) -> [UInt8] {
        precondition(auxiliary.count == 32, "BIP340 auxiliary data is 32 bytes")
        var keypair = keypair
        var auxiliary = auxiliary
        var signature = [UInt8](repeating: 0, count: 64)
        let status = auxiliary.withUnsafeMutableBytes { auxPointer in
            var params = secp256k1_schnorrsig_extraparams(
                magic: (0xDA, 0x6F, 0xB3, 0x8C), noncefp: nil, ndata: auxPointer.baseAddress)
            return secp256k1_schnorrsig_sign_custom(context, &signature, message, message.count, &keypair, &params)
        }
        precondition(status == 1, "signing with a valid keypair and the default nonce function cannot fail")
        return signature
    }

    /// BIP340 verification. False for a malformed key or signature as well as a wrong one.
    func verify(signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        guard signature.count == 64, var xOnly = parse(publicKey) else { return false }
        return secp256k1_schnorrsig_verify(context, signature, message, message.count, &xOnly) == 1
    }
}
