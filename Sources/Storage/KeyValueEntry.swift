/// One key and its value, as returned by a scan.
public struct KeyValueEntry: Sendable, Hashable {
    /// The key, 1...`StorageLimits.keyBytesMax` bytes.
    public let key: [UInt8]
    /// The value, at most `StorageLimits.valueBytesMax` bytes.
    public let value: [UInt8]

    /// Pairs `key` with `value`; stores build entries only from data they already checked.
    public init(key: [UInt8], value: [UInt8]) {
        self.key = key
        self.value = value
    }
}
