/// What `LevelDBStore.checkAll()` read: every live entry, each block's checksum verified.
public struct LevelDBSweep: Sendable, Hashable {
    /// Live entries read.
    public var entries = 0
    /// Their keys' and values' bytes (uncompressed).
    public var bytes = 0

    /// Nothing read yet.
    public init() {}
}
