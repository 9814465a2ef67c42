import Gateway

/// The raw intake's rate limits: a token bucket per client (per ROUTER identity) and one for
/// the intake as a whole, since one client can open many connections and so many identities.
/// Owned by the intake thread; time is passed in, so tests are exact.
struct IntakeLimiter: Sendable {
    /// Client identities remembered; past this the least recently seen is forgotten (it comes
    /// back with a full bucket, which the total budget still bounds).
    static let clientsMax = 16_384

    /// One client's or the whole intake's bucket settings.
    struct Rate: Sendable, Equatable {
        let perSecond: UInt64
        let burst: UInt64
    }

    /// Why a request was refused.
    enum Refusal: Error, Equatable {
        case client
        case total
    }

    let client: Rate
    let total: Rate
    private var buckets = BoundedMap<[UInt8], TokenBucket>(capacity: clientsMax)
    private var totalBucket: TokenBucket

    init(client: Rate, total: Rate, nowMs: UInt64) {
        self.client = client
        self.total = total
        totalBucket = TokenBucket(ratePerSecond: total.perSecond, burst: total.burst, nowMs: nowMs)
    }

    /// Clients remembered now.
    var clientCount: Int { buckets.count }

    /// Takes one token of `identity`'s bucket, and one of the total when the request will
    /// reach the block thread (`reachesBlockThread`); takes nothing of the total when the
    /// client's own bucket is empty. O(1) amortized: the least recently seen client is
    /// forgotten by a bounded map, never found by a scan.
    mutating func admit(_ identity: [UInt8], reachesBlockThread: Bool, nowMs: UInt64) throws(Refusal) {
        // Removing and re-inserting moves the client to the newest end of the map's order.
        var bucket = buckets[identity] ?? TokenBucket(ratePerSecond: client.perSecond, burst: client.burst, nowMs: nowMs)
        buckets[identity] = nil
        let allowed = bucket.take(1, nowMs: nowMs)
        buckets[identity] = bucket
        guard allowed else { throw .client }
        guard !reachesBlockThread || totalBucket.take(1, nowMs: nowMs) else { throw .total }
    }
}
