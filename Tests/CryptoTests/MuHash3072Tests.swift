@testable import Crypto
import Primitives
import PropertyBased
import Testing
import TestSupport

/// Bitcoin Core's `FromInt(i)`: the set holding the 32-byte element `i, 0, …, 0`.
func fromInt(_ i: UInt8) -> MuHash3072 { MuHash3072(element: bitcoinElement(i)) }

func bitcoinElement(_ i: UInt8) -> [UInt8] { [i] + [UInt8](repeating: 0, count: 31) }

/// `uint256` display order (Bitcoin Core's `uint256S`/`ToString`) is the bytes reversed.
func displayHex(_ bytes: [UInt8]) -> String { Hex.encode(bytes.reversed()) }

@Suite("MuHash3072: Bitcoin Core's construction and test vectors (crypto_tests.cpp muhash_tests)")
struct MuHash3072Tests {
    @Test("FromInt(0) *= FromInt(1) /= FromInt(2) finalizes to Bitcoin Core's 10d312b1…5863")
    func divideVector() {
        var acc = fromInt(0)
        acc *= fromInt(1)
        acc /= fromInt(2)
        #expect(displayHex(acc.finalize()) == "10d312b100cbd32ada024a6646e40d3482fcff103668d2625f10002a607d5863")
    }

    @Test("FromInt(0) with Insert({1,0…}) and Remove({2,0…}) gives the same vector")
    func insertRemoveVector() {
        var acc = fromInt(0)
        acc.insert(bitcoinElement(1))
        acc.remove(bitcoinElement(2))
        #expect(displayHex(acc.finalize()) == "10d312b100cbd32ada024a6646e40d3482fcff103668d2625f10002a607d5863")
    }

    @Test("FromInt(1) *= FromInt(2) serializes to Bitcoin Core's numerator bytes and a denominator of 1")
    func serializationVector() {
        var acc = fromInt(1)
        acc *= fromInt(2)
        let numerator = [
            "1fa093295ea30a6a3acdc7b3f770fa538eff537528e990e2910e40bbcfd7f6696b1256901929094694b56316de342f59",
            "3303dd12ac43e06dce1be1ff8301c845beb15468fff0ef002dbf80c29f26e6452bccc91b5cb9437ad410d2a67ea84788",
            "7fa3c6a6553309946880fe20db2c73fe0641adbd4e86edfee0d9f8cd0ee1230898873dc13ed8ddcaf045c80faa082774",
            "279007a2253f8922ee3ef361d378a6af3ddaf180b190ac97e556888c36b3d1fb1c85aab9ccd46e3deaeb7b7cf5db067a",
            "7e9ff86b658cf3acd6662bbcce37232daa753c48b794356c020090c831a8304416e2aa7ad633c0ddb2f11be1be316a81",
            "be7f7e472071c042cb68faef549c221ebff209273638b741aba5a81675c45a5fa92fea4ca821d7a324cb1e1a2ccd3b76",
            "c4228ec8066dad2a5df6e1bd0de45c7dd5de8070bdb46db6c554cf9aefc9b7b2bbf9f75b1864d9f95005314593905c01",
            "09b71f703d49944ae94477b51dac10a816bb6d1c700bafabc8bd86fac8df24be519a2f2836b16392e18036cb13e48c5c",
        ].joined()
        #expect(Hex.encode(acc.numerator.littleEndianBytes) == numerator)
        #expect(acc.denominator == .one)
    }

    @Test("the overflow vector: a numerator of 384 0xff bytes (≥ p) finalizes to 3a31e690…2271")
    func overflowVector() {
        var acc = MuHash3072()
        acc.numerator = [UInt8](repeating: 0xFF, count: Num3072.byteCount).withUnsafeBytes { Num3072(littleEndianBytes: $0) }
        #expect(Hex.encode(acc.finalize()) == "3a31e6903aff0de9f62f9a9f7f8b861de76ce2cda09822b90014319ae5dc2271")
    }

    @Test("Bitcoin's randomized checks (seeded): 4 multiplies/divides in any order agree; z·x·y/(y·x) is the empty set")
    func orderAndIdentity() {
        let gen = zip(Gen.int(in: 0...7).array(of: 4...4), Gen.uint8(in: 0...15), Gen.uint8(in: 0...15))
        seededCheck(seed: 0x3072_10, count: 10, gen) { sample, _ in
            let (table, xValue, yValue) = sample
            let results = (0..<4).map { order in
                var acc = MuHash3072()
                for index in 0..<4 {
                    let t = table[index ^ order]
                    if t & 4 != 0 { acc /= fromInt(UInt8(t & 3)) } else { acc *= fromInt(UInt8(t & 3)) }
                }
                return acc.finalize()
            }
            #expect(Set(results).count == 1)
            let x = fromInt(xValue)
            var y = fromInt(yValue)
            var z = MuHash3072()
            z *= x
            z *= y
            y *= x
            z /= y
            var empty = MuHash3072()
            #expect(z.finalize() == empty.finalize())
        }
    }

    @Test("finalize is idempotent: a second call gives the same bytes")
    func finalizeTwice() {
        var acc = fromInt(3)
        acc.remove(bitcoinElement(4))
        let first = acc.finalize()
        #expect(acc.denominator == .one)
        #expect(acc.finalize() == first)
    }
}
