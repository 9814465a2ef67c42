import Crypto
import Primitives

/// An asset the chain knows from genesis: its symbol, its decimals, and its ID, the tagged
/// hash of both (so the same symbol with other decimals is another asset).
public struct AssetDefinition: Hashable, Sendable, CanonicalCodable {
    public static let maxSymbolBytes = 12

    public let symbol: String
    public let decimals: UInt8

    public init(symbol: String, decimals: UInt8) {
        self.symbol = symbol
        self.decimals = decimals
    }

    public func id(suite: any CryptoSuite) -> AssetID { AssetID(suite.hash(.assetID, canonicalBytes)) }

    public func encode(to writer: inout ByteWriter) {
        writer.writeBytes(Array(symbol.utf8))
        writer.write(decimals)
    }

    public init(from reader: inout ByteReader) throws(PrimitivesError) {
        let bytes = try reader.readBytes(field: "asset.symbol", limit: Self.maxSymbolBytes)
        // Decoding repairs invalid UTF-8, so two encodings would give one symbol: refuse it.
        guard let symbol = String(validating: bytes, as: UTF8.self) else {
            throw .invalidValue(field: "asset.symbol", reason: "not UTF-8")
        }
        self.init(symbol: symbol, decimals: try reader.readUInt8())
    }
}
