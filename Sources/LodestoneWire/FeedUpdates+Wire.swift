/// The bodies published on the PUB feeds, one type per topic stream (see `FeedBody`).
extension Lodestone_V1_L2Update: WireMessage {
    /// `WireLimits.maxFeedBodyBytes`.
    public static var maxWireBytes: Int { WireLimits.maxFeedBodyBytes }

    /// A valid market, a height, at least one level, and each side best first with prices
    /// above 0 (size 0 is a removed level), at most `WireLimits.maxUpdateEntries` per side.
    public func validate() throws(WireError) {
        try WireCheck.market(market)
        try WireCheck.positive(height, "height")
        guard !bids.isEmpty || !asks.isEmpty else {
            throw WireError(.missingField, field: "bids", "an update changes at least one level")
        }
        try WireCheck.levels(bids, descending: true, zeroSizeAllowed: true, max: WireLimits.maxUpdateEntries, "bids")
        try WireCheck.levels(asks, descending: false, zeroSizeAllowed: true, max: WireLimits.maxUpdateEntries, "asks")
    }
}

extension Lodestone_V1_L3Update: WireMessage {
    /// `WireLimits.maxFeedBodyBytes`.
    public static var maxWireBytes: Int { WireLimits.maxFeedBodyBytes }

    /// A valid market, a height, and 1 ... `WireLimits.maxUpdateEntries` valid changes.
    public func validate() throws(WireError) {
        try WireCheck.market(market)
        try WireCheck.positive(height, "height")
        try WireCheck.nonEmptyCount(changes.count, max: WireLimits.maxUpdateEntries, "changes")
        for (index, change) in changes.enumerated() {
            do { try change.validate() } catch { throw error.within("changes[\(index)]") }
        }
    }
}

extension Lodestone_V1_OrderChange {
    /// A defined kind, a 32-byte order ID, a defined side and a price above 0; a size above
    /// 0 except for a removal (0); a 32-byte new ID for a replacement only.
    func validate() throws(WireError) {
        try WireCheck.known(kind, "kind")
        try WireCheck.id(orderID, "order_id")
        try WireCheck.known(side, "side")
        try WireCheck.positive(price, "price")
        if kind == .removed {
            try WireCheck.zero(size, "size")
        } else {
            try WireCheck.positive(size, "size")
        }
        if kind == .replaced {
            try WireCheck.id(newOrderID, "new_order_id")
        } else {
            try WireCheck.length(newOrderID, in: 0...0, "new_order_id")
        }
    }
}

extension Lodestone_V1_Trade: WireMessage {
    /// `WireLimits.maxFeedBodyBytes`.
    public static var maxWireBytes: Int { WireLimits.maxFeedBodyBytes }

    /// A valid market, two 32-byte order IDs, a defined taker side, a price and size above
    /// 0, a height.
    public func validate() throws(WireError) {
        try WireCheck.market(market)
        try WireCheck.id(makerOrderID, "maker_order_id")
        try WireCheck.id(takerOrderID, "taker_order_id")
        try WireCheck.known(takerSide, "taker_side")
        try WireCheck.positive(price, "price")
        try WireCheck.positive(size, "size")
        try WireCheck.positive(height, "height")
    }
}

extension Lodestone_V1_BlockSummary: WireMessage {
    /// `WireLimits.maxFeedBodyBytes`.
    public static var maxWireBytes: Int { WireLimits.maxFeedBodyBytes }

    /// A height from 1 and a 32-byte block hash.
    public func validate() throws(WireError) {
        try WireCheck.positive(height, "height")
        try WireCheck.id(hash, "hash")
    }
}

extension Lodestone_V1_Heartbeat: WireMessage {
    /// `WireLimits.maxFeedBodyBytes`.
    public static var maxWireBytes: Int { WireLimits.maxFeedBodyBytes }

    /// The topic it watches: a valid feed topic that is not itself a heartbeat topic.
    public func validate() throws(WireError) {
        let watched: FeedTopic
        do { watched = try FeedTopic(text: topic) } catch { throw error.within("topic") }
        guard !watched.isHeartbeat else {
            throw WireError(.unknownTopic, field: "topic", "heartbeats watch feed topics, not '\(topic)'")
        }
    }
}
