/// Every failure of the wire layer: a stable code in 7101–7199 (the gateway's share of the
/// 7xxx block), a stable snake_case name, the field it concerns and what was wrong.
///
/// It has the shape of Primitives' `CodedError` (`code`, `name`, `message`) without importing
/// it, so this module depends on SwiftProtobuf alone; the gateway states the conformance in
/// one line (`extension WireError: CodedError {}`).
public struct WireError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong; the raw value is the stable code (docs/PROTOCOL.md §8).
    public enum Kind: UInt16, Sendable, CaseIterable {
        case messageTooLarge = 7101
        case malformedMessage = 7102
        case missingField = 7103
        case invalidClientOrderID = 7104
        case tooManyItems = 7105
        case nestedBatch = 7106
        case invalidLength = 7107
        case invalidEnum = 7108
        case invalidValue = 7109
        case invalidMarket = 7110
        case unknownTopic = 7111
        case topicMismatch = 7112
        case wrongFrameCount = 7113
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
