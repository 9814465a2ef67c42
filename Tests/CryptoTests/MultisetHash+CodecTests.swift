import Primitives
import PropertyBased
import TestSupport
import Testing

@testable import Crypto

@Suite("Multiset hash: 2048-byte canonical encoding")
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
            #expect(batch.applied(to: restored) == batch.applied(to: state))
        }
    }

    @Test(
        "every 2048-byte string is a state (all 0xFF, a pattern) and re-encodes to itself",
        arguments: [
            [UInt8](repeating: 0xFF, count: 2048), (0..<2048).map { UInt8($0 % 251) },
        ])
    func everyStringDecodes(bytes: [UInt8]) throws {
        let state = try MultisetHash(canonicalBytes: bytes)
        #expect(state.canonicalBytes == bytes)
        var batch = MultisetHashAccumulator()
        try batch.insert([1])
        try batch.remove([1])
        #expect(batch.applied(to: state) == state)
    }

    @Test("a short encoding is truncated (1001); a long one has trailing_bytes (1002)")
    func rejectsWrongLength() throws {
        let bytes = MultisetHash.empty.canonicalBytes
        #expect(throws: PrimitivesError.truncated(needed: 2048, available: 2047)) {
            try MultisetHash(canonicalBytes: Array(bytes.dropLast()))
        }
        #expect(throws: PrimitivesError.trailingBytes(count: 1)) {
            try MultisetHash(canonicalBytes: bytes + [0])
        }
    }
}
