/// The snapshot ROUTER's request and its answer: how a subscriber that saw a sequence gap
/// re-syncs (ZeroMQ's clone pattern).
extension Lodestone_V1_SnapshotRequest: WireMessage {
    /// `WireLimits.maxSnapshotRequestBytes`.
    public static var maxWireBytes: Int { WireLimits.maxSnapshotRequestBytes }

    /// A valid market and a defined depth.
    public func validate() throws(WireError) {
        try WireCheck.market(market)
        try WireCheck.known(depth, "depth")
    }
}

extension Lodestone_V1_SnapshotResponse: WireMessage {
    /// `WireLimits.maxSnapshotBytes`.
    public static var maxWireBytes: Int { WireLimits.maxSnapshotBytes }

    /// A valid market and depth; then either a refusal (a valid reject, the last and only
    /// part, nothing else set) or one part of the book at that depth: levels for L2
    /// (sizes above 0) or orders for L3, best first, at most
    /// `WireLimits.maxSnapshotEntries` per side or in all.
    public func validate() throws(WireError) {
        try WireCheck.market(market)
        try WireCheck.known(depth, "depth")
        if hasReject {
            try validateRefusal()
        } else if depth == .l2 {
            try WireCheck.count(orders.count, max: 0, "orders")
            try WireCheck.levels(bids, descending: true, zeroSizeAllowed: false, max: WireLimits.maxSnapshotEntries, "bids")
            try WireCheck.levels(asks, descending: false, zeroSizeAllowed: false, max: WireLimits.maxSnapshotEntries, "asks")
        } else {
            try WireCheck.count(bids.count, max: 0, "bids")
            try WireCheck.count(asks.count, max: 0, "asks")
            try validateOrders()
        }
    }

    private func validateRefusal() throws(WireError) {
        do { try reject.validate() } catch { throw error.within("reject") }
        try WireCheck.count(bids.count, max: 0, "bids")
        try WireCheck.count(asks.count, max: 0, "asks")
        try WireCheck.count(orders.count, max: 0, "orders")
        try WireCheck.zero(sequence, "sequence")
        try WireCheck.zero(height, "height")
        try WireCheck.zero(part, "part")
        guard isLast else { throw WireError(.invalidValue, field: "is_last", "a refusal is the last part") }
    }

    /// Bids best first (prices not rising), then asks best first (prices not falling).
    private func validateOrders() throws(WireError) {
        try WireCheck.count(orders.count, max: WireLimits.maxSnapshotEntries, "orders")
        var previous: Lodestone_V1_Order? = nil
        for (index, order) in orders.enumerated() {
            do throws(WireError) {
                try order.validate()
                if let previous, !order.follows(previous) {
                    throw WireError(.invalidValue, field: "price", "orders must be bids best first, then asks best first")
                }
            } catch {
                throw error.within("orders[\(index)]")
            }
            previous = order
        }
    }
}

extension Lodestone_V1_Order {
    /// A 32-byte order ID, a defined side, a price and size above 0.
    func validate() throws(WireError) {
        try WireCheck.id(orderID, "order_id")
        try WireCheck.known(side, "side")
        try WireCheck.positive(price, "price")
        try WireCheck.positive(size, "size")
    }

    /// Whether this order may come right after `previous` in an L3 snapshot.
    func follows(_ previous: Lodestone_V1_Order) -> Bool {
        switch (previous.side, side) {
        case (.buy, .buy): price <= previous.price
        case (.sell, .sell): price >= previous.price
        case (.buy, .sell): true
        default: false
        }
    }
}
