@testable import Gateway
import Testing

@Suite("ConnectionRecency: the least recently seen evictable client, without a scan")
struct ConnectionRecencyTests {
    @Test("the oldest current, evictable entry is chosen: seen-again clients count from their last sighting, subscribed ones are passed over")
    func picksLeastRecentEvictable() {
        var recency = ConnectionRecency()
        var serials: [[UInt8]: UInt64] = [:]
        for id in [[1], [2], [3], [4]] as [[UInt8]] { serials[id] = recency.touch(id) }
        serials[[1]] = recency.touch([1])
        let subscribed: Set<[UInt8]> = [[2]]
        let oldest = recency.popOldest { serials[$0] == $1 && !subscribed.contains($0) }
        #expect(oldest == [3], "1 was seen again, 2 is subscribed")
        serials[[3]] = nil
        #expect(recency.popOldest { serials[$0] == $1 && !subscribed.contains($0) } == [4])
        serials[[4]] = nil
        #expect(recency.popOldest { serials[$0] == $1 && !subscribed.contains($0) } == [1])
    }

    @Test("under churn of 100 000 clients through 16 places, the entries stored stay within twice the live ones plus slack")
    func boundedUnderChurn() {
        var recency = ConnectionRecency()
        var serials: [[UInt8]: UInt64] = [:]
        var maxStored = 0
        for client in 0..<100_000 {
            let id = withUnsafeBytes(of: UInt32(client)) { Array($0) }
            if serials.count >= 16, let victim = recency.popOldest(where: { serials[$0] == $1 }) { serials[victim] = nil }
            serials[id] = recency.touch(id)
            // Every client is seen a second time, leaving a stale entry behind.
            serials[id] = recency.touch(id)
            recency.compact(live: serials.count) { serials[$0] == $1 }
            maxStored = max(maxStored, recency.storedCount)
        }
        #expect(serials.count == 16)
        #expect(maxStored <= 2 * 16 + ConnectionRecency.slack + 2)
    }
}
