import LodestoneWire

/// Properties of the checked protobuf decoders (`init(wireBytes:)`, Sources/LodestoneWire).
public enum WireProperties {
    /// Decodes `bytes` as `Message` and, when that succeeds, checks that the accepted message
    /// can be sent back: `wireBytes()` succeeds (a message that passed `validate()` on the way
    /// in passes it on the way out), decoding those bytes gives the same message, and encoding
    /// that again gives the same bytes (protobuf encoding is not unique, but this encoder's is
    /// stable). Returns the message, or nil when the input was refused.
    @discardableResult
    public static func check<Message: WireMessage>(_ type: Message.Type, _ bytes: [UInt8]) -> Message? {
        guard let message = try? Message(wireBytes: bytes) else { return nil }
        let name = Message.protoMessageName
        let encoded: [UInt8]
        do { encoded = try message.wireBytes() } catch {
            FuzzInput.require(false, "\(name): an accepted message cannot be encoded: \(error)")
            return nil
        }
        let again: Message
        do { again = try Message(wireBytes: encoded) } catch {
            FuzzInput.require(false, "\(name): its own encoding is refused: \(error)")
            return nil
        }
        FuzzInput.require(again.isEqualTo(message: message), "\(name): decode -> encode -> decode changed the message")
        FuzzInput.require((try? again.wireBytes()) == encoded, "\(name): encoding is not stable")
        return message
    }
}
