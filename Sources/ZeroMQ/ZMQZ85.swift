/// Z85, ZeroMQ's printable encoding of binary data (RFC 32): every 4 bytes become 5
/// characters. CURVE keys travel in config files this way.
public enum ZMQZ85 {
    /// The Z85 text of `bytes`, whose count must be a multiple of 4 and at most
    /// `ZMQLimits.maxZ85Bytes`.
    public static func encode(_ bytes: [UInt8]) throws(ZMQError) -> String {
        guard bytes.count <= ZMQLimits.maxZ85Bytes, bytes.count % 4 == 0 else {
            throw ZMQError(.invalidZ85, "Z85 encodes a multiple of 4 bytes up to \(ZMQLimits.maxZ85Bytes), got \(bytes.count)")
        }
        // libzmq refuses empty input to decode, so the empty case is handled here both ways.
        guard !bytes.isEmpty else { return "" }
        guard let text = LibZMQ.z85Encode(bytes) else { throw ZMQError(.invalidZ85, "libzmq refused to encode \(bytes.count) bytes") }
        return text
    }

    /// The bytes of Z85 `text`, whose length must be a multiple of 5 and whose characters must
    /// all be in the Z85 alphabet.
    public static func decode(_ text: String) throws(ZMQError) -> [UInt8] {
        let length = text.utf8.count
        guard length <= ZMQLimits.maxZ85Bytes / 4 * 5, length % 5 == 0 else {
            throw ZMQError(.invalidZ85, "Z85 text must be a multiple of 5 characters, got \(length)")
        }
        guard length > 0 else { return [] }
        // A NUL would end the C string early and decode a prefix; refuse it here.
        guard !text.utf8.contains(0), let bytes = LibZMQ.z85Decode(text) else {
            throw ZMQError(.invalidZ85, "not valid Z85 text")
        }
        return bytes
    }
}
