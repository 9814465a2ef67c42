import Primitives

/// A commitment to a multiset of byte strings (the UTXO set: one element per unspent
/// output, `outputID ‖ canonical output bytes`) that is order-independent and updates in
/// O(changes): Bitcoin Core's MuHash3072 (see `MuHash3072`), with Lodestone's domain
/// separation and a canonical state.
///
/// Construction, exactly (p = 2³⁰⁷² − 1103717; `le384(v)`: v as 384 bytes, little-endian):
/// - `H_t(m)` is the BIP340 tagged hash `SHA256(SHA256(t) ‖ SHA256(t) ‖ m)`; `t` is one of
///   the ASCII tags below.
/// - Element value: `X(e) = MuHash3072.ToNum3072(H_"Lodestone/MultisetElement"(e))`, i.e.
///   the first 384 bytes of ChaCha20 keystream (RFC 8439, key `SHA256(H_…(e))`, nonce 0,
///   counters 0…5) read as a little-endian integer.
/// - State of a multiset `M`, counting multiplicity: `S(M) = Π_{e ∈ M} X(e) mod p`, with
///   `S(∅) = 1`. Inserting `e` multiplies by `X(e)`; removing `e` by `X(e)⁻¹`.
/// - Encoding: `le384(S(M))`, with `S(M)` fully reduced, in [1, p).
/// - Digest (what a block header carries): `H_"Lodestone/MultisetDigest"(le384(S(M)))`.
///
/// So the state is one canonical number, not Bitcoin's numerator/denominator pair: a node
/// that rebuilds the set from its store gets the same encoding and digest as one that
/// followed it block by block. Batches (`MultisetHashAccumulator`) keep a fraction and
/// invert once when applied.
///
/// Why MuHash: finding two multisets with the same state means solving a discrete
/// logarithm in a 3072-bit prime field (Clarke et al. 2003; Maitin-Shepard et al. 2016),
/// and one element costs a SHA-256, six ChaCha20 blocks and one 3072-bit multiplication:
/// several times cheaper than mapping an element to an elliptic curve.
///
/// The construction is fixed, whatever signature suite the chain's genesis names.
public struct MultisetHash: Hashable, Sendable {
    /// Longest element accepted: no element is larger than a whole transaction (4 MiB).
    public static let maxElementBytes = 4 << 20

    /// The state of the empty multiset: 1.
    public static let empty = MultisetHash(value: .one)

    /// `S(M)`. Invariant: fully reduced and not zero, so every state has one encoding and
    /// stays invertible.
    let value: Num3072

    init(value: Num3072) {
        precondition(!value.isAtLeastModulus && value != .zero, "a multiset state is in [1, p)")
        self.value = value
    }

    /// The 32-byte digest a block header commits to.
    public var digest: Hash256 { SchnorrSecp256k1Suite().hash(.multisetDigest, value.littleEndianBytes) }
}
