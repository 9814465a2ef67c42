import Primitives

/// Why the matching core refused an operation. A refused operation changes nothing in the
/// book. Codes (4xxx) and names are stable; docs/MATCHING.md lists them.
public enum MatchingError: CodedError, Hashable {
    /// A price of zero or below.
    case priceNotPositive(price: Int64)
    /// A size of zero or below.
    case sizeNotPositive(size: Int64)
    /// A price that is not a multiple of the market's tick size.
    case priceOffTick(price: Int64, tickSize: Int64)
    /// A size that is not a multiple of the market's lot size.
    case sizeNotWholeLots(size: Int64, lotSize: Int64)
    /// A size below the market's minimum order size.
    case sizeUnderMinimum(size: Int64, minSize: Int64)
    /// Cancel or replace of an ID that is not resting in the book.
    case unknownOrderID(OrderID)
    /// A new order (or replacement) whose ID this book has already accepted once.
    case duplicateOrderID(OrderID)
    /// A post-only order whose price would take liquidity.
    case postOnlyWouldCross(price: Int64, oppositeBest: Int64)
    /// A fill-or-kill order that the book cannot fill completely at once.
    case fokUnfillable(size: Int64, fillable: Int64)
    /// A price outside the market's price bounds.
    case priceOutOfBounds(price: Int64, bounds: ClosedRange<Int64>)
    /// The book has no room for one more resting order or price level.
    case bookFull(BookCapacity.Limit)
    /// A replace whose new ID is the ID it replaces.
    case invalidReplace(OrderID)
    /// A size above the market's per-order maximum.
    case sizeOverMaximum(size: Int64, maxSize: Int64)
    /// An order ID outside the book's ID space.
    case orderIDOutOfRange(OrderID, maxOrderIDs: UInt32)
    /// An order whose expiry height is already behind the book's height.
    case expiryPassed(expiry: UInt64, height: UInt64)
    /// An attempt to move the book's height backwards.
    case heightRegressed(height: UInt64, current: UInt64)
    /// Market rules that break an invariant (zero tick, fee above 100%, …).
    case invalidRules(String)
    /// A book capacity outside its limits.
    case invalidCapacity(String)
    /// The order would reach `reached` resting orders, more than the `room` its batch (a
    /// block's settlement) has left; it is returned whole and may be sent again.
    case settlementRoomExhausted(reached: Int, room: Int)

    public var code: UInt16 {
        switch self {
        case .priceNotPositive: 4001
        case .sizeNotPositive: 4002
        case .priceOffTick: 4003
        case .sizeNotWholeLots: 4004
        case .sizeUnderMinimum: 4005
        case .unknownOrderID: 4006
        case .duplicateOrderID: 4007
        case .postOnlyWouldCross: 4008
        case .fokUnfillable: 4009
        case .priceOutOfBounds: 4010
        case .bookFull: 4011
        case .invalidReplace: 4012
        case .sizeOverMaximum: 4013
        case .orderIDOutOfRange: 4014
        case .expiryPassed: 4015
        case .heightRegressed: 4016
        case .invalidRules: 4017
        case .invalidCapacity: 4018
        case .settlementRoomExhausted: 4019
        }
    }

    public var name: String {
        switch self {
        case .priceNotPositive: "price_not_positive"
        case .sizeNotPositive: "size_not_positive"
        case .priceOffTick: "price_off_tick"
        case .sizeNotWholeLots: "size_not_whole_lots"
        case .sizeUnderMinimum: "size_under_minimum"
        case .unknownOrderID: "unknown_order_id"
        case .duplicateOrderID: "duplicate_order_id"
        case .postOnlyWouldCross: "post_only_would_cross"
        case .fokUnfillable: "fok_unfillable"
        case .priceOutOfBounds: "price_out_of_bounds"
        case .bookFull: "book_full"
        case .invalidReplace: "invalid_replace"
        case .sizeOverMaximum: "size_over_maximum"
        case .orderIDOutOfRange: "order_id_out_of_range"
        case .expiryPassed: "expiry_passed"
        case .heightRegressed: "height_regressed"
        case .invalidRules: "invalid_rules"
        case .invalidCapacity: "invalid_capacity"
        case .settlementRoomExhausted: "settlement_room_exhausted"
        }
    }

    public var message: String {
        switch self {
        case .priceNotPositive(let price): "price \(price) must be greater than 0"
        case .sizeNotPositive(let size): "size \(size) must be greater than 0"
        case .priceOffTick(let price, let tick): "price \(price) is not a multiple of the tick size \(tick)"
        case .sizeNotWholeLots(let size, let lot): "size \(size) is not a multiple of the lot size \(lot)"
        case .sizeUnderMinimum(let size, let min): "size \(size) is below the minimum order size \(min)"
        case .unknownOrderID(let id): "order \(id) is not resting in this book"
        case .duplicateOrderID(let id): "order \(id) was already accepted by this book"
        case .postOnlyWouldCross(let price, let best): "post-only price \(price) would cross the opposite best \(best)"
        case .fokUnfillable(let size, let fillable): "fill-or-kill size \(size) but only \(fillable) can fill now"
        case .priceOutOfBounds(let price, let bounds): "price \(price) is outside \(bounds.lowerBound)...\(bounds.upperBound)"
        case .bookFull(let limit): "the book is full: \(limit)"
        case .invalidReplace(let id): "replace of \(id) must name a new order ID"
        case .sizeOverMaximum(let size, let max): "size \(size) is above the maximum order size \(max)"
        case .orderIDOutOfRange(let id, let max): "order \(id) is outside the ID space 0..<\(max)"
        case .expiryPassed(let expiry, let height): "expiry height \(expiry) is already behind the book's height \(height)"
        case .heightRegressed(let height, let current): "height \(height) is below the book's height \(current)"
        case .invalidRules(let why): "invalid market rules: \(why)"
        case .invalidCapacity(let why): "invalid book capacity: \(why)"
        case .settlementRoomExhausted(let reached, let room):
            "the order would reach \(reached) resting orders; this block's settlement has room for \(room) more (send it again)"
        }
    }
}
