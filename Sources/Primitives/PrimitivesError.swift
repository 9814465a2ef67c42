/// Errors of the primitive types and the canonical codec (codes 1xxx).
public enum PrimitivesError: CodedError, Equatable {
    /// The input ended before a complete value was read.
    case truncated(needed: Int, available: Int)
    /// Bytes remained after the top-level value was decoded.
    case trailingBytes(count: Int)
    /// A varint used more bytes than needed, or ran past 64 bits.
    case nonCanonicalVarint
    /// A variable-length field exceeded its declared limit.
    case lengthLimitExceeded(field: String, length: UInt64, limit: Int)
    /// A one-byte tag or enum discriminant had no meaning.
    case unknownTag(field: String, tag: UInt64)
    /// A value decoded but broke the type's invariant (e.g. a zero denominator).
    case invalidValue(field: String, reason: String)
    /// Checked amount arithmetic overflowed.
    case amountOverflow
    /// Checked amount arithmetic went below zero.
    case amountUnderflow
    /// A hex string had an odd length, a bad digit or the wrong length.
    case invalidHex(String)

    public var code: UInt16 {
        switch self {
        case .truncated: 1001
        case .trailingBytes: 1002
        case .nonCanonicalVarint: 1003
        case .lengthLimitExceeded: 1004
        case .unknownTag: 1005
        case .invalidValue: 1006
        case .amountOverflow: 1101
        case .amountUnderflow: 1102
        case .invalidHex: 1201
        }
    }

    public var name: String {
        switch self {
        case .truncated: "truncated"
        case .trailingBytes: "trailing_bytes"
        case .nonCanonicalVarint: "non_canonical_varint"
        case .lengthLimitExceeded: "length_limit_exceeded"
        case .unknownTag: "unknown_tag"
        case .invalidValue: "invalid_value"
        case .amountOverflow: "amount_overflow"
        case .amountUnderflow: "amount_underflow"
        case .invalidHex: "invalid_hex"
        }
    }

    public var message: String {
        switch self {
        case let .truncated(needed, available): "needed \(needed) more bytes, \(available) available"
        case let .trailingBytes(count): "\(count) bytes after the end of the value"
        case .nonCanonicalVarint: "varint is not in its shortest form or exceeds 64 bits"
        case let .lengthLimitExceeded(field, length, limit): "\(field): length \(length) exceeds limit \(limit)"
        case let .unknownTag(field, tag): "\(field): unknown tag \(tag)"
        case let .invalidValue(field, reason): "\(field): \(reason)"
        case .amountOverflow: "amount arithmetic overflowed 2^64-1"
        case .amountUnderflow: "amount arithmetic went below zero"
        case let .invalidHex(text): "not valid hex: \(text.prefix(80))"
        }
    }
}
