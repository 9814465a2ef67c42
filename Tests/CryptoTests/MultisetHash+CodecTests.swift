@testable import Crypto
import Primitives
import PropertyBased
import Testing
import TestSupport

@Suite("Multiset hash: 384-byte canonical encoding")
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

    @Test("a value ≥ p (p itself, p + 1, 2^3072 − 1) or 0 is invalid_value (1006)", arguments: [
        (Num3072.modulus.littleEndianBytes, "not below the modulus 2^3072 - 1103717"),
        ([0x9C, 0x28, 0xEF] + [UInt8](repeating: 0xFF, count: 381), "not below the modulus 2^3072 - 1103717"),
        ([UInt8](repeating: 0xFF, count: 384), "not below the modulus 2^3072 - 1103717"),
        ([UInt8](repeating: 0, count: 384), "zero is no multiset's state"),
    ])
    func rejectsNonStates(bytes: [UInt8], reason: String) throws {
        #expect(throws: PrimitivesError.invalidValue(field: "multiset_hash", reason: reason)) {
            try MultisetHash(canonicalBytes: bytes)
        }
    }

    @Test("p − 1, the largest state, decodes")
    func acceptsLargest() throws {
        var bytes = Num3072.modulus.littleEndianBytes
        bytes[0] -= 1
        #expect(try MultisetHash(canonicalBytes: bytes).canonicalBytes == bytes)
    }

    @Test("a short encoding is truncated (1001); a long one has trailing_bytes (1002)")
    func rejectsWrongLength() throws {
        let bytes = MultisetHash.empty.canonicalBytes
        #expect(throws: PrimitivesError.truncated(needed: 384, available: 383)) {
            try MultisetHash(canonicalBytes: Array(bytes.dropLast()))
        }
        #expect(throws: PrimitivesError.trailingBytes(count: 1)) {
            try MultisetHash(canonicalBytes: bytes + [0])
        }
    }
}
