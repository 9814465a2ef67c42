/// Appends values in Lodestone's canonical binary encoding (docs/PROTOCOL.md):
/// fixed-width integers little-endian, varints as unsigned LEB128 in their shortest form,
/// variable-length fields as a varint length then the bytes.
public struct ByteWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8]

    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    public mutating func write(_ value: UInt8) { bytes.append(value) }

    public mutating func write(_ value: Bool) { bytes.append(value ? 1 : 0) }

    public mutating func write(_ value: UInt16) { writeLittleEndian(UInt64(value), width: 2) }
    public mutating func write(_ value: UInt32) { writeLittleEndian(UInt64(value), width: 4) }
    public mutating func write(_ value: UInt64) { writeLittleEndian(value, width: 8) }

    /// The low `width` bytes of `value`, least significant first, appended at once (not one
    /// `append` per byte: every ID, key and amount of a block is written here).
    private mutating func writeLittleEndian(_ value: UInt64, width: Int) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0.prefix(width)) }
    }

    /// Unsigned LEB128, shortest form (1–10 bytes).
    public mutating func writeVarint(_ value: UInt64) {
        var remaining = value
        while remaining >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        bytes.append(UInt8(remaining))
    }

    /// Raw bytes with no length prefix (for fixed-size fields such as hashes and keys).
    public mutating func writeRaw(_ raw: some Sequence<UInt8>) { bytes.append(contentsOf: raw) }

    /// A varint length, then the bytes.
    public mutating func writeBytes(_ field: some Collection<UInt8>) {
        writeVarint(UInt64(field.count))
        bytes.append(contentsOf: field)
    }

    /// The 32 bytes, most significant first, appended without an intermediate array.
    public mutating func write(_ hash: Hash256) {
        let words = (hash.w0.bigEndian, hash.w1.bigEndian, hash.w2.bigEndian, hash.w3.bigEndian)
        withUnsafeBytes(of: words) { bytes.append(contentsOf: $0) }
    }
    public mutating func write(_ asset: AssetID) { write(asset.hash) }
    public mutating func write(_ amount: Amount) { writeVarint(amount.units) }
    public mutating func write(_ ratio: Ratio) {
        writeVarint(ratio.numerator)
        writeVarint(ratio.denominator)
    }

    /// A varint count, then each element.
    public mutating func writeArray<Element: CanonicalEncodable>(_ elements: [Element]) {
        writeVarint(UInt64(elements.count))
        for element in elements { element.encode(to: &self) }
    }

    /// Any canonically encodable value.
    public mutating func write(_ value: some CanonicalEncodable) { value.encode(to: &self) }
}
