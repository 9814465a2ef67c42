import Chain
import Foundation
import Gateway
@testable import Node
import Primitives
import Storage
import Testing

@Suite("Bounded queue: refuses past capacity, hands items out in order, never waits unbounded")
struct BoundedQueueTests {
    @Test("offers past capacity are refused without waiting; takes come back oldest first, in batches")
    func capacityAndOrder() {
        let queue = BoundedQueue<Int>(capacity: 3)
        #expect((1...5).map { queue.offer($0) } == [true, true, true, false, false])
        #expect(queue.take(max: 2, waitMs: 0) == [1, 2])
        #expect(queue.offer(6))
        #expect(queue.take(max: 10, waitMs: 0) == [3, 6])
        #expect(queue.count == 0)
    }

    @Test("an empty queue's take returns nothing once its wait is over")
    func emptyTake() {
        #expect(BoundedQueue<Int>(capacity: 1).take(max: 1, waitMs: 1).isEmpty)
    }

    @Test("a closed queue refuses offers and still hands out what it held")
    func close() {
        let queue = BoundedQueue<Int>(capacity: 2)
        #expect(queue.offer(1))
        queue.close()
        #expect(!queue.offer(2))
        #expect(queue.take(max: 5, waitMs: 0) == [1])
        #expect(queue.take(max: 5, waitMs: 10_000).isEmpty, "closed: returns at once instead of waiting")
    }

    @Test("under steady load (never empty) memory stays bounded and order is kept")
    func steadyLoad() {
        let queue = BoundedQueue<Int>(capacity: 4)
        var next = 0, expected = 0
        for _ in 0..<1_000 {
            while queue.offer(next) { next += 1 }
            for item in queue.take(max: 3, waitMs: 0) {
                #expect(item == expected)
                expected += 1
            }
        }
        #expect(queue.count <= 4)
    }

    @Test("a waiting offer gets in once a take makes room, times out on a full queue, and is refused by a closed one")
    func waitingOffer() {
        let queue = BoundedQueue<Int>(capacity: 1)
        #expect(queue.offer(1))
        #expect(!queue.offer(2, waitMs: 1), "full, and nobody takes")
        let taker = Thread { _ = queue.take(max: 1, waitMs: 1_000) }
        taker.start()
        #expect(queue.offer(3, waitMs: 10_000), "a take on another thread makes room")
        #expect(queue.take(max: 5, waitMs: 0) == [3])
        queue.close()
        #expect(!queue.offer(4, waitMs: 10_000) && queue.isClosed)
    }

    @Test("lanes: a full lane refuses only its own offers, and a take bounds what it takes from each lane, lane 0 first, each in order")
    func lanes() {
        let queue = BoundedQueue<Int>(capacity: 3, lanes: 2)
        #expect((1...4).map { queue.offer($0, lane: 1) } == [true, true, true, false])
        #expect(queue.offer(10, lane: 0), "a full lane 1 leaves lane 0 open")
        #expect(queue.count == 4 && queue.count(lane: 1) == 3)
        #expect(queue.take(maxPerLane: [5, 2], waitMs: 0) == [10, 1, 2])
        #expect(queue.take(maxPerLane: [5, 2], waitMs: 0) == [3])
    }

    @Test("a block-loop round takes every source's share: a raw intake flood cannot crowd out gateway jobs, nor the reverse")
    func blockLoopShares() {
        let queue = BoundedQueue<IntakeItem>(intakeCapacity: 4_096)
        let job = PoolJob(items: []) { _, _ in }
        for _ in 0..<3_000 { _ = queue.offer(.raw(identity: [1], item: .cancel(Self.cancel)), lane: IntakeItem.Source.raw.rawValue) }
        for _ in 0..<3_000 { _ = queue.offer(.gateway(job), lane: IntakeItem.Source.gateway.rawValue) }
        let round = queue.take(max: BlockLoop<MemoryStore>.batchMax, waitMs: 0)
        #expect(round.filter { $0.source == .gateway }.count == BlockLoop<MemoryStore>.batchMax(.gateway))
        #expect(round.filter { $0.source == .raw }.count == BlockLoop<MemoryStore>.batchMax(.raw))
        #expect(BlockLoop<MemoryStore>.batchMax(.gateway) == 1_024 && BlockLoop<MemoryStore>.batchMax(.raw) == 32)
    }

    static let cancel = CancelRequest(orderID: try! Hash256(hex: String(repeating: "ab", count: 32)), signature: OrderMaker.placeholder)
}
