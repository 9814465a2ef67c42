import Primitives

/// A commitment to a multiset of byte strings (the UTXO set: one element per unspent
/// output, `outputID ‖ canonical output bytes`) that is order-independent and updates in
/// O(changes): LtHash16 (see `LtHash` for the construction, its domain separation and why
/// it is sound).
///
/// Construction, exactly:
/// - Element value `X(e)`: the first 2048 bytes of BLAKE3 in `derive_key` mode with the
///   context `"Lodestone 2026-12-02 UTXO-set LtHash16 element"` and key material `e`, read as
///   1024 little-endian 16-bit lanes.
/// - State of a multiset `M`, counting multiplicity: `S(M) = Σ_{e ∈ M} X(e)`, lane-wise
///   mod 2¹⁶; `S(∅)` is all zero. Inserting `e` adds `X(e)`; removing `e` subtracts it.
/// - Encoding: the 1024 lanes, lane 0 first, each little-endian (2048 bytes).
/// - Digest (what a block header carries): 32 bytes of BLAKE3 in `derive_key` mode with the
///   context `"Lodestone 2026-12-02 UTXO-set LtHash16 digest"` and key material the encoding.
///
/// A state is a plain vector, so a node that rebuilds the set from its store gets the same
/// encoding and digest as one that followed it block by block, and batches
/// (`MultisetHashAccumulator`) are vectors too: they merge and apply by adding.
///
/// Why LtHash and not the MuHash3072 it replaced: measured in one run
/// (`lodestone-commitbench`, docs/CHAIN.md), an element costs a BLAKE3 expansion and a lane
/// add instead of a SHA-256, six ChaCha20 blocks and a 3072-bit modular multiplication, and a
/// block applies its batch with one 1024-lane add instead of a modular inversion.
///
/// The construction is fixed, whatever signature suite the chain's genesis names.
public struct MultisetHash: Hashable, Sendable {
    /// Longest element accepted: no element is larger than a whole transaction (4 MiB).
    public static let maxElementBytes = 4 << 20

    /// The state of the empty multiset: all lanes zero.
    public static let empty = MultisetHash(state: LtHash())

    /// `S(M)`.
    let state: LtHash

    init(state: LtHash) { self.state = state }

    /// The 32-byte digest a block header commits to.
    public var digest: Hash256 {
        // 32 bytes by construction, so the length check cannot fail.
        do { return try Hash256(bytes: state.digest) } catch { preconditionFailure("a BLAKE3 digest is 32 bytes") }
    }
}
