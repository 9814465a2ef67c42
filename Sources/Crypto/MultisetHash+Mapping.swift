import CSecp256k1

extension MultisetHash {
    /// Counters tried per element before giving up (see the construction on `MultisetHash`).
    static let maxMappingTries = 256

    /// `Map_tag(element)`: the try-and-increment map described on `MultisetHash`. `maxTries` is lowered
    /// only by tests, to reach the failure path.
    static func mapToCurve(
        _ element: [UInt8], tag: HashTag, maxTries: Int = maxMappingTries
    ) throws(MultisetHashError) -> secp256k1_pubkey {
        precondition((1...maxMappingTries).contains(maxTries), "tries are bounded by the construction")
        guard element.count <= maxElementBytes else {
            throw .elementTooLong(length: element.count, limit: maxElementBytes)
        }
        // Room for the counter, written in place on each try, so the element is copied once.
        var message = [UInt8](repeating: 0, count: 4) + element
        for counter in 0..<UInt32(maxTries) {
            withUnsafeBytes(of: counter.littleEndian) { message.replaceSubrange(0..<4, with: $0) }
            let x = Secp256k1.shared.taggedHash(tag: tag.bytes, message: message)
            if let point = Secp256k1.shared.evenYPoint(x: x) { return point }
        }
        throw .noCurvePoint
    }
}
