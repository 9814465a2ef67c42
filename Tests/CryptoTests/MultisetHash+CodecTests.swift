@testable import Crypto
import Primitives
import PropertyBased
import Testing
import TestSupport

@Suite("Multiset hash: 33-byte canonical encoding")
struct MultisetHashCodecTests {
    @Test("encoding round-trips, and a restored state keeps updating like the original")
    func roundTrip() throws {
        let gen = zip(Gen.uint8().array(of: 0...16).array(of: 0...5), Gen.uint8().array(of: 0...16))
        try seededCheck(seed: 0xEC11, count: 40, gen) { sample, _ in
            let (elements, next) = sample
            let state = try multisetHash(elements)
            let bytes = state.canonicalBytes
            #expect(bytes.count == MultisetHash.encodedLength)
            let restored = try MultisetHash(canonicalBytes: bytes)
            #expect(restored == state)
            #expect(restored.digest == state.digest)
            var batch = MultisetHashAccumulator()
            try batch.insert(next)
            #expect(try batch.applied(to: restored) == batch.applied(to: state))
        }
    }

    @Test("bytes that are not the one encoding of a curve point are invalid_value (1006)", arguments: [
        // Uncompressed-form prefix, then a valid x.
        "04e0cbd3afbf1548fc135ed74d84a0eef90ab77fc6beb1a4e5193bb609158c20b8",
        "00e0cbd3afbf1548fc135ed74d84a0eef90ab77fc6beb1a4e5193bb609158c20b8",
        // x = p: a second spelling of x = 0 would break "one encoding per point".
        "02fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f",
        // x with x³ + 7 not a square.
        "02eefdea4cdb677750a420fee807eacf21eb9898ae79b9768766e4faa04a2d4a34",
    ])
    func rejectsNonPoints(hex: String) throws {
        let bytes = try Hex.decode(hex)
        #expect(throws: PrimitivesError.invalidValue(field: "multiset_hash", reason: "not a compressed secp256k1 point")) {
            try MultisetHash(canonicalBytes: bytes)
        }
    }

    @Test("a short encoding is truncated (1001); a long one has trailing_bytes (1002)")
    func rejectsWrongLength() throws {
        let bytes = MultisetHash.empty.canonicalBytes
        #expect(throws: PrimitivesError.truncated(needed: 33, available: 32)) {
            try MultisetHash(canonicalBytes: Array(bytes.dropLast()))
        }
        #expect(throws: PrimitivesError.trailingBytes(count: 1)) {
            try MultisetHash(canonicalBytes: bytes + [0])
        }
    }
}
