import Primitives
import PropertyBased
import TestSupport
import Testing

@Suite("Canonical codec: one encoding per value, every other byte string rejected")
struct CodecTests {
    @Test(
        "varints round-trip and use the shortest form",
        arguments: [
            (UInt64(0), "00"), (127, "7f"), (128, "8001"), (300, "ac02"),
            (UInt64.max, "ffffffffffffffffff01"),
        ])
    func varintVectors(value: UInt64, hex: String) throws {
        var writer = ByteWriter()
        writer.writeVarint(value)
        #expect(Hex.encode(writer.bytes) == hex)
        var reader = ByteReader(writer.bytes)
        #expect(try reader.readVarint() == value)
        try reader.finish()
    }

    @Test(
        "overlong and over-64-bit varints are non_canonical_varint (1003)",
        arguments: [
            "8000", "ff00", "80808000", "ffffffffffffffffff02", "ffffffffffffffffffff01",
        ])
    func nonCanonicalVarints(hex: String) throws {
        var reader = ByteReader(try Hex.decode(hex))
        #expect(throws: PrimitivesError.nonCanonicalVarint) { try reader.readVarint() }
    }

    @Test("random varints round-trip")
    func varintRoundTrip() throws {
        try seededCheck(seed: 21, count: 10_000, Gen.uint64(in: 0...UInt64.max)) { value, _ in
            var writer = ByteWriter()
            writer.writeVarint(value)
            var reader = ByteReader(writer.bytes)
            let decoded = try reader.readVarint()
            #expect(decoded == value)
            #expect(reader.remaining == 0)
        }
    }

    @Test("fixed-width integers are little-endian")
    func fixedWidth() throws {
        var writer = ByteWriter()
        writer.write(UInt16(0x0102))
        writer.write(UInt32(0x0304_0506))
        writer.write(UInt64(0x0708_090A_0B0C_0D0E))
        #expect(Hex.encode(writer.bytes) == "0201060504030e0d0c0b0a090807")
        var reader = ByteReader(writer.bytes)
        #expect(try reader.readUInt16() == 0x0102)
        #expect(try reader.readUInt32() == 0x0304_0506)
        #expect(try reader.readUInt64() == 0x0708_090A_0B0C_0D0E)
    }

    @Test("a hash is written as its 32 bytes, most significant first, after what came before")
    func hashBytes() throws {
        let hex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
        var writer = ByteWriter()
        writer.write(UInt8(0xFF))
        writer.write(try Hash256(hex: hex))
        #expect(Hex.encode(writer.bytes) == "ff" + hex)
        var reader = ByteReader(Array(writer.bytes.dropFirst()))
        #expect(try reader.readHash() == Hash256(hex: hex))
    }

    @Test("trailing bytes after a value are trailing_bytes (1002)")
    func trailing() throws {
        #expect(throws: PrimitivesError.trailingBytes(count: 1)) { try Amount(canonicalBytes: [0x05, 0x00]) }
    }

    @Test("a length over its limit is refused before anything is allocated")
    func lengthLimit() {
        var reader = ByteReader([0xFF, 0xFF, 0xFF, 0xFF, 0x0F])
        #expect(throws: PrimitivesError.lengthLimitExceeded(field: "memo", length: 0xFFFF_FFFF, limit: 64)) {
            try reader.readBytes(field: "memo", limit: 64)
        }
    }

    @Test("a boolean other than 0 or 1 is unknown_tag")
    func boolStrict() {
        var reader = ByteReader([2])
        #expect(throws: PrimitivesError.unknownTag(field: "flag", tag: 2)) { try reader.readBool(field: "flag") }
    }

    @Test("hashes round-trip through bytes and hex, and order like their bytes")
    func hashes() throws {
        let gen = Gen.uint8().array(of: 32...32)
        var previous: (Hash256, [UInt8])?
        try seededCheck(seed: 22, count: 2_000, gen) { bytes, _ in
            let hash = try Hash256(bytes: bytes)
            #expect(hash.bytes == bytes)
            #expect(try Hash256(hex: hash.description) == hash)
            #expect(try Hash256(canonicalBytes: hash.canonicalBytes) == hash)
            if let (other, otherBytes) = previous {
                #expect((hash < other) == bytes.lexicographicallyPrecedes(otherBytes))
            }
            previous = (hash, bytes)
        }
    }

    @Test("random bytes fed to the primitive decoders never trap and fail only with typed errors")
    func randomBytes() throws {
        let gen = Gen.uint8().array(of: 0...48)
        seededCheck(seed: 23, count: 20_000, gen) { bytes, _ in
            _ = try? Hash256(canonicalBytes: bytes)
            _ = try? Amount(canonicalBytes: bytes)
            _ = try? Ratio(canonicalBytes: bytes)
            var reader = ByteReader(bytes)
            _ = try? reader.readBytes(field: "f", limit: 16)
        }
    }

    @Test("malformed hex is invalid_hex (1201)", arguments: ["0", "zz", "0g"])
    func badHex(text: String) {
        #expect(throws: PrimitivesError.invalidHex(text)) { try Hex.decode(text) }
    }
}
