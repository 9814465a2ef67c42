import CSecp256k1

/// The curve arithmetic of `MultisetHash`, kept inside the libsecp256k1 choke point.
/// Points are `secp256k1_pubkey` values, which cannot hold the point at infinity, so every
/// operation either returns a finite point or says (nil) that the result would be infinity.
extension Secp256k1 {
    /// Bytes of a SEC1 compressed point: a parity prefix (0x02 even y, 0x03 odd y) and x.
    static let compressedPointLength = 33

    /// The point with x coordinate `x` (32 bytes, big-endian) and even y, or nil when x ≥ p
    /// or x³ + 7 is not a square mod p. This accepts exactly what
    /// `secp256k1_xonly_pubkey_parse` accepts and lifts x the same way (BIP340 `lift_x`);
    /// parsing the 0x02-prefixed compressed form does both in one call.
    func evenYPoint(x: [UInt8]) -> secp256k1_pubkey? {
        precondition(x.count == 32, "an x coordinate is 32 bytes")
        return parseCompressedPoint([UInt8(SECP256K1_TAG_PUBKEY_EVEN)] + x)
    }

    /// The point named by a 33-byte compressed encoding, or nil for anything else (wrong
    /// length or prefix, x ≥ p, x not on the curve), so each point has exactly one encoding.
    func parseCompressedPoint(_ bytes: [UInt8]) -> secp256k1_pubkey? {
        guard bytes.count == Self.compressedPointLength else { return nil }
        var point = secp256k1_pubkey()
        guard secp256k1_ec_pubkey_parse(context, &point, bytes, bytes.count) == 1 else { return nil }
        return point
    }

    /// The 33-byte compressed encoding. The library's in-memory form is implementation
    /// defined, so this is what gets compared, hashed and stored.
    func compressedEncoding(of point: secp256k1_pubkey) -> [UInt8] {
        var point = point
        var bytes = [UInt8](repeating: 0, count: Self.compressedPointLength)
        var length = bytes.count
        let flags = UInt32(SECP256K1_EC_COMPRESSED)
        let status = secp256k1_ec_pubkey_serialize(context, &bytes, &length, &point, flags)
        precondition(status == 1 && length == Self.compressedPointLength, "a valid point always serializes")
        return bytes
    }

    /// −P; finite because P is.
    func negated(_ point: secp256k1_pubkey) -> secp256k1_pubkey {
        var point = point
        precondition(secp256k1_ec_pubkey_negate(context, &point) == 1, "negating a valid point never fails")
        return point
    }

    /// first + Σ rest in a single `secp256k1_ec_pubkey_combine` call (the library adds in
    /// Jacobian coordinates and normalizes once), or nil when the sum is the point at infinity.
    func sum(_ first: secp256k1_pubkey, _ rest: [secp256k1_pubkey]) -> secp256k1_pubkey? {
        var total = secp256k1_pubkey()
        let status = withUnsafePointer(to: first) { firstPointer in
            rest.withUnsafeBufferPointer { restBuffer in
                var pointers: [UnsafePointer<secp256k1_pubkey>?] = [firstPointer]
                pointers.reserveCapacity(1 + restBuffer.count)
                if let base = restBuffer.baseAddress {
                    pointers += (0..<restBuffer.count).map { base + $0 }
                }
                return secp256k1_ec_pubkey_combine(context, &total, pointers, pointers.count)
            }
        }
        return status == 1 ? total : nil
    }
}
