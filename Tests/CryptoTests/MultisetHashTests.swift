import Primitives
import PropertyBased
import TestSupport
import Testing

@testable import Crypto

/// The state of the multiset `elements`, hashed from scratch in one batch.
func multisetHash(_ elements: [[UInt8]]) throws -> MultisetHash {
    var batch = MultisetHashAccumulator()
    for element in elements { try batch.insert(element) }
    return batch.applied(to: .empty)
}

/// The same multiset whatever the order, as a dictionary key.
func canonicalOrder(_ elements: [[UInt8]]) -> [[UInt8]] {
    elements.sorted { $0.lexicographicallyPrecedes($1) }
}

@Suite("Multiset hash (LtHash16): construction, vectors and collision sample")
struct MultisetHashTests {
    let elementGen = Gen.uint8().array(of: 0...24)

    @Test(
        "∅, {\"a\"}, {\"a\",\"b\"}, {\"a\",\"a\"} and {\"a\",\"b\",\"c\"} − {\"c\"} match vectors computed by an independent implementation"
    )
    func fixedVectors() throws {
        // Computed with Python (the blake3 package, derive_key mode, and integer lanes mod
        // 2^16) following the doc comment on MultisetHash; also in docs/CHAIN.md.
        let empty = MultisetHash.empty
        #expect(empty.canonicalBytes == [UInt8](repeating: 0, count: 2048))
        #expect(empty.digest.description == "2c46357fbd72497ab222ab3856cab846ff1fe0514c4bd8adf0caace62a77e0d5")

        let a = try multisetHash([Array("a".utf8)])
        #expect(Hex.encode(a.canonicalBytes.prefix(16)) == "e56f07f2af006972cd14467f5125f463")
        #expect(a.digest.description == "ede55f9d39b0e6b1c966e650eb21c26081feb2221de75f0999bbcafc94dc46b2")

        let ab = try multisetHash([Array("a".utf8), Array("b".utf8)])
        #expect(Hex.encode(ab.canonicalBytes.prefix(16)) == "34190759ca144467bc7dc7f21237b997")
        #expect(ab.digest.description == "8feb01f269a4c5282cb004e1b23791c3e22fca773b0394e0bb7fbe0e495b1ff3")

        let aa = try multisetHash([Array("a".utf8), Array("a".utf8)])
        #expect(aa.digest.description == "48c10d29eecd51a72c09108287ce8f08ff8dcbe873ede4c13b64090195f38e3e")

        var removeC = MultisetHashAccumulator()
        try removeC.remove(Array("c".utf8))
        #expect(removeC.applied(to: try multisetHash([Array("a".utf8), Array("b".utf8), Array("c".utf8)])) == ab)
    }

    @Test("a state is the lane-wise sum mod 2^16 of its elements' derive_key BLAKE3 values")
    func elementConstruction() throws {
        try seededCheck(seed: 0xEC04, count: 10, elementGen.array(of: 0...4)) { elements, _ in
            var expected = [UInt16](repeating: 0, count: 1024)
            for element in elements { expected = zip(expected, ltHashLanes(element)).map { $0 &+ $1 } }
            let lanes = try multisetHash(elements).state.lanes
            #expect(lanes == expected)
        }
    }

    @Test("an element over 4 MiB is multiset_element_too_long (2101); one of exactly 4 MiB hashes")
    func elementLimit() throws {
        let limit = MultisetHash.maxElementBytes
        var batch = MultisetHashAccumulator()
        #expect(throws: MultisetHashError.elementTooLong(length: limit + 1, limit: limit)) {
            try batch.insert([UInt8](repeating: 7, count: limit + 1))
        }
        #expect(throws: MultisetHashError.elementTooLong(length: limit + 1, limit: limit)) {
            try batch.remove([UInt8](repeating: 7, count: limit + 1))
        }
        #expect(batch.count == 0, "a rejected element leaves the batch unchanged")
        try batch.insert([UInt8](repeating: 7, count: limit))
        #expect(batch.count == 1)
    }

    @Test("distinct multisets give distinct digests (300 seeded samples)")
    func distinctSets() throws {
        var digests: [[[UInt8]]: Hash256] = [:]
        try seededCheck(seed: 0xEC01, count: 300, elementGen.array(of: 0...6)) { elements, _ in
            digests[canonicalOrder(elements)] = try multisetHash(elements).digest
        }
        #expect(digests.count > 250, "the sample has mostly distinct sets")
        #expect(Set(digests.values).count == digests.count)
    }

    @Test("duplicates count: {x,x} differs from {x} and from {}, and removing one x from {x,x} gives {x}")
    func multiplicity() throws {
        try seededCheck(seed: 0xEC02, count: 30, elementGen) { x, _ in
            let once = try multisetHash([x])
            let twice = try multisetHash([x, x])
            #expect(once != twice)
            #expect(twice != .empty)
            var removeOne = MultisetHashAccumulator()
            try removeOne.remove(x)
            #expect(removeOne.applied(to: twice) == once)
        }
    }

    @Test("the digest is 32 bytes of BLAKE3 (derive_key, the digest context) of the 2048-byte encoding")
    func digestDefinition() throws {
        try seededCheck(seed: 0xEC03, count: 20, elementGen.array(of: 0...4)) { elements, _ in
            let state = try multisetHash(elements)
            var hasher = BLAKE3.Hasher(derivingKeyFrom: "Lodestone 2026-12-02 UTXO-set LtHash16 digest")
            hasher.update(state.canonicalBytes)
            #expect(state.digest.bytes == hasher.finalize())
        }
    }
}
