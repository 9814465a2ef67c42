import CSecp256k1
import Primitives

/// A commitment to a multiset of byte strings (the UTXO set: one element per unspent
/// output, `outputID ‖ canonical output bytes`) that is order-independent and updates in
/// O(changes): an elliptic-curve multiset hash (ECMH) on secp256k1.
///
/// Construction, exactly (secp256k1: y² = x³ + 7 over p = 2²⁵⁶ − 2³² − 977):
/// - `H_t(m)` is the BIP340 tagged hash `SHA256(SHA256(t) ‖ SHA256(t) ‖ m)`; `t` is one of
///   the ASCII tags below.
/// - Map to curve, `Map_t(e)`: for counter `c = 0, 1, …, 255`, let
///   `x = H_t(le32(c) ‖ e)` (`le32`: 4 bytes, little-endian), read as a big-endian integer.
///   The first `x` with `x < p` and `x³ + 7` a square mod p gives the point `(x, y)` with
///   even `y` (BIP340 `lift_x`; SEC1 compressed `0x02 ‖ x`). Each try succeeds with
///   probability ≈ 1/2, so an element with no point after 256 tries (≈ 2⁻²⁵⁶) is rejected
///   (`noCurvePoint`) rather than tried forever.
/// - Element point: `P(e) = Map_"Lodestone/MultisetElement"(e)`.
/// - Base point: `B = Map_"Lodestone/MultisetBase"(empty string)`. An affine point cannot be
///   infinity (the empty sum), so every state is offset by `B`, whose discrete logarithm
///   relative to element points nobody knows.
/// - State of a multiset `M`, counting multiplicity: `S(M) = B + Σ_{e ∈ M} P(e)`. Inserting
///   `e` adds `P(e)`; removing `e` adds `−P(e)`.
/// - Encoding: `S(M)` as a 33-byte SEC1 compressed point (`0x02`/`0x03` for even/odd y,
///   then x big-endian).
/// - Digest (what a block header carries): `H_"Lodestone/MultisetDigest"(encoding)`.
///
/// Why a curve: finding two multisets with the same state is as hard as a discrete
/// logarithm in secp256k1 (random-oracle argument of Clarke et al. 2003 and Maitin-Shepard
/// et al. 2016), so grinding output IDs does not help. A XOR or a sum of hashes mod 2²⁵⁶
/// would fall to Wagner's generalized-birthday attack.
///
/// The construction is fixed, whatever signature suite the chain's genesis names.
public struct MultisetHash: Hashable, Sendable {
    /// Longest element accepted: no element is larger than a whole transaction (4 MiB).
    public static let maxElementBytes = 4 << 20

    /// The state of the empty multiset: the base point `B`.
    public static let empty = MultisetHash(
        // Cannot throw: `B` is found at a fixed counter, which the test vectors pin.
        point: try! mapToCurve([], tag: .multisetBase))

    /// The state's compressed encoding. Invariant: a valid point, because every value is
    /// made either from a library point or from bytes the library parsed.
    let compressedPoint: [UInt8]

    init(point: secp256k1_pubkey) {
        compressedPoint = Secp256k1.shared.compressedEncoding(of: point)
    }

    /// The state as a library point, for the next update.
    var point: secp256k1_pubkey {
        guard let point = Secp256k1.shared.parseCompressedPoint(compressedPoint) else {
            preconditionFailure("MultisetHash holds a valid point by construction")
        }
        return point
    }

    /// The 32-byte digest a block header commits to.
    public var digest: Hash256 { SchnorrSecp256k1Suite().hash(.multisetDigest, compressedPoint) }
}
