/// A value with exactly one byte encoding. IDs and signatures are computed over it, so two
/// implementations that follow docs/PROTOCOL.md agree byte for byte.
public protocol CanonicalEncodable {
    func encode(to writer: inout ByteWriter)
}

/// A value decodable from its canonical encoding; non-canonical input throws.
public protocol CanonicalDecodable {
    init(from reader: inout ByteReader) throws(PrimitivesError)
}

public typealias CanonicalCodable = CanonicalEncodable & CanonicalDecodable

extension CanonicalEncodable {
    /// The value's canonical encoding.
    public var canonicalBytes: [UInt8] {
        var writer = ByteWriter()
        encode(to: &writer)
        return writer.bytes
    }
}

extension CanonicalDecodable {
    /// Decodes exactly one value from `bytes`; trailing bytes are an error.
    public init(canonicalBytes bytes: [UInt8]) throws(PrimitivesError) {
        var reader = ByteReader(bytes)
        self = try Self(from: &reader)
        try reader.finish()
    }
}

extension Hash256: CanonicalCodable {
    public func encode(to writer: inout ByteWriter) { writer.write(self) }
    public init(from reader: inout ByteReader) throws(PrimitivesError) { self = try reader.readHash() }
}

extension AssetID: CanonicalCodable {
    public func encode(to writer: inout ByteWriter) { writer.write(self) }
    public init(from reader: inout ByteReader) throws(PrimitivesError) { self = try reader.readAssetID() }
}

extension Amount: CanonicalCodable {
    public func encode(to writer: inout ByteWriter) { writer.write(self) }
    public init(from reader: inout ByteReader) throws(PrimitivesError) { self = try reader.readAmount() }
}

extension Ratio: CanonicalCodable {
    public func encode(to writer: inout ByteWriter) { writer.write(self) }
    public init(from reader: inout ByteReader) throws(PrimitivesError) { self = try reader.readRatio() }
}
