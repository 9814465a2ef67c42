/// A market's prices and sizes as people write them, e.g. `30010.00` USDT per BTC and
/// `0.01` BTC on BTC-USDT, converted exactly to and from the integers the chain and the wire
/// carry (quote minor units per whole base unit, base minor units).
///
/// No floating point is involved: text is read digit by digit into a `UInt64`, and a value
/// that does not fit the market (too many decimals, off the tick grid, not whole lots, under
/// the minimum, over 64 bits) is refused with the rule it breaks, never rounded. The rules
/// and a vector table shared with the Python client are in docs/MARKETS.md ("Human units").
public struct MarketUnits: Sendable, Equatable {
    public let definition: MarketDefinition
    /// Decimal places a price is shown with: the quote's decimals less the trailing zeros of
    /// `tick_size` (no price on the grid has finer digits), e.g. 2 for BTC-USDT.
    public let priceDisplayDecimals: Int
    /// Decimal places a size is shown with: the base's decimals less the trailing zeros of
    /// `lot_size`, e.g. 4 for BTC-USDT.
    public let sizeDisplayDecimals: Int

    /// Longest text read as a number; a 64-bit amount with 18 decimals and separators fits.
    public static let textMaxBytes = 64

    public init(_ definition: MarketDefinition) {
        self.definition = definition
        priceDisplayDecimals = Self.displayDecimals(decimals: definition.quoteDecimals, step: definition.tickSize)
        sizeDisplayDecimals = Self.displayDecimals(decimals: definition.baseDecimals, step: definition.lotSize)
    }

    /// A limit price in quote units per whole base unit (`30010.00`), as quote minor units
    /// per whole base unit, checked against the tick grid and the price bounds.
    public func price(_ text: String) throws(MarketUnitsError) -> UInt64 {
        let minor = try Self.minorUnits(text, decimals: definition.quoteDecimals, asset: definition.quoteAsset, quantity: "price")
        return try checkedPrice(minor, text: text)
    }

    /// A price already in quote minor units per whole base unit, checked like `price(_:)`.
    public func price(minor: UInt64) throws(MarketUnitsError) -> UInt64 {
        try checkedPrice(minor, text: "\(minor) minor units")
    }

    /// An order size in base units (`0.01`), as base minor units, checked to be whole lots
    /// and at least `min_size`.
    public func size(_ text: String) throws(MarketUnitsError) -> UInt64 {
        let minor = try Self.minorUnits(text, decimals: definition.baseDecimals, asset: definition.baseAsset, quantity: "size")
        return try checkedSize(minor, text: text)
    }

    /// A size already in base minor units, checked like `size(_:)`.
    public func size(minor: UInt64) throws(MarketUnitsError) -> UInt64 {
        try checkedSize(minor, text: "\(minor) minor units")
    }

    private func checkedPrice(_ minor: UInt64, text: String) throws(MarketUnitsError) -> UInt64 {
        let tick = definition.tickSize
        guard minor % tick == 0 else {
            throw MarketUnitsError(quantity: "price", text: text, rule: .priceOffTick(tick: formatPrice(tick), tickSize: tick))
        }
        let ticks = minor / tick
        let lowest = definition.minPriceTicks ?? 1
        guard ticks >= lowest else {
            throw MarketUnitsError(quantity: "price", text: text, rule: .priceOutOfBounds(bound: formatPrice(lowest * tick), isBelow: true))
        }
        if let highest = definition.maxPriceTicks, ticks > highest {
            throw MarketUnitsError(
                quantity: "price", text: text, rule: .priceOutOfBounds(bound: formatPrice(highest * tick), isBelow: false))
        }
        return minor
    }

    private func checkedSize(_ minor: UInt64, text: String) throws(MarketUnitsError) -> UInt64 {
        let lot = definition.lotSize
        guard minor % lot == 0 else {
            throw MarketUnitsError(quantity: "size", text: text, rule: .sizeNotLotMultiple(lot: formatSize(lot), lotSize: lot))
        }
        guard minor >= definition.minSize else {
            throw MarketUnitsError(
                quantity: "size", text: text, rule: .sizeBelowMinimum(minimum: formatSize(definition.minSize), minSize: definition.minSize))
        }
        return minor
    }

