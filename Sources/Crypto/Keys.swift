import Primitives

/// A public key in a suite's own encoding (32-byte x-only keys for BIP340).
/// Construction checks only length limits; whether the bytes are a curve point is the
/// suite's `validate(publicKey:)`, so that decoding never needs a suite.
public struct PublicKey: Hashable, Sendable, CustomStringConvertible, CanonicalCodable {
    /// Longest key of any suite (SEC1 uncompressed, for a future SM2 suite).
    public static let maxLength = 65

    public let bytes: [UInt8]

    public init(bytes: [UInt8]) throws(CryptoError) {
        guard !bytes.isEmpty, bytes.count <= Self.maxLength else { throw .invalidPublicKey(length: bytes.count) }
        self.bytes = bytes
    }

    public var description: String { Hex.encode(bytes) }

    public func encode(to writer: inout ByteWriter) { writer.writeBytes(bytes) }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        let bytes = try reader.readBytes(field: "public_key", limit: Self.maxLength)
        guard !bytes.isEmpty else { throw .invalidValue(field: "public_key", reason: "empty") }
        self.bytes = bytes
    }

    /// Hashes the bytes in one call: keys and signatures key the settlement's payees, the
    /// book owners and the signature memo, where hashing byte by byte was a hot spot.
    public func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}

/// A signature in a suite's own encoding (64 bytes for BIP340).
public struct Signature: Hashable, Sendable, CustomStringConvertible, CanonicalCodable {
    public static let maxLength = 72

    public let bytes: [UInt8]

    public init(bytes: [UInt8]) throws(CryptoError) {
        guard !bytes.isEmpty, bytes.count <= Self.maxLength else { throw .invalidSignatureLength(bytes.count) }
        self.bytes = bytes
    }

    public var description: String { Hex.encode(bytes) }

    public func encode(to writer: inout ByteWriter) { writer.writeBytes(bytes) }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        let bytes = try reader.readBytes(field: "signature", limit: Self.maxLength)
        guard !bytes.isEmpty else { throw .invalidValue(field: "signature", reason: "empty") }
        self.bytes = bytes
    }

    /// Hashes the bytes in one call: keys and signatures key the settlement's payees, the
    /// book owners and the signature memo, where hashing byte by byte was a hot spot.
    public func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}
