import Ledger
import Primitives
import Testing

@Suite struct CompactTargetTests {
    /// Bitcoin's genesis target and its work (the chain work of block 0, 0x100010001).
    @Test func bitcoinGenesisTargetAndWork() throws {
        let target = try #require(CompactTarget.target(ofBits: 0x1d00_ffff))
        #expect(target == UInt256(0xffff).shiftedLeft(by: 208))
        #expect(CompactTarget.bits(of: target) == 0x1d00_ffff)
        #expect(CompactTarget.work(ofTarget: target) == UInt256(0x1_0001_0001))
    }

    @Test func regtestLimitRoundTrips() throws {
        let target = try #require(CompactTarget.target(ofBits: 0x207f_ffff))
        #expect(target == UInt256(0x7f_ffff).shiftedLeft(by: 232))
        #expect(CompactTarget.bits(of: target) == 0x207f_ffff)
        #expect(CompactTarget.work(ofTarget: target) == UInt256(2))
    }

    @Test func refusesNegativeZeroAndOverWideEncodings() {
        #expect(CompactTarget.target(ofBits: 0x0480_0001) == nil)  // sign bit
        #expect(CompactTarget.target(ofBits: 0x0400_0000) == nil)  // zero mantissa
        #expect(CompactTarget.target(ofBits: 0x0100_3456) == nil)  // shifted to zero
        #expect(CompactTarget.target(ofBits: 0x2301_0000) == nil)  // 33 bytes
        #expect(CompactTarget.target(ofBits: 0x0112_3456) == UInt256(0x12))
    }

    /// The compact form keeps the top 23 bits and never sets the sign bit: encoding a target
    /// and decoding it gives a value within one mantissa step below it.
    @Test func compactFormRoundsDownWithoutTheSignBit() throws {
        var state: UInt64 = 42
        for _ in 0..<300 {
            state = state &* 6_364_136_223_846_793_005 &+ 1
            let target = UInt256(state | 1).shiftedLeft(by: Int(state >> 56))
            let bits = CompactTarget.bits(of: target)
            #expect(bits & 0x0080_0000 == 0)
            let back = try #require(CompactTarget.target(ofBits: bits))
            #expect(back <= target)
            #expect(CompactTarget.bits(of: back) == bits)
        }
    }
}