    /// A price (quote minor units per whole base unit) in quote units with thousands
    /// separators: 30_010_000_000 → `30,010.00` on BTC-USDT. Exact: digits finer than the
    /// display decimals are shown, never dropped.
    public func formatPrice(_ priceMinor: UInt64) -> String {
        Self.format(priceMinor, decimals: definition.quoteDecimals, displayDecimals: priceDisplayDecimals)
    }

    /// A size (base minor units) in base units: 1_000_000 → `0.0100` on BTC-USDT.
    public func formatSize(_ sizeMinor: UInt64) -> String {
        Self.format(sizeMinor, decimals: definition.baseDecimals, displayDecimals: sizeDisplayDecimals)
    }

    /// Reads a non-negative decimal number into minor units of an asset with `decimals`
    /// decimals, exactly. Accepted: digits, optionally grouped by `,` in threes
    /// (`30,010`), then optionally `.` and at least one digit; decimal places beyond
    /// `decimals` must be zeros. No sign, exponent, spaces or other characters.
    public static func minorUnits(_ text: String, decimals: UInt8, asset: String, quantity: String) throws(MarketUnitsError) -> UInt64 {
        func refuse(_ rule: MarketUnitsError.Rule) -> MarketUnitsError { MarketUnitsError(quantity: quantity, text: text, rule: rule) }
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { throw refuse(.malformed(reason: "empty")) }
        guard bytes.count <= textMaxBytes else { throw refuse(.malformed(reason: "longer than \(textMaxBytes) characters")) }
        let point = bytes.firstIndex(of: UInt8(ascii: "."))
        let integer = bytes[..<(point ?? bytes.endIndex)]
        let fraction = point.map { bytes[($0 + 1)...] } ?? []
        guard let digits = groupedDigits(integer) else {
            throw refuse(.malformed(reason: "want digits, optionally grouped by ',' in threes, then optionally '.' and digits"))
        }
        guard point == nil || (!fraction.isEmpty && fraction.allSatisfy(isDigit)) else {
            throw refuse(.malformed(reason: "want at least one digit after '.', and nothing else"))
        }
        let places = Int(decimals)
        guard fraction.dropFirst(places).allSatisfy({ $0 == UInt8(ascii: "0") }) else {
            throw refuse(.tooManyDecimals(asset: asset, decimals: decimals))
        }
        // Whole digits, then the decimal places padded with zeros to `decimals`.
        let kept = Array(fraction.prefix(places))
        let all = digits + kept + Array(repeating: UInt8(ascii: "0"), count: places - kept.count)
        var value: UInt64 = 0
        for digit in all {
            let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowSum) = times.addingReportingOverflow(UInt64(digit - UInt8(ascii: "0")))
            guard !overflowTimes, !overflowSum else { throw refuse(.overflow) }
            value = sum
        }
        return value
    }

    /// `minor` in whole units of an asset with `decimals` decimals: thousands separators in
    /// the whole part, then at least `displayDecimals` and at most `decimals` decimal places
    /// (trailing zeros past `displayDecimals` are dropped; nothing else is).
    public static func format(_ minor: UInt64, decimals: UInt8, displayDecimals: Int) -> String {
        let unit = MarketDefinition.baseUnit(decimals: decimals)
        var whole = String(minor / unit)
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole.removeLast(3)
        }
        grouped = whole + grouped
        guard decimals > 0 else { return grouped }
        var fraction = String(minor % unit)
        fraction = String(repeating: "0", count: Int(decimals) - fraction.count) + fraction
        while fraction.count > displayDecimals, fraction.last == "0" { fraction.removeLast() }
        return fraction.isEmpty ? grouped : grouped + "." + fraction
    }

    /// `decimals` less the trailing decimal zeros of `step`, at least 0.
    static func displayDecimals(decimals: UInt8, step: UInt64) -> Int {
        var zeros = 0
        var rest = step
        while rest > 0, rest % 10 == 0 {
            zeros += 1
            rest /= 10
        }
        return max(0, Int(decimals) - zeros)
    }

    /// The digits of `text` without its separators, if it is `d+` or `d{1,3}(,ddd)+`.
    private static func groupedDigits(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        let groups = text.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
        guard let first = groups.first, !first.isEmpty, groups.allSatisfy({ $0.allSatisfy(isDigit) }) else { return nil }
        if groups.count > 1 {
            guard first.count <= 3, groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
        }
        return groups.flatMap { $0 }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
}
