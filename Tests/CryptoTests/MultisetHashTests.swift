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

@Suite("Multiset hash: construction, vectors and collision sample")
struct MultisetHashTests {
    let elementGen = Gen.uint8().array(of: 0...24)

    @Test("the empty set and {\"a\",\"b\"} match vectors computed by an independent implementation")
    func fixedVectors() throws {
        // Computed with a pure-Python secp256k1 (hashlib tagged hashes, lift_x by
        // exponentiation, affine addition) following the doc comment on MultisetHash.
        // "b" needs counter 1, so the vector also pins the increment.
        let empty = MultisetHash.empty
        #expect(Hex.encode(empty.canonicalBytes) == "02e0cbd3afbf1548fc135ed74d84a0eef90ab77fc6beb1a4e5193bb609158c20b8")
        #expect(empty.digest.description == "ba0e49e1bc5e05cbeb95af04a87f58e0e4f6a9d99f18e0373e3f7787d3cd9374")

        let ab = try multisetHash([Array("a".utf8), Array("b".utf8)])
        #expect(Hex.encode(ab.canonicalBytes) == "02ce48dc542e6d1b297aecb3ac11e8d64835fb6c515476b6caa43bbc18f3de65b6")
        #expect(ab.digest.description == "a2b93cdbc98513ded9ba17d55d06dffd68c9b9e9faf0d242586fd28ddcd5cb45")
    }

    @Test("try-and-increment moves past an off-curve candidate and gives up after its bound with no_curve_point (2102)")
    func mappingBound() throws {
        // "b"'s counter-0 candidate is not an x coordinate on the curve (see the vectors).
        let b = Array("b".utf8)
        #expect(throws: MultisetHashError.noCurvePoint) {
            try MultisetHash.mapToCurve(b, tag: .multisetElement, maxTries: 1)
        }
        let point = try MultisetHash.mapToCurve(b, tag: .multisetElement, maxTries: 2)
        #expect(Secp256k1.shared.compressedEncoding(of: point).first == 0x02, "mapped points have even y")
        #expect(MultisetHashError.noCurvePoint.code == 2102)
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

    @Test("the digest is the Lodestone/MultisetDigest tagged hash of the 33-byte encoding")
    func digestDefinition() throws {
        let suite = SchnorrSecp256k1Suite()
        try seededCheck(seed: 0xEC03, count: 20, elementGen.array(of: 0...4)) { elements, _ in
            let state = try multisetHash(elements)
            #expect(state.digest == suite.hash(.multisetDigest, state.canonicalBytes))
        }
    }
}
