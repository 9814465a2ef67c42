import Primitives

/// Errors of the UTXO-set multiset hash (codes 21xx, inside Crypto's 2xxx block).
/// Every throwing operation checks before it changes anything, so after an error the
/// accumulator and every `MultisetHash` are as they were.
public enum MultisetHashError: CodedError, Equatable {
    /// An element is longer than `MultisetHash.maxElementBytes`.
    case elementTooLong(length: Int, limit: Int)
    /// None of the element's candidate x coordinates lies on the curve (probability ≈ 2⁻²⁵⁶
    /// per element: no one can find such an element, but it is still not a crash).
    case noCurvePoint
    /// The accumulator already holds `MultisetHashAccumulator.maxPoints` pending points.
    case batchFull(limit: Int)
    /// Applying the batch would make the state the point at infinity, which has no encoding.
    /// Only a state decoded from crafted bytes can get there: reaching it from `empty`
    /// means solving a discrete logarithm.
    case sumAtInfinity

    public var code: UInt16 {
        switch self {
        case .elementTooLong: 2101
        case .noCurvePoint: 2102
        case .batchFull: 2103
        case .sumAtInfinity: 2104
        }
    }

    public var name: String {
        switch self {
        case .elementTooLong: "multiset_element_too_long"
        case .noCurvePoint: "multiset_no_curve_point"
        case .batchFull: "multiset_batch_full"
        case .sumAtInfinity: "multiset_sum_at_infinity"
        }
    }

    public var message: String {
        switch self {
        case let .elementTooLong(length, limit): "multiset element has \(length) bytes, limit \(limit)"
        case .noCurvePoint: "no curve point within \(MultisetHash.maxMappingTries) counters for this element"
        case let .batchFull(limit): "multiset batch already holds its limit of \(limit) points; apply it first"
        case .sumAtInfinity: "the update would take the multiset hash to the point at infinity"
        }
    }
}
