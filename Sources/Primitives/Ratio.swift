/// An exact positive ratio `numerator / denominator` of two `UInt64`s, e.g. a price in
/// requested-asset units per offered-asset unit. Never floating point: comparisons
/// cross-multiply in 128 bits, and conversions of amounts round down explicitly.
///
/// Ratios are not normalised: 2/4 and 1/2 compare equal but encode differently, so the
/// encoding a seller signed is the one the ledger checks.
public struct Ratio: Hashable, Sendable, CustomStringConvertible {
    public let numerator: UInt64
    public let denominator: UInt64

    /// Creates `numerator / denominator`; both must be greater than zero.
    public init(_ numerator: UInt64, _ denominator: UInt64) throws(PrimitivesError) {
        guard numerator > 0 else { throw .invalidValue(field: "ratio", reason: "numerator must be > 0") }
        guard denominator > 0 else { throw .invalidValue(field: "ratio", reason: "denominator must be > 0") }
        self.numerator = numerator
        self.denominator = denominator
    }

    public var description: String { "\(numerator)/\(denominator)" }

    /// Value equality: a/b == c/d exactly when a·d == c·b.
    public func isValueEqual(to other: Ratio) -> Bool { compareValue(to: other) == 0 }

    /// -1, 0 or 1 as `self` is less than, equal to or greater than `other` in value.
    public func compareValue(to other: Ratio) -> Int {
        let left = numerator.multipliedFullWidth(by: other.denominator)
        let right = other.numerator.multipliedFullWidth(by: denominator)
        if left.high != right.high { return left.high < right.high ? -1 : 1 }
        if left.low != right.low { return left.low < right.low ? -1 : 1 }
        return 0
    }

    /// `floor(amount × numerator / denominator)`: what a seller of `amount` is owed at this
    /// price, rounded in the payer's favour by less than one unit. Throws on overflow.
    public func floorMultiply(_ amount: Amount) throws(PrimitivesError) -> Amount {
        let product = amount.units.multipliedFullWidth(by: numerator)
        guard product.high < denominator else { throw .amountOverflow }
        return Amount(denominator.dividingFullWidth(product).quotient)
    }

    /// `ceil(amount × numerator / denominator)`. Throws on overflow.
    public func ceilMultiply(_ amount: Amount) throws(PrimitivesError) -> Amount {
        let product = amount.units.multipliedFullWidth(by: numerator)
        guard product.high < denominator else { throw .amountOverflow }
        let (quotient, remainder) = denominator.dividingFullWidth(product)
        return remainder == 0 ? Amount(quotient) : try Amount(quotient).adding(Amount(1))
    }
}
