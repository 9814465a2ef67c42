import Primitives

/// The node's answer to one intake request. On the wire, after the client's identity:
/// accepted `[0x00][32-byte id]` (the transaction ID, or the cancelled order's ID), status
/// `[0x00][JSON]`, rejected `[0x01][u16 little-endian code][UTF-8 name]`.
public enum IntakeReply: Sendable, Equatable {
    case accepted(Hash256)
    case status(NodeStatus)
    case rejected(IntakeRejection)

    static let okByte: UInt8 = 0
    static let rejectByte: UInt8 = 1

    public var frames: [[UInt8]] {
        switch self {
        case let .accepted(id): [[Self.okByte], id.bytes]
        case let .status(status): [[Self.okByte], status.json]
        case let .rejected(rejection):
            [[Self.rejectByte], [UInt8(truncatingIfNeeded: rejection.code), UInt8(truncatingIfNeeded: rejection.code >> 8)], Array(rejection.name.utf8)]
        }
    }

    /// Reads the reply to a request of `kind` from the frames a DEALER client received.
    public static func decode(_ frames: [[UInt8]], for kind: IntakeRequest.Kind) throws(NodeError) -> IntakeReply {
        switch (frames.first, frames.count) {
        case ([rejectByte], 3):
            // A name that is not UTF-8 would be repaired into a longer one its own reply refuses.
            guard frames[1].count == 2, frames[2].count <= IntakeRejection.nameBytesMax,
                let name = String(validating: frames[2], as: UTF8.self)
            else {
                throw .intakeBadReply(reason: "a reject carries a 2-byte code and a short UTF-8 name")
            }
            let code = UInt16(frames[1][0]) | UInt16(frames[1][1]) << 8
            return .rejected(IntakeRejection(code: code, name: name))
        case ([okByte], 2) where kind == .status:
            return .status(try NodeStatus.decode(json: frames[1]))
        case ([okByte], 2):
            guard let id = try? Hash256(bytes: frames[1]) else { throw .intakeBadReply(reason: "an accept carries a 32-byte ID") }
            return .accepted(id)
        default:
            throw .intakeBadReply(reason: "\(frames.count) frames starting \(frames.first.map { "\($0.prefix(1))" } ?? "with nothing")")
        }
    }
}
