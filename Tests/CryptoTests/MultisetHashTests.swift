@testable import Crypto
import Primitives
import PropertyBased
import Testing
import TestSupport

/// The state of the multiset `elements`, hashed from scratch in one batch.
func multisetHash(_ elements: [[UInt8]]) throws -> MultisetHash {
    var batch = MultisetHashAccumulator()
    for element in elements { try batch.insert(element) }
    return try batch.applied(to: .empty)
}

/// The same multiset whatever the order, as a dictionary key.
func canonicalOrder(_ elements: [[UInt8]]) -> [[UInt8]] {
    elements.sorted { $0.lexicographicallyPrecedes($1) }
}

@Suite("Multiset hash (MuHash3072): construction, vectors and collision sample")
struct MultisetHashTests {
    let elementGen = Gen.uint8().array(of: 0...24)

    @Test("the empty set and {\"a\",\"b\"} match vectors computed by an independent implementation")
    func fixedVectors() throws {
        // Computed with Python (hashlib tagged hashes, the cryptography package's ChaCha20,
        // integers mod p) following the doc comment on MultisetHash.
        let empty = MultisetHash.empty
        #expect(empty.canonicalBytes == [1] + [UInt8](repeating: 0, count: 383))
        #expect(empty.digest.description == "c70a506be2316fd12bd9cccfa6c91e3d911fa9ce109602735820dd3f7eca271c")

        let ab = try multisetHash([Array("a".utf8), Array("b".utf8)])
        #expect(Hex.encode(ab.canonicalBytes.prefix(32)) == "f2c8ea47e1d5ef5cbe2af2ca3ece30a9f76658f6f0dbf3522203a3d28f8bc5de")
        #expect(ab.digest.description == "78848b8b84560f682769522523dc1a9c6882268302d9c3a1f6bad9cc7b2e8d8f")
    }

    @Test("an element's value is Bitcoin's MuHash3072 of its 32-byte Lodestone/MultisetElement tagged hash")
    func elementConstruction() throws {
        try seededCheck(seed: 0xEC04, count: 10, elementGen) { element, _ in
            let tagged = SchnorrSecp256k1Suite().hash(.multisetElement, element).bytes
            let value = try multisetHash([element]).value
            #expect(value == MuHash3072.expand(tagged).reduced)
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
            #expect(try removeOne.applied(to: twice) == once)
        }
    }

    @Test("the digest is the Lodestone/MultisetDigest tagged hash of the 384-byte encoding")
    func digestDefinition() throws {
        let suite = SchnorrSecp256k1Suite()
        try seededCheck(seed: 0xEC03, count: 20, elementGen.array(of: 0...4)) { elements, _ in
            let state = try multisetHash(elements)
            #expect(state.digest == suite.hash(.multisetDigest, state.canonicalBytes))
        }
    }
}
