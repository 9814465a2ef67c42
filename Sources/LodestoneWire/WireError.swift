/// Every failure of the wire layer: a stable code in 7101–7199 (the gateway's share of the
/// 7xxx block), a stable snake_case name, the field it concerns and what was wrong.
///
/// It has the shape of Primitives' `CodedError` (`code`, `name`, `message`) without importing
/// it, so this module depends on SwiftProtobuf alone; the gateway states the conformance in
/// one line (`extension WireError: CodedError {}`).
public struct WireError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong; the raw value is the stable code (docs/PROTOCOL.md §8).
    public enum Kind: UInt16, Sendable, CaseIterable {
        /// Bytes over the message type's limit, refused before parsing.
        case messageTooLarge = 7101
        /// Not protobuf of the expected type (bad tag, truncated, nested too deep, bad UTF-8).
        case malformedMessage = 7102
        /// A required oneof, sub-message or list is empty.
        case missingField = 7103
        /// A `client_order_id` that is empty, too long or not printable ASCII.
        case invalidClientOrderID = 7104
        /// A list over its limit, or with entries where none belong.
        case tooManyItems = 7105
        /// A batch (or batch result) inside another.
        case nestedBatch = 7106
        /// A bytes or string field of the wrong length.
        case invalidLength = 7107
        /// An enum left at 0 or set to a number this version does not know.
        case invalidEnum = 7108
        /// A number out of range or out of order (a zero price, levels not best first, ...).
        case invalidValue = 7109
        /// Not a market symbol (`BASE-QUOTE`).
        case invalidMarket = 7110
        /// A topic naming no known stream, or too long.
        case unknownTopic = 7111
        /// A feed body on a topic it does not belong to.
        case topicMismatch = 7112
        /// A feed message of other than three frames.
        case wrongFrameCount = 7113
        /// A sequence frame of other than eight bytes.
        case badSequenceLength = 7114

        /// Stable snake_case name.
        public var name: String {
            switch self {
            case .messageTooLarge: "message_too_large"
            case .malformedMessage: "malformed_message"
            case .missingField: "missing_field"
            case .invalidClientOrderID: "invalid_client_order_id"
            case .tooManyItems: "too_many_items"
            case .nestedBatch: "nested_batch"
            case .invalidLength: "invalid_length"
            case .invalidEnum: "invalid_enum"
            case .invalidValue: "invalid_value"
            case .invalidMarket: "invalid_market"
            case .unknownTopic: "unknown_topic"
            case .topicMismatch: "topic_mismatch"
            case .wrongFrameCount: "wrong_frame_count"
            case .badSequenceLength: "bad_sequence_length"
            }
        }
    }

    /// What went wrong.
    public let kind: Kind
    /// The offending field as a path of proto field names, e.g. `batch.requests[3].cancel.order_id`;
    /// empty when the whole message or frame is at fault.
    public let field: String
    /// What was wrong with it, with the offending values.
    public let detail: String

    /// An error about `field` (a proto field name or path).
    public init(_ kind: Kind, field: String = "", _ detail: String) {
        self.kind = kind
        self.field = field
        self.detail = detail
    }

    /// Stable numeric code (7101–7199).
    public var code: UInt16 { kind.rawValue }
    /// Stable snake_case name.
    public var name: String { kind.name }
    /// The field path, then what was wrong.
    public var message: String { field.isEmpty ? detail : "\(field): \(detail)" }
    /// `name (code): message`, as every Lodestone error prints.
    public var description: String { "\(name) (\(code)): \(message)" }

    /// The same error seen from the message that contains `field`'s message: `outer` is
    /// prefixed to the path, so the path names the field from the top-level message.
    /// Callers build `outer` in their `catch`, so a valid message costs no path strings.
    func within(_ outer: String) -> WireError {
        WireError(kind, field: field.isEmpty ? outer : "\(outer).\(field)", detail)
    }
}
