import Primitives
import PropertyBased
import TestSupport
import Testing

@testable import Crypto

/// `element`'s LtHash16 value as lanes, from BLAKE3 alone (independent of `LtHash.combine`).
func ltHashLanes(_ element: [UInt8]) -> [UInt16] {
    var hasher = BLAKE3.Hasher(derivingKeyFrom: LtHash.elementContext)
    hasher.update(element)
    let bytes = hasher.finalize(outputLength: 2048)
    return (0..<1024).map { UInt16(bytes[2 * $0]) | UInt16(bytes[2 * $0 + 1]) << 8 }
}

@Suite("LtHash16: 1024 × 16-bit lanes from a BLAKE3 XOF")
struct LtHashTests {
    let elementGen = Gen.uint8().array(of: 0...200)

    @Test("inserting adds the element's 2048-byte derive_key XOF output lane-wise mod 2^16 (lane i = bytes 2i, 2i+1, little-endian)")
    func insertAddsValue() throws {
        try seededCheck(seed: 0x17_01, count: 20, zip(elementGen, elementGen)) { pair, _ in
            let (x, y) = pair
            var state = LtHash()
            x.withUnsafeBytes { state.insert($0) }
            #expect(state.lanes == ltHashLanes(x))
            y.withUnsafeBytes { state.insert($0) }
            #expect(state.lanes == zip(ltHashLanes(x), ltHashLanes(y)).map { $0 &+ $1 })
        }
    }

    @Test("removing subtracts: remove after insert is the empty state, remove alone is the negation")
    func removeSubtracts() throws {
        try seededCheck(seed: 0x17_02, count: 20, elementGen) { x, _ in
            var state = LtHash()
            x.withUnsafeBytes { state.remove($0) }
            #expect(state.lanes == ltHashLanes(x).map { 0 &- $0 })
            x.withUnsafeBytes { state.insert($0) }
            #expect(state == LtHash())
        }
    }

    @Test("+= and -= combine states lane-wise")
    func combineStates() throws {
        try seededCheck(seed: 0x17_03, count: 10, zip(elementGen, elementGen)) { pair, _ in
            var a = LtHash()
            pair.0.withUnsafeBytes { a.insert($0) }
            var b = LtHash()
            pair.1.withUnsafeBytes { b.insert($0) }
            var sum = a
            sum += b
            var both = LtHash()
            pair.0.withUnsafeBytes { both.insert($0) }
            pair.1.withUnsafeBytes { both.insert($0) }
            #expect(sum == both)
            sum -= b
            #expect(sum == a)
        }
    }

    @Test("the encoding is the lanes little-endian in order and decodes back; the digest is derive_key BLAKE3 of it")
    func encodingAndDigest() throws {
        var state = LtHash()
        Array("a".utf8).withUnsafeBytes { state.insert($0) }
        let bytes = state.littleEndianBytes
        #expect(bytes.count == 2048)
        #expect(bytes[0] == UInt8(state.lanes[0] & 0xFF) && bytes[1] == UInt8(state.lanes[0] >> 8))
        #expect(bytes.withUnsafeBytes { LtHash(littleEndianBytes: $0) } == state)
        var digestHasher = BLAKE3.Hasher(derivingKeyFrom: LtHash.digestContext)
        digestHasher.update(bytes)
        #expect(state.digest == digestHasher.finalize())
    }
}
