extension Lodestone_V1_Request {
    /// Most top-level fields `peekClientOrderID` steps over before it gives up, so a refusal's
    /// echo costs O(1) whatever the sender packed into the message.
    static let peekFieldsMax = 16

    /// The request's `client_order_id` read from its bytes without decoding the request: for
    /// refusals made before (rate limit, frame count) or instead of (an unreadable body) a
    /// full decode. Nil unless field 1 is found among the first `peekFieldsMax` fields, well
    /// formed, and a valid client order ID (1 ... 64 printable ASCII bytes).
    public static func peekClientOrderID(_ bytes: [UInt8]) -> String? {
        var reader = PeekReader(bytes: bytes)
        for _ in 0..<peekFieldsMax {
            guard let tag = reader.varint() else { return nil }
            let (field, wireType) = (tag >> 3, tag & 7)
            switch wireType {
            case 0: guard reader.varint() != nil else { return nil }
            case 1: guard reader.skip(8) else { return nil }
            case 5: guard reader.skip(4) else { return nil }
            case 2:
                guard let length = reader.varint(), length <= UInt64(bytes.count) else { return nil }
                guard field == 1 else {
                    guard reader.skip(Int(length)) else { return nil }
                    continue
                }
                guard length <= UInt64(WireLimits.maxClientOrderIDBytes), let slice = reader.take(Int(length)) else { return nil }
                let text = String(decoding: slice, as: UTF8.self)
                guard (try? WireCheck.clientOrderID(text, allowEmpty: false)) != nil else { return nil }
                return text
            default: return nil
            }
        }
        return nil
    }
}

/// Bounds-checked steps over protobuf bytes (varints of at most 10 bytes).
private struct PeekReader {
    let bytes: [UInt8]
    var offset = 0

    mutating func varint() -> UInt64? {
        var value: UInt64 = 0
        for shift in stride(from: UInt64(0), to: 70, by: 7) {
            guard offset < bytes.count else { return nil }
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
        }
        return nil
    }

    mutating func skip(_ count: Int) -> Bool {
        guard count <= bytes.count - offset else { return false }
        offset += count
        return true
    }

    mutating func take(_ count: Int) -> ArraySlice<UInt8>? {
        guard count <= bytes.count - offset else { return nil }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }
}
