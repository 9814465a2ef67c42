import Primitives

/// Errors of the UTXO-set multiset hash (codes 21xx, inside Crypto's 2xxx block; 2102–2104
/// were the retired elliptic-curve construction's and 2105 (`multiset_zero_state`) the
/// retired MuHash3072 one's, none reused). Every throwing operation checks before it changes
/// anything, so after an error the accumulator and every `MultisetHash` are as they were.
public enum MultisetHashError: CodedError, Equatable {
    /// An element is longer than `MultisetHash.maxElementBytes`.
    case elementTooLong(length: Int, limit: Int)

    public var code: UInt16 {
        switch self {
        case .elementTooLong: 2101
        }
    }

    public var name: String {
        switch self {
        case .elementTooLong: "multiset_element_too_long"
        }
    }

    public var message: String {
        switch self {
        case .elementTooLong(let length, let limit): "multiset element has \(length) bytes, limit \(limit)"
        }
    }
}
