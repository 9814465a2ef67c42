/// The ChaCha20 block function (RFC 8439 §2.3): a 256-bit key, a 32-bit block counter and a
/// 96-bit nonce give 64 bytes of keystream. MuHash3072 uses it only to expand a 32-byte
/// hash into 384 bytes (key = the hash, nonce = 0, counters 0…5), so there is no
/// encryption API: only keystream.
struct ChaCha20 {
    /// Bytes of a key.
    static let keyBytes = 32
    /// Bytes of a nonce.
    static let nonceBytes = 12
    /// Bytes of keystream per block.
    static let blockBytes = 64

    /// "expand 32-byte k", the first four state words.
    private static let constants = SIMD4<UInt32>(0x6170_7865, 0x3320_646e, 0x7962_2d32, 0x6b20_6574)

    /// Key words, little-endian reads of the key bytes.
    private let key: SIMD8<UInt32>
    /// Nonce words, little-endian reads of the nonce bytes.
    private let nonce: SIMD3<UInt32>

    /// A keystream for `key` (32 bytes) and `nonce` (12 bytes, zero when omitted).
    init(key: UnsafeRawBufferPointer, nonce: UnsafeRawBufferPointer? = nil) {
        precondition(key.count == Self.keyBytes, "a ChaCha20 key is 32 bytes")
        precondition(nonce.map { $0.count == Self.nonceBytes } ?? true, "a ChaCha20 nonce is 12 bytes")
        var keyWords = SIMD8<UInt32>()
        for index in 0..<8 { keyWords[index] = UInt32(littleEndian: key.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self)) }
        var nonceWords = SIMD3<UInt32>()
        if let nonce {
            for index in 0..<3 { nonceWords[index] = UInt32(littleEndian: nonce.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self)) }
        }
        self.init(key: keyWords, nonce: nonceWords)
    }

    /// A keystream for key and nonce already read as words.
    init(key: SIMD8<UInt32>, nonce: SIMD3<UInt32> = .zero) {
        self.key = key
        self.nonce = nonce
    }

    /// Fills `output` (a whole number of blocks) with the keystream from block `counter` on.
    func keystream(into output: UnsafeMutableRawBufferPointer, counter: UInt32 = 0) {
        precondition(output.count % Self.blockBytes == 0, "keystream is produced in whole 64-byte blocks")
        let blocks = output.count / Self.blockBytes
        precondition(UInt64(counter) + UInt64(blocks) <= UInt64(UInt32.max) + 1, "the 32-bit block counter must not wrap")
        for block in 0..<blocks {
            writeBlock(counter: counter &+ UInt32(block), into: output.baseAddress! + block * Self.blockBytes)
        }
    }

    /// One block: 20 rounds (10 column/diagonal double rounds) over the state, plus the input
    /// state, serialized little-endian.
    private func writeBlock(counter: UInt32, into output: UnsafeMutableRawPointer) {
        let c = Self.constants
        let input: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32,
                    UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
            c[0], c[1], c[2], c[3], key[0], key[1], key[2], key[3],
            key[4], key[5], key[6], key[7], counter, nonce[0], nonce[1], nonce[2])
        var (x0, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13, x14, x15) = input
        for _ in 0..<10 {
            Self.quarterRound(&x0, &x4, &x8, &x12)
            Self.quarterRound(&x1, &x5, &x9, &x13)
            Self.quarterRound(&x2, &x6, &x10, &x14)
            Self.quarterRound(&x3, &x7, &x11, &x15)
            Self.quarterRound(&x0, &x5, &x10, &x15)
            Self.quarterRound(&x1, &x6, &x11, &x12)
            Self.quarterRound(&x2, &x7, &x8, &x13)
            Self.quarterRound(&x3, &x4, &x9, &x14)
        }
        let words = (
            x0 &+ input.0, x1 &+ input.1, x2 &+ input.2, x3 &+ input.3,
            x4 &+ input.4, x5 &+ input.5, x6 &+ input.6, x7 &+ input.7,
            x8 &+ input.8, x9 &+ input.9, x10 &+ input.10, x11 &+ input.11,
            x12 &+ input.12, x13 &+ input.13, x14 &+ input.14, x15 &+ input.15)
        withUnsafeBytes(of: words) { raw in
            for index in 0..<16 {
                let word = raw.load(fromByteOffset: 4 * index, as: UInt32.self)
                output.storeBytes(of: word.littleEndian, toByteOffset: 4 * index, as: UInt32.self)
            }
        }
    }

    @inline(__always)
    private static func quarterRound(_ a: inout UInt32, _ b: inout UInt32, _ c: inout UInt32, _ d: inout UInt32) {
        a &+= b; d ^= a; d = d.rotatedLeft(16)
        c &+= d; b ^= c; b = b.rotatedLeft(12)
        a &+= b; d ^= a; d = d.rotatedLeft(8)
        c &+= d; b ^= c; b = b.rotatedLeft(7)
    }
}
