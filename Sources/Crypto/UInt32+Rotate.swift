extension UInt32 {
    /// Rotation right by `count` bits (0 < count < 32), as SHA-256 uses.
    @inline(__always)
    func rotatedRight(_ count: UInt32) -> UInt32 { (self &>> count) | (self &<< (32 &- count)) }

    /// Rotation left by `count` bits (0 < count < 32), as ChaCha20 uses.
    @inline(__always)
    func rotatedLeft(_ count: UInt32) -> UInt32 { (self &<< count) | (self &>> (32 &- count)) }
}
