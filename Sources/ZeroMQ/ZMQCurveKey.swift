/// A CURVE key (public or secret): exactly 32 bytes.
///
/// `description` never shows the bytes, so a secret key cannot end up in a log by accident;
/// use `z85` to write a key out on purpose.
public struct ZMQCurveKey: Sendable, Hashable, CustomStringConvertible {
    /// Length of every CURVE key, in bytes.
    public static let byteCount = 32

    /// The raw key.
    public let bytes: [UInt8]

    /// A key from its 32 raw bytes.
    public init(bytes: [UInt8]) throws(ZMQError) {
        guard bytes.count == Self.byteCount else {
            throw ZMQError(.invalidArgument, "a CURVE key is \(Self.byteCount) bytes, got \(bytes.count)")
        }
        self.bytes = bytes
    }

    /// A key from its 40-character Z85 text.
    public init(z85: String) throws(ZMQError) {
        try self.init(bytes: ZMQZ85.decode(z85))
    }

    /// A key from bytes libzmq produced, which are 32 long by construction.
    init(checkedBytes bytes: [UInt8]) {
        precondition(bytes.count == Self.byteCount, "libzmq returned a \(bytes.count)-byte CURVE key")
        self.bytes = bytes
    }

    /// The key as 40 Z85 characters.
    public var z85: String {
        guard let text = try? ZMQZ85.encode(bytes) else { preconditionFailure("32 bytes always encode") }
        return text
    }

    /// Redacted: says what this is, never the key.
    public var description: String { "ZMQCurveKey(\(Self.byteCount) bytes)" }
}
