import Primitives

/// A price or size written in a market's units that the market cannot take as written.
///
/// Thrown by `MarketUnits` before anything is signed or sent: nothing is ever rounded to make
/// a value fit, so the error names the rule the value breaks. Codes 5101–5107 (docs/MARKETS.md).
public struct MarketUnitsError: CodedError, Equatable {
    /// Which rule the value breaks.
    public enum Rule: Equatable, Sendable {
        /// Not a decimal number of the accepted form.
        case malformed(reason: String)
        /// More non-zero decimal places than the asset has.
        case tooManyDecimals(asset: String, decimals: UInt8)
        /// More minor units than 64 bits hold.
        case overflow
        /// A price that is not a whole number of ticks.
        case priceOffTick(tick: String, tickSize: UInt64)
        /// A price below `min_price_ticks` or above `max_price_ticks`.
        case priceOutOfBounds(bound: String, isBelow: Bool)
        /// A size that is not a whole number of lots.
        case sizeNotLotMultiple(lot: String, lotSize: UInt64)
        /// A size under the market's `min_size`.
        case sizeBelowMinimum(minimum: String, minSize: UInt64)
    }

    /// What the text was read as: `price` or `size`.
    public let quantity: String
    /// The text as given.
    public let text: String
    public let rule: Rule

    public init(quantity: String, text: String, rule: Rule) {
        self.quantity = quantity
        self.text = text
        self.rule = rule
    }

    public var code: UInt16 {
        switch rule {
        case .malformed: 5101
        case .tooManyDecimals: 5102
        case .overflow: 5103
        case .priceOffTick: 5104
        case .priceOutOfBounds: 5105
        case .sizeNotLotMultiple: 5106
        case .sizeBelowMinimum: 5107
        }
    }

    public var name: String {
        switch rule {
        case .malformed: "units_malformed"
        case .tooManyDecimals: "units_too_many_decimals"
        case .overflow: "units_overflow"
        case .priceOffTick: "price_off_tick"
        case .priceOutOfBounds: "price_out_of_bounds"
        case .sizeNotLotMultiple: "size_not_lot_multiple"
        case .sizeBelowMinimum: "size_below_minimum"
        }
    }

    public var message: String {
        let subject = "\(quantity) '\(text)'"
        switch rule {
        case .malformed(let reason):
            return "\(subject) is not a decimal number: \(reason)"
        case .tooManyDecimals(let asset, let decimals):
            return "\(subject) has more than \(decimals) decimal places (\(asset) has \(decimals))"
        case .overflow:
            return "\(subject) is more minor units than 64 bits hold"
        case .priceOffTick(let tick, let tickSize):
            return "\(subject) is not a multiple of the tick \(tick) (tick_size \(tickSize))"
        case .priceOutOfBounds(let bound, let isBelow):
            return isBelow
                ? "\(subject) is below the lowest price \(bound) (min_price_ticks)"
                : "\(subject) is above the highest price \(bound) (max_price_ticks)"
        case .sizeNotLotMultiple(let lot, let lotSize):
            return "\(subject) is not a multiple of the lot \(lot) (lot_size \(lotSize))"
        case .sizeBelowMinimum(let minimum, let minSize):
            return "\(subject) is below the minimum size \(minimum) (min_size \(minSize))"
        }
    }
}
