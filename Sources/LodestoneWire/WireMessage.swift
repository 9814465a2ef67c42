import SwiftProtobuf

/// A message that travels alone on a socket (a request, a server message, a feed body, a
/// snapshot request or response): it has a size limit and invariants the schema cannot
/// state (ID lengths, counts, enum values, which fields go together).
///
/// Read untrusted bytes with `init(wireBytes:)` and write with `wireBytes()`, never with
/// SwiftProtobuf's own entry points, so both directions are bounded and checked.
public protocol WireMessage: SwiftProtobuf.Message {
    /// Largest serialized form accepted or produced, in bytes.
    static var maxWireBytes: Int { get }

    /// Checks every invariant docs/PROTOCOL.md §8 states for this message; the error's
    /// field path names the first offending field.
    func validate() throws(WireError)
}

extension WireMessage {
    /// Decodes and validates untrusted bytes. The size is checked before anything is
    /// parsed; nesting deeper than `WireLimits.maxMessageDepth` and unknown fields are
    /// refused or dropped by the decoder, so memory stays within the size limit.
    public init(wireBytes bytes: [UInt8]) throws(WireError) {
        guard bytes.count <= Self.maxWireBytes else {
            throw WireError(.messageTooLarge, "\(Self.protoMessageName): \(bytes.count) bytes, at most \(Self.maxWireBytes)")
        }
        do {
            try self.init(serializedBytes: bytes, options: Self.decodingOptions)
        } catch {
            throw WireError(.malformedMessage, "\(Self.protoMessageName): \(error)")
        }
        try validate()
    }

    /// Validates, then serializes. A message that breaks an invariant or exceeds
    /// `maxWireBytes` is refused, so the gateway never sends what a client would reject.
    public func wireBytes() throws(WireError) -> [UInt8] {
        try validate()
        let bytes: [UInt8]
        do {
            bytes = try serializedBytes()
        } catch {
            throw WireError(.malformedMessage, "\(Self.protoMessageName): \(error)")
        }
        guard bytes.count <= Self.maxWireBytes else {
            throw WireError(.messageTooLarge, "\(Self.protoMessageName): \(bytes.count) bytes, at most \(Self.maxWireBytes)")
        }
        return bytes
    }

    private static var decodingOptions: BinaryDecodingOptions {
        var options = BinaryDecodingOptions()
        options.messageDepthLimit = WireLimits.maxMessageDepth
        // A newer client's extra fields cannot matter to this version; keeping them would
        // only hold memory.
        options.discardUnknownFields = true
        return options
    }
}
