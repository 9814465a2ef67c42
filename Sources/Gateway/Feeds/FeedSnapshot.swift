import LodestoneWire

/// A whole snapshot: its parts' entries joined in part order.
public struct FeedSnapshot: Sendable, Equatable {
    public let market: String
    public let depth: Lodestone_V1_Depth
    /// The book after this message of `l2.`/`l3.<market>`.
    public let sequence: UInt64
    public let height: UInt64
    public let bids: [Lodestone_V1_Level]
    public let asks: [Lodestone_V1_Level]
    public let orders: [Lodestone_V1_Order]

    static func refusal(_ reject: Lodestone_V1_Reject) -> FeedError {
        .refused(code: UInt16(clamping: reject.code), name: reject.name, text: reject.text)
    }

    /// Joins parts 0, 1, 2, … as they arrive; parts of another request (a late answer to
    /// one that timed out) are skipped.
    struct Builder {
        let market: String
        let depth: Lodestone_V1_Depth
        private var parts: [Lodestone_V1_SnapshotResponse] = []

        init(market: String, depth: Lodestone_V1_Depth) {
            self.market = market
            self.depth = depth
        }

        /// The snapshot once `part` was its last; a refusal throws `refused` with its code.
        mutating func add(_ part: Lodestone_V1_SnapshotResponse) throws(FeedError) -> FeedSnapshot? {
            if part.hasReject { throw FeedSnapshot.refusal(part.reject) }
            guard part.market == market, part.depth == depth else { return nil }
            if part.part == 0 { parts = [] }
            // The rest of an earlier answer that was cut short (its client timed out first).
            if parts.isEmpty, part.part != 0 { return nil }
            guard part.part == parts.count, parts.first.map({ $0.sequence == part.sequence }) ?? true else {
                throw .wire(code: WireError.Kind.invalidValue.rawValue, name: WireError.Kind.invalidValue.name,
                            text: "snapshot part \(part.part) out of order or of another sequence")
            }
            parts.append(part)
            guard part.isLast else { return nil }
            return FeedSnapshot(
                market: market, depth: depth, sequence: part.sequence, height: part.height,
                bids: parts.flatMap(\.bids), asks: parts.flatMap(\.asks), orders: parts.flatMap(\.orders))
        }
    }
}
