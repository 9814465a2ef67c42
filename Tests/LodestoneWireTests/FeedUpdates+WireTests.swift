import Foundation
import LodestoneWire
import Testing

@Suite("Feed body validation: L2, L3, trades, blocks, heartbeats")
struct FeedUpdatesWireTests {
    @Test("L2: levels best first on each side; size 0 marks a removed level; price 0 is refused")
    func l2Levels() throws {
        var update = WireFixtures.l2Update
        update.bids.reverse()
        try expectRefused(update, .invalidValue, field: "bids[1].price")
        update = WireFixtures.l2Update
        update.asks.append(WireFixtures.level(30_010_000_000, 5))
        try expectRefused(update, .invalidValue, field: "asks[1].price")
        update = WireFixtures.l2Update
        update.asks[0].price = 0
        try expectRefused(update, .invalidValue, field: "asks[0].price")
    }

    @Test("L2: an update changes at least one level, at most 65536 per side, in a valid market from height 1")
    func l2Shape() throws {
        var update = WireFixtures.l2Update
        update.bids = []
        update.asks = []
        try expectRefused(update, .missingField, field: "bids")
        update = WireFixtures.l2Update
        update.asks = (1...UInt64(WireLimits.maxUpdateEntries + 1)).map { WireFixtures.level($0, 1) }
        try expectRefused(update, .tooManyItems, field: "asks")
        update = WireFixtures.l2Update
        update.market = "BTC-"
        try expectRefused(update, .invalidMarket, field: "market")
        update = WireFixtures.l2Update
        update.height = 0
        try expectRefused(update, .invalidValue, field: "height")
    }

    @Test("L3: removed has size 0, others above 0; only a replacement names a 32-byte new ID")
    func l3Changes() throws {
        func refused(_ change: Lodestone_V1_OrderChange, _ kind: WireError.Kind, _ field: String) throws {
            var update = WireFixtures.l3Update
            update.changes.append(change)
            try expectRefused(update, kind, field: "changes[4].\(field)")
        }
        try refused(WireFixtures.change(.removed, 5), .invalidValue, "size")
        try refused(WireFixtures.change(.added, 0), .invalidValue, "size")
        var replaced = WireFixtures.change(.replaced, 10)
        replaced.newOrderID = Data()
        try refused(replaced, .invalidLength, "new_order_id")
        var added = WireFixtures.change(.added, 10)
        added.newOrderID = WireFixtures.id(9)
        try refused(added, .invalidLength, "new_order_id")
        try refused(WireFixtures.change(.unspecified, 10), .invalidEnum, "kind")
        var sideless = WireFixtures.change(.reduced, 10)
        sideless.side = .unspecified
        try refused(sideless, .invalidEnum, "side")
    }

    @Test("L3: 1 to 65536 changes per update")
    func l3Count() throws {
        var update = WireFixtures.l3Update
        update.changes = []
        try expectRefused(update, .missingField, field: "changes")
        update.changes = Array(repeating: WireFixtures.change(.added, 1), count: WireLimits.maxUpdateEntries + 1)
        try expectRefused(update, .tooManyItems, field: "changes")
    }

    @Test("trade: two 32-byte order IDs, a taker side, price and size above 0")
    func tradeShape() throws {
        var trade = WireFixtures.trade
        trade.makerOrderID = Data()
        try expectRefused(trade, .invalidLength, field: "maker_order_id")
        trade = WireFixtures.trade
        trade.takerSide = .UNRECOGNIZED(5)
        try expectRefused(trade, .invalidEnum, field: "taker_side")
        trade = WireFixtures.trade
        trade.size = 0
        try expectRefused(trade, .invalidValue, field: "size")
    }

    @Test("block summary: a height from 1 and a 32-byte hash")
    func blockShape() throws {
        var block = WireFixtures.blockSummary
        block.hash = Data(count: 20)
        try expectRefused(block, .invalidLength, field: "hash")
    }

    @Test("heartbeat: watches a feed topic, never a heartbeat topic or an unknown one")
    func heartbeatShape() throws {
        var heartbeat = WireFixtures.heartbeat
        heartbeat.topic = "heartbeat.l2.BTC-USDT"
        try expectRefused(heartbeat, .unknownTopic, field: "topic")
        heartbeat.topic = "candles.BTC-USDT"
        try expectRefused(heartbeat, .unknownTopic, field: "topic")
        heartbeat.topic = "blocks"
        try heartbeat.validate()
    }
}
