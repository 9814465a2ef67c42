import LodestoneWire
import Primitives

/// Snapshot answers (PROTOCOL §8.4): the book copy at the sequence of the last update
/// published on `l2.`/`l3.<MARKET>`, in parts of at most `WireLimits.maxSnapshotEntries`.
extension FeedState {
    /// The encoded parts answering `request` bytes; a refusal is one part with a `Reject`.
    func snapshotParts(request bytes: [UInt8]) -> (parts: [[UInt8]], refused: Bool) {
        let request: Lodestone_V1_SnapshotRequest
        do {
            request = try Lodestone_V1_SnapshotRequest(wireBytes: bytes)
        } catch {
            return ([Self.refusal(Self.readableFields(bytes), error)], true)
        }
        guard let market = market(symbol: request.market) else {
            return ([Self.refusal(request, FeedError.unknownMarket(request.market))], true)
        }
        if let unavailableReason {
            return ([Self.refusal(request, FeedError.snapshotUnavailable(unavailableReason))], true)
        }
        let responses = request.depth == .l2 ? l2Parts(market) : l3Parts(market)
        do throws(WireError) {
            var parts: [[UInt8]] = []
            for response in responses { parts.append(try response.wireBytes()) }
            return (parts, false)
        } catch {
            // Our own snapshot broke a wire rule: refuse rather than send it (a bug).
            return ([Self.refusal(request, error)], true)
        }
    }

    private func l2Parts(_ market: FeedMarket) -> [Lodestone_V1_SnapshotResponse] {
        let book = books[market.index]!
        let bids = FeedUpdates.chunks(book.ladder(.buy), size: WireLimits.maxSnapshotEntries)
        let asks = FeedUpdates.chunks(book.ladder(.sell), size: WireLimits.maxSnapshotEntries)
        return parts(market, depth: .l2, count: max(bids.count, asks.count)) { part, index in
            part.bids = index < bids.count ? bids[index] : []
            part.asks = index < asks.count ? asks[index] : []
        }
    }

    private func l3Parts(_ market: FeedMarket) -> [Lodestone_V1_SnapshotResponse] {
        let orders = FeedUpdates.chunks(books[market.index]!.orderList(), size: WireLimits.maxSnapshotEntries)
        return parts(market, depth: .l3, count: orders.count) { part, index in
            part.orders = index < orders.count ? orders[index] : []
        }
    }

    /// `count` parts (at least one: an empty book is one empty part) sharing sequence and height.
    private func parts(
        _ market: FeedMarket, depth: Lodestone_V1_Depth, count: Int,
        fill: (inout Lodestone_V1_SnapshotResponse, Int) -> Void
    ) -> [Lodestone_V1_SnapshotResponse] {
        let topic = try! FeedTopic(stream: depth == .l2 ? .l2 : .l3, market: market.symbol)
        let total = max(count, 1)
        return (0..<total).map { index in
            var part = Lodestone_V1_SnapshotResponse()
            part.market = market.symbol
            part.depth = depth
            part.sequence = sequencer.lastSequence(topic)
            part.height = height
            part.part = UInt32(index)
            part.isLast = index == total - 1
            fill(&part, index)
            return part
        }
    }

    /// A refusal naming the request's market and depth. When the request was unreadable
    /// those may be invalid, so the refusal cannot pass the wire checks: it is sent as plain
    /// protobuf, and clients read its `reject` (see `FeedClient`).
    static func refusal(_ request: Lodestone_V1_SnapshotRequest, _ error: FeedError) -> [UInt8] {
        refusal(request, code: error.code, name: error.name, text: error.message)
    }

    static func refusal(_ request: Lodestone_V1_SnapshotRequest, _ error: WireError) -> [UInt8] {
        refusal(request, code: error.code, name: error.name, text: error.message)
    }

    static func refusal(_ request: Lodestone_V1_SnapshotRequest, code: UInt16, name: String, text: String) -> [UInt8] {
        var response = Lodestone_V1_SnapshotResponse()
        response.market = String(request.market.utf8.prefix(WireLimits.maxMarketBytes)) ?? ""
        response.depth = request.depth
        response.reject.code = UInt32(code)
        response.reject.name = name
        response.reject.text = String(text.utf8.prefix(WireLimits.maxRejectTextBytes)) ?? name
        response.isLast = true
        if let checked = try? response.wireBytes() { return checked }
        return (try? response.serializedBytes()) ?? []
    }

    /// Whatever a refused request's fields say, when it parses as protobuf at all.
    private static func readableFields(_ bytes: [UInt8]) -> Lodestone_V1_SnapshotRequest {
        guard bytes.count <= WireLimits.maxSnapshotRequestBytes else { return Lodestone_V1_SnapshotRequest() }
        return (try? Lodestone_V1_SnapshotRequest(serializedBytes: bytes)) ?? Lodestone_V1_SnapshotRequest()
    }
}
