import Foundation
import SwiftProtobuf

/// The field checks every message's `validate()` is made of, so each rule (what an ID is, what
/// a market symbol is, ...) is written once. Each throws a `WireError` naming `field`.
enum WireCheck {
    /// An ID: exactly `WireLimits.idBytes` bytes.
    static func id(_ bytes: Data, _ field: String) throws(WireError) {
        guard bytes.count == WireLimits.idBytes else {
            throw WireError(.invalidLength, field: field, "\(bytes.count) bytes, want \(WireLimits.idBytes)")
        }
    }

    /// An ID that may be absent: empty or exactly `WireLimits.idBytes` bytes.
    static func optionalID(_ bytes: Data, _ field: String) throws(WireError) {
        if !bytes.isEmpty { try id(bytes, field) }
    }

    /// A byte string whose length must lie in `range`.
    static func length(_ bytes: Data, in range: ClosedRange<Int>, _ field: String) throws(WireError) {
        guard range.contains(bytes.count) else {
            throw WireError(.invalidLength, field: field, "\(bytes.count) bytes, want \(range.lowerBound)...\(range.upperBound)")
        }
    }

    /// The order IDs of one transaction: at most `WireLimits.maxOrdersPerTransaction`,
    /// 32 bytes each.
    static func orderIDs(_ ids: [Data], _ field: String = "order_ids") throws(WireError) {
        try count(ids.count, max: WireLimits.maxOrdersPerTransaction, field)
        for (index, orderID) in ids.enumerated() {
            do { try id(orderID, "") } catch { throw error.within("\(field)[\(index)]") }
        }
    }

    /// A repeated field with at most `max` entries.
    static func count(_ count: Int, max: Int, _ field: String) throws(WireError) {
        guard count <= max else {
            throw WireError(.tooManyItems, field: field, "\(count) entries, at most \(max)")
        }
    }

    /// A repeated field with 1 ... `max` entries.
    static func nonEmptyCount(_ count: Int, max: Int, _ field: String) throws(WireError) {
        guard count > 0 else { throw WireError(.missingField, field: field, "no entries") }
        try Self.count(count, max: max, field)
    }

    /// A quantity that must be above zero (a price, a size, a sequence).
    static func positive(_ value: some BinaryInteger, _ field: String) throws(WireError) {
        guard value > 0 else { throw WireError(.invalidValue, field: field, "must be above 0") }
    }

    /// A value that must be zero in this context (e.g. a removed order's size).
    static func zero(_ value: some BinaryInteger, _ field: String) throws(WireError) {
        guard value == 0 else { throw WireError(.invalidValue, field: field, "must be 0 here, got \(value)") }
    }

    /// A schema enum set to one of its named, non-zero cases: proto3 enums are open, so
    /// the zero default and numbers this version does not know arrive as values too.
    static func known<E: SwiftProtobuf.Enum & CaseIterable>(_ value: E, _ field: String) throws(WireError) {
        guard value.rawValue != 0, E.allCases.contains(value) else {
            throw WireError(.invalidEnum, field: field, "\(value.rawValue) is not a defined non-zero value")
        }
    }

    /// A schema enum that is either unset (zero) or one of its named cases.
    static func knownOrUnset<E: SwiftProtobuf.Enum & CaseIterable>(_ value: E, _ field: String) throws(WireError) {
        if value.rawValue != 0 { try known(value, field) }
    }

    /// A protobuf sub-message that must be present.
    static func present(_ isPresent: Bool, _ field: String) throws(WireError) {
        guard isPresent else { throw WireError(.missingField, field: field, "not set") }
    }

    /// A `client_order_id`: printable ASCII without spaces (0x21...0x7E), at most
    /// `WireLimits.maxClientOrderIDBytes` bytes, and not empty unless `allowEmpty`.
    static func clientOrderID(_ text: String, allowEmpty: Bool) throws(WireError) {
        let field = "client_order_id"
        let utf8 = text.utf8
        guard utf8.count <= WireLimits.maxClientOrderIDBytes else {
            throw WireError(.invalidClientOrderID, field: field, "\(utf8.count) bytes, at most \(WireLimits.maxClientOrderIDBytes)")
        }
        guard allowEmpty || !utf8.isEmpty else {
            throw WireError(.invalidClientOrderID, field: field, "empty")
        }
        guard utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw WireError(.invalidClientOrderID, field: field, "only printable ASCII without spaces is allowed")
        }
    }

    /// A market symbol as Markets defines it: `BASE-QUOTE`, each asset 1 ...
    /// `WireLimits.maxAssetBytes` of A-Z and 0-9, at most `WireLimits.maxMarketBytes` in all.
    static func market(_ text: String) throws(WireError) {
        // One byte past the limit is enough to refuse an over-long symbol without copying it.
        let bytes = Array(text.utf8.prefix(WireLimits.maxMarketBytes + 1))
        let field = "market"
        guard bytes.count <= WireLimits.maxMarketBytes else {
            throw WireError(.invalidMarket, field: field, "longer than \(WireLimits.maxMarketBytes) bytes")
        }
        let assets = bytes.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        guard assets.count == 2, isAssetSymbol(assets[0]), isAssetSymbol(assets[1]) else {
            throw WireError(.invalidMarket, field: field, "'\(String(decoding: bytes, as: UTF8.self))' is not BASE-QUOTE of A-Z and 0-9")
        }
    }

    /// Price levels listed best first: strictly descending prices for bids, strictly
    /// ascending for asks, every price above 0, and sizes above 0 unless `zeroSizeAllowed`
    /// (an L2 update's removed level).
    static func levels(
        _ levels: [Lodestone_V1_Level], descending: Bool, zeroSizeAllowed: Bool, max: Int, _ field: String
    ) throws(WireError) {
        try count(levels.count, max: max, field)
        var previous: UInt64? = nil
        for (index, level) in levels.enumerated() {
            do throws(WireError) {
                try positive(level.price, "price")
                if !zeroSizeAllowed { try positive(level.size, "size") }
                if let previous, descending ? level.price >= previous : level.price <= previous {
                    throw WireError(.invalidValue, field: "price", "levels must be best first, each price \(descending ? "below" : "above") the last")
                }
            } catch {
                throw error.within("\(field)[\(index)]")
            }
            previous = level.price
        }
    }

    private static func isAssetSymbol(_ bytes: ArraySlice<UInt8>) -> Bool {
        (1...WireLimits.maxAssetBytes).contains(bytes.count)
            && bytes.allSatisfy { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }
}
