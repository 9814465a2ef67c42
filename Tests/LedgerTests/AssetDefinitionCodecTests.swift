import Ledger
import Primitives
import Testing

@Suite("AssetDefinition canonical codec")
struct AssetDefinitionCodecTests {
    @Test("a symbol that is not UTF-8 is refused, so no two encodings decode to one definition (found by fuzz-canonical)")
    func invalidUTF8SymbolRefused() {
        // Length 3, then "B", a lone continuation byte, "C"; then decimals 8.
        let bytes: [UInt8] = [0x03, 0x42, 0xD4, 0x43, 0x08]
        #expect(throws: PrimitivesError.invalidValue(field: "asset.symbol", reason: "not UTF-8")) {
            try AssetDefinition(canonicalBytes: bytes)
        }
    }

    @Test("a UTF-8 symbol decodes and re-encodes to the same bytes")
    func validSymbolRoundTrips() throws {
        let definition = AssetDefinition(symbol: "BTC", decimals: 8)
        let decoded = try AssetDefinition(canonicalBytes: definition.canonicalBytes)
        #expect(decoded == definition)
        #expect(decoded.canonicalBytes == [0x03, 0x42, 0x54, 0x43, 0x08])
    }
}
