/// Plain SHA-256 (FIPS 180-4), which MuHash3072 needs and libsecp256k1 does not export
/// (it offers only the tagged form). Written for short messages hashed once each: no
/// streaming, no heap allocation.
enum SHA256 {
    /// Bytes of a digest.
    static let digestBytes = 32
    /// Bytes of one compression block.
    static let blockBytes = 64

    /// The digest of `message` as its eight state words (the digest is their big-endian
    /// bytes).
    static func hashWords(_ message: UnsafeRawBufferPointer) -> SIMD8<UInt32> {
        var state = initialState
        let fullBlocks = message.count / blockBytes
        for block in 0..<fullBlocks {
            compress(&state, UnsafeRawBufferPointer(rebasing: message[(block * blockBytes)...].prefix(blockBytes)))
        }
        // The tail, 0x80, zeros and the bit length fill one or two more blocks.
        let tailBytes = message.count - fullBlocks * blockBytes
        let paddedBlocks = tailBytes + 9 <= blockBytes ? 1 : 2
        withUnsafeTemporaryAllocation(byteCount: 2 * blockBytes, alignment: 8) { padded in
            padded.initializeMemory(as: UInt8.self, repeating: 0)
            padded.copyMemory(from: UnsafeRawBufferPointer(rebasing: message[(fullBlocks * blockBytes)...]))
            padded[tailBytes] = 0x80
            let bitLength = UInt64(message.count) &* 8
            padded.storeBytes(of: bitLength.bigEndian, toByteOffset: paddedBlocks * blockBytes - 8, as: UInt64.self)
            for block in 0..<paddedBlocks {
                compress(&state, UnsafeRawBufferPointer(rebasing: padded[(block * blockBytes)...].prefix(blockBytes)))
            }
        }
        return state
    }

    /// The 32-byte digest of `message`.
    static func hash(_ message: [UInt8]) -> [UInt8] {
        let words = message.withUnsafeBytes { hashWords($0) }
        return (0..<8).flatMap { index in withUnsafeBytes(of: words[index].bigEndian, Array.init) }
    }

    private static let initialState = SIMD8<UInt32>(
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19)

    private static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    /// One compression of a 64-byte block into `state`.
    private static func compress(_ state: inout SIMD8<UInt32>, _ block: UnsafeRawBufferPointer) {
        precondition(block.count == blockBytes, "SHA-256 compresses 64-byte blocks")
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
            for index in 0..<16 {
                schedule[index] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self))
            }
            for index in 16..<64 {
                let w15 = schedule[index - 15], w2 = schedule[index - 2]
                let s0 = w15.rotatedRight(7) ^ w15.rotatedRight(18) ^ (w15 >> 3)
                let s1 = w2.rotatedRight(17) ^ w2.rotatedRight(19) ^ (w2 >> 10)
                schedule[index] = schedule[index - 16] &+ s0 &+ schedule[index - 7] &+ s1
            }
            var (a, b, c, d, e, f, g, h) = (state[0], state[1], state[2], state[3], state[4], state[5], state[6], state[7])
            roundConstants.withUnsafeBufferPointer { constants in
                for index in 0..<64 {
                    let s1 = e.rotatedRight(6) ^ e.rotatedRight(11) ^ e.rotatedRight(25)
                    let choice = (e & f) ^ (~e & g)
                    let t1 = h &+ s1 &+ choice &+ constants[index] &+ schedule[index]
                    let s0 = a.rotatedRight(2) ^ a.rotatedRight(13) ^ a.rotatedRight(22)
                    let majority = (a & b) ^ (a & c) ^ (b & c)
                    (h, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ s0 &+ majority)
                }
            }
            state &+= SIMD8(a, b, c, d, e, f, g, h)
        }
    }
}
