import Chain
import Foundation
import LodestoneWire
import Matching

/// Builds the feed bodies of one block, split so no update exceeds
/// `WireLimits.maxUpdateEntries` per side or in all (PROTOCOL §8.4).
enum FeedUpdates {
    /// The changed levels as `L2Update`s of `height`; none when no level changed.
    static func l2(_ changes: FeedBook.Changes, market: String, height: UInt64) -> [Lodestone_V1_L2Update] {
        let bids = chunks(FeedBook.sortedLevels(changes.levels[.buy] ?? [:], side: .buy))
        let asks = chunks(FeedBook.sortedLevels(changes.levels[.sell] ?? [:], side: .sell))
        return (0..<max(bids.count, asks.count)).map { part in
            var update = Lodestone_V1_L2Update()
            update.market = market
            update.height = height
            update.bids = part < bids.count ? bids[part] : []
            update.asks = part < asks.count ? asks[part] : []
            return update
        }
    }

    /// The order changes as `L3Update`s of `height`, in order; none when nothing changed.
    static func l3(_ changes: FeedBook.Changes, market: String, height: UInt64) -> [Lodestone_V1_L3Update] {
        chunks(changes.orders).map { part in
            var update = Lodestone_V1_L3Update()
            update.market = market
            update.height = height
            update.changes = part
            return update
        }
    }

    static func trade(_ trade: Trade, market: String, height: UInt64) -> Lodestone_V1_Trade {
        var message = Lodestone_V1_Trade()
        message.market = market
        message.makerOrderID = Data(trade.maker.bytes)
        message.takerOrderID = Data(trade.taker.bytes)
        message.takerSide = WireSide.of(trade.takerSide)
        message.price = trade.price
        message.size = trade.size
        message.height = height
        return message
    }

    static func summary(_ block: FeedBlock) -> Lodestone_V1_BlockSummary {
        var summary = Lodestone_V1_BlockSummary()
        summary.height = block.height
        summary.hash = Data(block.hash.bytes)
        summary.transactionCount = UInt32(clamping: block.transactionCount)
        summary.cancelCount = UInt32(clamping: block.cancelCount)
        summary.fillCount = UInt32(clamping: block.trades.count)
        summary.timestampMs = block.timestampMs
        return summary
    }

    /// `items` in runs of at most `size`; nothing for nothing.
    static func chunks<Item>(_ items: [Item], size: Int = WireLimits.maxUpdateEntries) -> [[Item]] {
        precondition(size > 0)
        return stride(from: 0, to: items.count, by: size).map { Array(items[$0..<min($0 + size, items.count)]) }
    }
}
