import Primitives

/// Errors of the UTXO-set multiset hash (codes 21xx, inside Crypto's 2xxx block; 2102–2104
/// were the retired elliptic-curve construction's and are not reused). Every throwing
/// operation checks before it changes anything, so after an error the accumulator and
/// every `MultisetHash` are as they were.
public enum MultisetHashError: CodedError, Equatable {
    /// An element is longer than `MultisetHash.maxElementBytes`.
    case elementTooLong(length: Int, limit: Int)
    /// Applying the batch would make the state 0 mod p, which no multiset has and which
    /// could never be left again. Reaching it means inverting SHA-256 and ChaCha20.
    case zeroState

    public var code: UInt16 {
        switch self {
        case .elementTooLong: 2101
        case .zeroState: 2105
        }
    }

    public var name: String {
        switch self {
        case .elementTooLong: "multiset_element_too_long"
        case .zeroState: "multiset_zero_state"
        }
    }

    public var message: String {
        switch self {
        case let .elementTooLong(length, limit): "multiset element has \(length) bytes, limit \(limit)"
        case .zeroState: "the update would take the multiset hash to 0 mod p"
        }
    }
}
