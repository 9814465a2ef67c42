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
        // Equal words in w0 and w1 cancel in the XOR: same hash value as zero, still unequal.
        var colliding = [UInt8](repeating: 0, count: 32)
        colliding[0] = 1
        colliding[8] = 1
        let value = try Hash256(bytes: colliding)
        #expect(value.hashValue == Hash256.zero.hashValue && value != Hash256.zero)
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
