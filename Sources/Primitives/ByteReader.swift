/// Reads Lodestone's canonical binary encoding, rejecting every non-canonical form: short
/// input, overlong or oversized varints, lengths over the field's limit, and (through
/// `finish()`) trailing bytes. A reader never traps on any input.
public struct ByteReader: Sendable {
    private let bytes: [UInt8]
    /// Index of the next unread byte.
    public private(set) var offset: Int

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        offset = 0
    }

    /// Bytes not yet read.
    public var remaining: Int { bytes.count - offset }

    /// The bytes read since `start` (an earlier `offset`): a value's own encoding, which a
    /// decoder can keep instead of encoding the value again.
    public func bytesRead(since start: Int) -> ArraySlice<UInt8> {
        precondition((0...offset).contains(start), "start is an offset already read")
        return bytes[start..<offset]
    }

    /// Throws `trailingBytes` unless everything was read.
    public func finish() throws(PrimitivesError) {
        guard remaining == 0 else { throw .trailingBytes(count: remaining) }
    }

    private mutating func take(_ count: Int) throws(PrimitivesError) -> ArraySlice<UInt8> {
        guard count <= remaining else { throw .truncated(needed: count, available: remaining) }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    public mutating func readUInt8() throws(PrimitivesError) -> UInt8 { try take(1).first! }

    /// A boolean: exactly 0 or 1.
    public mutating func readBool(field: String) throws(PrimitivesError) -> Bool {
        switch try readUInt8() {
        case 0: return false
        case 1: return true
        case let other: throw .unknownTag(field: field, tag: UInt64(other))
        }
    }

    public mutating func readUInt16() throws(PrimitivesError) -> UInt16 { UInt16(try readLittleEndian(width: 2)) }
    public mutating func readUInt32() throws(PrimitivesError) -> UInt32 { UInt32(try readLittleEndian(width: 4)) }
    public mutating func readUInt64() throws(PrimitivesError) -> UInt64 { try readLittleEndian(width: 8) }

    private mutating func readLittleEndian(width: Int) throws(PrimitivesError) -> UInt64 {
        var value: UInt64 = 0
        for (index, byte) in try take(width).enumerated() { value |= UInt64(byte) << UInt64(index * 8) }
        return value
    }

    /// Unsigned LEB128 in its shortest form; at most 10 bytes and 64 bits.
    public mutating func readVarint() throws(PrimitivesError) -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<10 {
            let byte = try readUInt8()
            let payload = UInt64(byte & 0x7F)
            // The tenth byte may carry only the top bit of a 64-bit value.
            if index == 9 && payload > 1 { throw .nonCanonicalVarint }
            value |= payload << UInt64(7 * index)
            if byte & 0x80 == 0 {
                // A zero final byte after the first means a shorter form existed.
                if index > 0 && byte == 0 { throw .nonCanonicalVarint }
                return value
            }
        }
        throw .nonCanonicalVarint
    }

    /// A varint no greater than `limit`, e.g. an element count.
    public mutating func readCount(field: String, limit: Int) throws(PrimitivesError) -> Int {
        let count = try readVarint()
        guard count <= UInt64(limit) else { throw .lengthLimitExceeded(field: field, length: count, limit: limit) }
        return Int(count)
    }

    /// Exactly `count` raw bytes (fixed-size fields).
    public mutating func readRaw(_ count: Int) throws(PrimitivesError) -> [UInt8] { Array(try take(count)) }

    /// A varint length no greater than `limit`, then that many bytes.
    public mutating func readBytes(field: String, limit: Int) throws(PrimitivesError) -> [UInt8] {
        try readRaw(readCount(field: field, limit: limit))
    }

    public mutating func readHash() throws(PrimitivesError) -> Hash256 { try Hash256(bytes: take(32)) }
    public mutating func readAssetID() throws(PrimitivesError) -> AssetID { AssetID(try readHash()) }
    public mutating func readAmount() throws(PrimitivesError) -> Amount { Amount(try readVarint()) }
    public mutating func readRatio() throws(PrimitivesError) -> Ratio {
        let numerator = try readVarint()
        return try Ratio(numerator, readVarint())
    }

    /// A varint count no greater than `limit`, then that many elements.
    public mutating func readArray<Element: CanonicalDecodable>(
        of type: Element.Type, field: String, limit: Int
    ) throws(PrimitivesError) -> [Element] {
        let count = try readCount(field: field, limit: limit)
        var elements = [Element]()
        elements.reserveCapacity(count)
        for _ in 0..<count { elements.append(try Element(from: &self)) }
        return elements
    }
}
