/// A running FNV-1a (64-bit) over what happened in a run: every event's time, kind and
/// endpoints, every message's kind and size, every finalized block. Two runs of one seed
/// must print the same value (`--verbose`); it is a fingerprint, not a security hash.
struct TraceHash: Equatable {
    private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    mutating func mix(_ word: UInt64) {
        var word = word
        for _ in 0..<8 {
            value ^= word & 0xFF
            value &*= 0x0000_0100_0000_01B3
            word >>= 8
        }
    }

    mutating func mix(_ bytes: [UInt8]) {
        for byte in bytes {
            value ^= UInt64(byte)
            value &*= 0x0000_0100_0000_01B3
        }
    }

    var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
