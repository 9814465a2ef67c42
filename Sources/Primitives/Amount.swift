/// A quantity of one asset in its smallest unit. Never negative; every operation that
/// could leave `UInt64` throws instead of wrapping or trapping.
public struct Amount: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The count of smallest units.
    public let units: UInt64

    public static let zero = Amount(0)
    public static let max = Amount(UInt64.max)

    @inlinable public init(_ units: UInt64) { self.units = units }

    public var description: String { String(units) }

    public static func < (lhs: Amount, rhs: Amount) -> Bool { lhs.units < rhs.units }

    /// `self + other`, or `amountOverflow`.
    @inlinable public func adding(_ other: Amount) throws(PrimitivesError) -> Amount {
        let (sum, overflow) = units.addingReportingOverflow(other.units)
        guard !overflow else { throw .amountOverflow }
        return Amount(sum)
    }

    /// `self - other`, or `amountUnderflow`.
    @inlinable public func subtracting(_ other: Amount) throws(PrimitivesError) -> Amount {
        let (difference, overflow) = units.subtractingReportingOverflow(other.units)
        guard !overflow else { throw .amountUnderflow }
        return Amount(difference)
    }

    /// `self × factor`, or `amountOverflow`.
    @inlinable public func multiplied(by factor: UInt64) throws(PrimitivesError) -> Amount {
        let (product, overflow) = units.multipliedReportingOverflow(by: factor)
        guard !overflow else { throw .amountOverflow }
        return Amount(product)
    }
}

extension Sequence where Element == Amount {
    /// The checked sum of the amounts.
    public func checkedSum() throws(PrimitivesError) -> Amount {
        var total = Amount.zero
        for amount in self { total = try total.adding(amount) }
        return total
    }
}
