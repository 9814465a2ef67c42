import Foundation
import LodestoneWire
import Matching
import Primitives

/// The publisher's copy of one market's book in raw units, kept by applying each block's
/// events: what L2/L3 snapshots are cut from, so a snapshot always matches the last
/// update published.
struct FeedBook {
    /// A resting order; `arrival` orders a price level (an amend or rename keeps it).
    struct Entry {
        var id: Hash256
        let side: Side
        let price: UInt64
        var size: UInt64
        let arrival: UInt64
    }

    /// What one block changed: new level totals (0: gone) and the order changes in order.
    struct Changes {
        var levels: [Side: [UInt64: UInt64]] = [:]
        var orders: [Lodestone_V1_OrderChange] = []
    }

    let market: FeedMarket
    private(set) var levels: [Side: [UInt64: UInt64]] = [.buy: [:], .sell: [:]]
    private var orders: [Hash256: Entry] = [:]
    private var nextArrival: UInt64 = 0

    init(market: FeedMarket) {
        self.market = market
    }

    var orderCount: Int { orders.count }

    /// Loads the orders already resting when the publisher starts, in time priority, so a
    /// restarted node's snapshots are complete from the first block on.
    mutating func seed(_ resting: [FeedRestingOrder]) {
        for order in resting {
            let entry = Entry(
                id: order.orderID, side: order.side, price: market.price(ticks: order.priceTicks),
                size: market.size(lots: order.sizeLots), arrival: nextArrival)
            nextArrival += 1
            orders[entry.id] = entry
            levels[entry.side]![entry.price, default: 0] += entry.size
        }
    }

    /// Applies one block's events; events naming orders this copy does not hold (which the
    /// chain never produces) are skipped and counted in `unmatched`.
    mutating func apply(_ events: [FeedBookEvent], unmatched: inout Int) -> Changes {
        var changes = Changes()
        for event in events where !apply(event, into: &changes) { unmatched += 1 }
        return changes
    }

    private mutating func apply(_ event: FeedBookEvent, into changes: inout Changes) -> Bool {
        switch event.event {
        case let .levelChanged(side, ticks, totalLots):
            let price = market.price(ticks: ticks)
            let size = market.size(lots: totalLots)
            levels[side]![price] = size == 0 ? nil : size
            changes.levels[side, default: [:]][price] = size
            return true
        case let .orderAdded(_, _, side, ticks, lots):
            guard let id = event.orderIDs.first else { return false }
            let entry = Entry(id: id, side: side, price: market.price(ticks: ticks), size: market.size(lots: lots), arrival: nextArrival)
            nextArrival += 1
            orders[id] = entry
            changes.orders.append(Self.change(.added, entry))
            return true
        case let .orderReduced(_, lots):
            guard let id = event.orderIDs.first, var entry = orders[id] else { return false }
            entry.size = market.size(lots: lots)
            orders[id] = entry
            changes.orders.append(Self.change(.reduced, entry))
            return true
        case let .orderReplaced(_, _, lots):
            guard event.orderIDs.count == 2, var entry = orders.removeValue(forKey: event.orderIDs[0]) else { return false }
            var change = Self.change(.replaced, entry)
            entry.id = event.orderIDs[1]
            entry.size = market.size(lots: lots)
            change.size = entry.size
            change.newOrderID = Data(entry.id.bytes)
            orders[entry.id] = entry
            changes.orders.append(change)
            return true
        case .orderRemoved:
            guard let id = event.orderIDs.first, let entry = orders.removeValue(forKey: id) else { return false }
            var change = Self.change(.removed, entry)
            change.size = 0
            changes.orders.append(change)
            return true
        case .accepted, .rejected, .fill, .cancelled:
            // Trades come from the block's trade list; the rest changes no resting order.
            return true
        }
    }

    private static func change(_ kind: Lodestone_V1_OrderChange.Kind, _ entry: Entry) -> Lodestone_V1_OrderChange {
        var change = Lodestone_V1_OrderChange()
        change.kind = kind
        change.orderID = Data(entry.id.bytes)
        change.side = WireSide.of(entry.side)
        change.price = entry.price
        change.size = entry.size
        return change
    }

    /// One side's levels best first (bids falling, asks rising prices).
    func ladder(_ side: Side) -> [Lodestone_V1_Level] {
        Self.sortedLevels(levels[side]!, side: side)
    }

    /// Every resting order: bids best first, then asks best first, time order within a price.
    func orderList() -> [Lodestone_V1_Order] {
        orders.values.sorted(by: Self.precedes).map { entry in
            var order = Lodestone_V1_Order()
            order.orderID = Data(entry.id.bytes)
            order.side = WireSide.of(entry.side)
            order.price = entry.price
            order.size = entry.size
            return order
        }
    }

    private static func precedes(_ a: Entry, _ b: Entry) -> Bool {
        if a.side != b.side { return a.side == .buy }
        if a.price != b.price { return a.side == .buy ? a.price > b.price : a.price < b.price }
        return a.arrival < b.arrival
    }

    /// `sizes` as wire levels, best first for `side`.
    static func sortedLevels(_ sizes: [UInt64: UInt64], side: Side) -> [Lodestone_V1_Level] {
        let prices = sizes.keys.sorted(by: side == .buy ? (>) : (<))
        return prices.map { price in
            var level = Lodestone_V1_Level()
            level.price = price
            level.size = sizes[price]!
            return level
        }
    }
}

/// The one mapping between the matching core's sides and the wire's.
enum WireSide {
    static func of(_ side: Side) -> Lodestone_V1_Side { side == .buy ? .buy : .sell }

    static func from(_ side: Lodestone_V1_Side) -> Side? {
        switch side {
        case .buy: .buy
        case .sell: .sell
        default: nil
        }
    }
}
