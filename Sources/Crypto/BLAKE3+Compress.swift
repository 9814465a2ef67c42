extension BLAKE3 {
    /// Eight words: a chaining value, a key, or the IV.
    struct Words8: Equatable, Sendable {
        var h0, h1, h2, h3, h4, h5, h6, h7: UInt32
    }

    /// Sixteen words: one 64-byte message block (little-endian reads), or one compression
    /// output (its serialization is the 64 bytes of extended output for one counter).
    struct Block: Sendable {
        var w0, w1, w2, w3, w4, w5, w6, w7, w8, w9, w10, w11, w12, w13, w14, w15: UInt32

        static let zero = Block(
            w0: 0, w1: 0, w2: 0, w3: 0, w4: 0, w5: 0, w6: 0, w7: 0, w8: 0, w9: 0, w10: 0, w11: 0, w12: 0, w13: 0, w14: 0, w15: 0)

        /// The block of 64 bytes at `bytes` (no alignment needed).
        @inline(__always)
        init(loading bytes: UnsafeRawPointer) {
            @inline(__always) func word(_ index: Int) -> UInt32 {
                UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self))
            }
            self.init(
                w0: word(0), w1: word(1), w2: word(2), w3: word(3), w4: word(4), w5: word(5), w6: word(6), w7: word(7),
                w8: word(8), w9: word(9), w10: word(10), w11: word(11), w12: word(12), w13: word(13), w14: word(14), w15: word(15))
        }

        init(
            w0: UInt32, w1: UInt32, w2: UInt32, w3: UInt32, w4: UInt32, w5: UInt32, w6: UInt32, w7: UInt32,
            w8: UInt32, w9: UInt32, w10: UInt32, w11: UInt32, w12: UInt32, w13: UInt32, w14: UInt32, w15: UInt32
        ) {
            (self.w0, self.w1, self.w2, self.w3, self.w4, self.w5, self.w6, self.w7) = (w0, w1, w2, w3, w4, w5, w6, w7)
            (self.w8, self.w9, self.w10, self.w11, self.w12, self.w13, self.w14, self.w15) = (w8, w9, w10, w11, w12, w13, w14, w15)
        }

        /// A parent node's message: the left child's chaining value, then the right one's.
        init(left: Words8, right: Words8) {
            self.init(
                w0: left.h0, w1: left.h1, w2: left.h2, w3: left.h3, w4: left.h4, w5: left.h5, w6: left.h6, w7: left.h7,
                w8: right.h0, w9: right.h1, w10: right.h2, w11: right.h3, w12: right.h4, w13: right.h5, w14: right.h6, w15: right.h7)
        }

        /// The first eight words: what a compression passes on as a chaining value.
        var firstHalf: Words8 { Words8(h0: w0, h1: w1, h2: w2, h3: w3, h4: w4, h5: w5, h6: w6, h7: w7) }

        /// Writes the 64 bytes, little-endian, to `output` (no alignment needed).
        @inline(__always)
        func store(to output: UnsafeMutableRawPointer) {
            output.storeBytes(of: w0.littleEndian, toByteOffset: 0, as: UInt32.self)
            output.storeBytes(of: w1.littleEndian, toByteOffset: 4, as: UInt32.self)
            output.storeBytes(of: w2.littleEndian, toByteOffset: 8, as: UInt32.self)
            output.storeBytes(of: w3.littleEndian, toByteOffset: 12, as: UInt32.self)
            output.storeBytes(of: w4.littleEndian, toByteOffset: 16, as: UInt32.self)
            output.storeBytes(of: w5.littleEndian, toByteOffset: 20, as: UInt32.self)
            output.storeBytes(of: w6.littleEndian, toByteOffset: 24, as: UInt32.self)
            output.storeBytes(of: w7.littleEndian, toByteOffset: 28, as: UInt32.self)
            output.storeBytes(of: w8.littleEndian, toByteOffset: 32, as: UInt32.self)
            output.storeBytes(of: w9.littleEndian, toByteOffset: 36, as: UInt32.self)
            output.storeBytes(of: w10.littleEndian, toByteOffset: 40, as: UInt32.self)
            output.storeBytes(of: w11.littleEndian, toByteOffset: 44, as: UInt32.self)
            output.storeBytes(of: w12.littleEndian, toByteOffset: 48, as: UInt32.self)
            output.storeBytes(of: w13.littleEndian, toByteOffset: 52, as: UInt32.self)
            output.storeBytes(of: w14.littleEndian, toByteOffset: 56, as: UInt32.self)
            output.storeBytes(of: w15.littleEndian, toByteOffset: 60, as: UInt32.self)
        }
    }

    /// The mixing function G on four state words and two message words.
    @inline(__always)
    private static func g(_ a: inout UInt32, _ b: inout UInt32, _ c: inout UInt32, _ d: inout UInt32, _ x: UInt32, _ y: UInt32) {
        a = a &+ b &+ x
        d = (d ^ a).rotatedRight(16)
        c = c &+ d
        b = (b ^ c).rotatedRight(12)
        a = a &+ b &+ y
        d = (d ^ a).rotatedRight(8)
        c = c &+ d
        b = (b ^ c).rotatedRight(7)
    }

    /// The compression function (BLAKE3 spec §2.2): seven rounds, unrolled, with the message
    /// permutation applied at compile time (round r reads the words the r-fold permutation
    /// names), so no block is copied or permuted at run time. Returns all 16 output words:
    /// the first eight are the next chaining value, all sixteen are extended output.
    @inline(__always)
    static func compress(_ cv: Words8, _ m: Block, counter: UInt64, length: UInt32, flags: UInt32) -> Block {
        var (v0, v1, v2, v3, v4, v5, v6, v7) = (cv.h0, cv.h1, cv.h2, cv.h3, cv.h4, cv.h5, cv.h6, cv.h7)
        var (v8, v9, v10, v11) = (iv.h0, iv.h1, iv.h2, iv.h3)
        var (v12, v13, v14, v15) = (UInt32(truncatingIfNeeded: counter), UInt32(truncatingIfNeeded: counter >> 32), length, flags)
        // Round 1
        g(&v0, &v4, &v8, &v12, m.w0, m.w1)
        g(&v1, &v5, &v9, &v13, m.w2, m.w3)
        g(&v2, &v6, &v10, &v14, m.w4, m.w5)
        g(&v3, &v7, &v11, &v15, m.w6, m.w7)
        g(&v0, &v5, &v10, &v15, m.w8, m.w9)
        g(&v1, &v6, &v11, &v12, m.w10, m.w11)
        g(&v2, &v7, &v8, &v13, m.w12, m.w13)
        g(&v3, &v4, &v9, &v14, m.w14, m.w15)
        // Round 2
        g(&v0, &v4, &v8, &v12, m.w2, m.w6)
        g(&v1, &v5, &v9, &v13, m.w3, m.w10)
        g(&v2, &v6, &v10, &v14, m.w7, m.w0)
        g(&v3, &v7, &v11, &v15, m.w4, m.w13)
        g(&v0, &v5, &v10, &v15, m.w1, m.w11)
        g(&v1, &v6, &v11, &v12, m.w12, m.w5)
        g(&v2, &v7, &v8, &v13, m.w9, m.w14)
        g(&v3, &v4, &v9, &v14, m.w15, m.w8)
        // Round 3
        g(&v0, &v4, &v8, &v12, m.w3, m.w4)
        g(&v1, &v5, &v9, &v13, m.w10, m.w12)
        g(&v2, &v6, &v10, &v14, m.w13, m.w2)
        g(&v3, &v7, &v11, &v15, m.w7, m.w14)
        g(&v0, &v5, &v10, &v15, m.w6, m.w5)
        g(&v1, &v6, &v11, &v12, m.w9, m.w0)
        g(&v2, &v7, &v8, &v13, m.w11, m.w15)
        g(&v3, &v4, &v9, &v14, m.w8, m.w1)
        // Round 4
        g(&v0, &v4, &v8, &v12, m.w10, m.w7)
        g(&v1, &v5, &v9, &v13, m.w12, m.w9)
        g(&v2, &v6, &v10, &v14, m.w14, m.w3)
        g(&v3, &v7, &v11, &v15, m.w13, m.w15)
        g(&v0, &v5, &v10, &v15, m.w4, m.w0)
        g(&v1, &v6, &v11, &v12, m.w11, m.w2)
        g(&v2, &v7, &v8, &v13, m.w5, m.w8)
        g(&v3, &v4, &v9, &v14, m.w1, m.w6)
        // Round 5
        g(&v0, &v4, &v8, &v12, m.w12, m.w13)
        g(&v1, &v5, &v9, &v13, m.w9, m.w11)
        g(&v2, &v6, &v10, &v14, m.w15, m.w10)
        g(&v3, &v7, &v11, &v15, m.w14, m.w8)
        g(&v0, &v5, &v10, &v15, m.w7, m.w2)
        g(&v1, &v6, &v11, &v12, m.w5, m.w3)
        g(&v2, &v7, &v8, &v13, m.w0, m.w1)
        g(&v3, &v4, &v9, &v14, m.w6, m.w4)
        // Round 6
        g(&v0, &v4, &v8, &v12, m.w9, m.w14)
        g(&v1, &v5, &v9, &v13, m.w11, m.w5)
        g(&v2, &v6, &v10, &v14, m.w8, m.w12)
        g(&v3, &v7, &v11, &v15, m.w15, m.w1)
        g(&v0, &v5, &v10, &v15, m.w13, m.w3)
        g(&v1, &v6, &v11, &v12, m.w0, m.w10)
        g(&v2, &v7, &v8, &v13, m.w2, m.w6)
        g(&v3, &v4, &v9, &v14, m.w4, m.w7)
        // Round 7
        g(&v0, &v4, &v8, &v12, m.w11, m.w15)
        g(&v1, &v5, &v9, &v13, m.w5, m.w0)
        g(&v2, &v6, &v10, &v14, m.w1, m.w9)
        g(&v3, &v7, &v11, &v15, m.w8, m.w6)
        g(&v0, &v5, &v10, &v15, m.w14, m.w10)
        g(&v1, &v6, &v11, &v12, m.w2, m.w12)
        g(&v2, &v7, &v8, &v13, m.w3, m.w4)
        g(&v3, &v4, &v9, &v14, m.w7, m.w13)
        return Block(
            w0: v0 ^ v8, w1: v1 ^ v9, w2: v2 ^ v10, w3: v3 ^ v11, w4: v4 ^ v12, w5: v5 ^ v13, w6: v6 ^ v14, w7: v7 ^ v15,
            w8: v8 ^ cv.h0, w9: v9 ^ cv.h1, w10: v10 ^ cv.h2, w11: v11 ^ cv.h3,
            w12: v12 ^ cv.h4, w13: v13 ^ cv.h5, w14: v14 ^ cv.h6, w15: v15 ^ cv.h7)
    }
}
