import Primitives
import Testing

@Suite("Hash256: bytes, order, and dictionary hashing")
struct Hash256Tests {
    /// IDs made from counters (tests, benchmarks) differ in one word only; hashing one fixed
    /// word would put them all in one bucket and make every dictionary of them quadratic.
    @Test("hashes that differ in any one 64-bit word get different hash values; equality still compares all 32 bytes")
    func hashSpreadsEveryWord() throws {
        for word in 0..<4 {
            let values = try (0..<1_000).map { counter -> Hash256 in
                var bytes = [UInt8](repeating: 0, count: 32)
                bytes[word * 8 + 7] = UInt8(counter & 0xFF)
                bytes[word * 8 + 6] = UInt8(counter >> 8)
                return try Hash256(bytes: bytes)
            }
            #expect(Set(values.map(\.hashValue)).count == values.count, "word \(word)")
        }
        // Equal words in w0 and w1 cancel in `hash(into:)`'s XOR (used when a hash is part of a
        // larger key); dictionaries of hashes use the keyed fold, where they do not, and
        // equality compares all 32 bytes either way.
        var colliding = [UInt8](repeating: 0, count: 32)
        colliding[0] = 1
        colliding[8] = 1
        let value = try Hash256(bytes: colliding)
        var hasher = Hasher()
        var zeroHasher = Hasher()
        value.hash(into: &hasher)
        Hash256.zero.hash(into: &zeroHasher)
        #expect(hasher.finalize() == zeroHasher.finalize())
        #expect(value.hashValue != Hash256.zero.hashValue && value != Hash256.zero)
        #expect(Set([value, Hash256.zero]).count == 2)
    }

    @Test("dictionary hashing depends on the table's seed: the same hash lands apart in tables seeded apart")
    func rawHashValueIsKeyed() throws {
        let value = try Hash256(bytes: (0..<32).map { UInt8($0) })
        let seeds = [0, 1, 2, Int.max, -1]
        #expect(Set(seeds.map { value._rawHashValue(seed: $0) }).count == seeds.count)
    }

    @Test("bytes round-trip and order is by bytes, most significant first")
    func bytesAndOrder() throws {
        let bytes = (0..<32).map { UInt8($0) }
        let hash = try Hash256(bytes: bytes)
        #expect(hash.bytes == bytes)
        var larger = bytes
        larger[0] = 1
        #expect(hash < (try Hash256(bytes: larger)))
    }
}
