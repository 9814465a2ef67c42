@testable import Gateway
import LodestoneWire
import Matching
import Testing

@Suite("FeedState: what the publisher thread sends and snapshots")
struct FeedStateTests {
    static let symbol = RandomBookFlow.market.symbol

    private func frames(_ state: inout FeedState, _ block: FeedBlock, _ counters: inout FeedCounters) -> [FeedFrame] {
        state.frames(for: block, nowMs: 0, counters: &counters)
    }

    @Test("every topic numbers its messages 1, 2, 3, … without a gap, block after block")
    func sequencesStartAtOneWithoutGaps() throws {
        var flow = RandomBookFlow(seed: 11)
        var state = FeedState(markets: [RandomBookFlow.market], nowMs: 0)
        var counters = FeedCounters()
        var seen: [FeedTopic: [UInt64]] = [:]
        for _ in 0..<50 {
            for frame in frames(&state, flow.nextBlock(operations: 20), &counters) { seen[frame.topic, default: []].append(frame.sequence) }
        }
        for topic in try [FeedTopic.l2(Self.symbol), .l3(Self.symbol), .trades(Self.symbol), .blocks] {
            let sequences = try #require(seen[topic], "\(topic) published nothing")
            #expect(sequences == Array(1...UInt64(sequences.count)), "\(topic)")
        }
        #expect(seen[.blocks]?.count == 50)
        #expect(counters == FeedCounters(), "no message failed its checks, no event was unmatched")
    }

    @Test("an L2 stream applied to a snapshot reproduces the matching book after every block")
    func l2StreamReproducesBook() throws {
        var flow = RandomBookFlow(seed: 7)
        var state = FeedState(markets: [RandomBookFlow.market], nowMs: 0)
        var counters = FeedCounters()
        for _ in 0..<20 { _ = frames(&state, flow.nextBlock(operations: 30), &counters) }
        var book = L2Book(snapshot: try #require(try SnapshotDecoding.snapshot(state, market: Self.symbol, depth: .l2)))
        #expect(book.bids == flow.ladder(.buy) && book.asks == flow.ladder(.sell), "the snapshot is the book")
        let topic = try FeedTopic.l2(Self.symbol)
        for _ in 0..<200 {
            for frame in frames(&state, flow.nextBlock(operations: 30), &counters) where frame.topic == topic {
                guard case let .l2(update) = try FeedBody(frame: frame) else { Issue.record("not an L2 update"); continue }
                #expect(book.apply(update, sequence: frame.sequence) == .applied)
            }
            #expect(book.bids == flow.ladder(.buy))
            #expect(book.asks == flow.ladder(.sell))
        }
        #expect(book.height == flow.height || book.sequence == state.sequencer.lastSequence(topic))
        #expect(counters == FeedCounters())
    }

    @Test("an L3 snapshot lists every resting order with its price and size, bids then asks, best first")
    func l3SnapshotListsRestingOrders() throws {
        var flow = RandomBookFlow(seed: 3)
        var state = FeedState(markets: [RandomBookFlow.market], nowMs: 0)
        var counters = FeedCounters()
        for _ in 0..<100 { _ = frames(&state, flow.nextBlock(operations: 25), &counters) }
        let snapshot = try #require(try SnapshotDecoding.snapshot(state, market: Self.symbol, depth: .l3))
        #expect(snapshot.orders.count == flow.book.restingOrderCount)
        #expect(snapshot.sequence == state.sequencer.lastSequence(try .l3(Self.symbol)))
        for order in snapshot.orders {
            let handle = OrderID(UInt32(order.orderID[0]) << 24 | UInt32(order.orderID[1]) << 16 | UInt32(order.orderID[2]) << 8 | UInt32(order.orderID[3]))
            let resting = try #require(flow.book.order(handle))
            #expect(order.price == RandomBookFlow.market.price(ticks: resting.price))
            #expect(order.size == RandomBookFlow.market.size(lots: resting.size))
        }
        #expect(counters == FeedCounters())
    }

    @Test("heartbeats go to topics quiet for the interval and name their last sequence")
    func heartbeatsForQuietTopics() throws {
        var flow = RandomBookFlow(seed: 5)
        var state = FeedState(markets: [RandomBookFlow.market], nowMs: 0)
        var counters = FeedCounters()
        #expect(state.heartbeatFrames(nowMs: 999, heartbeatMs: 1_000, counters: &counters).isEmpty, "nothing is quiet yet")
        let quiet = state.heartbeatFrames(nowMs: 1_000, heartbeatMs: 1_000, counters: &counters)
        #expect(Set(quiet.map(\.topic.watched)) == Set(FeedState.topics([RandomBookFlow.market])))
        _ = state.frames(for: flow.nextBlock(operations: 10), nowMs: 1_500, counters: &counters)
        let later = state.heartbeatFrames(nowMs: 1_999, heartbeatMs: 1_000, counters: &counters)
        #expect(later.isEmpty, "every topic carried a heartbeat or a block at 1000 ms or later, under 1000 ms ago")
        let blocks = try #require(state.heartbeatFrames(nowMs: 2_500, heartbeatMs: 1_000, counters: &counters).first { $0.topic == FeedTopic.blocks.heartbeat })
        guard case let .heartbeat(heartbeat) = try FeedBody(frame: blocks) else { Issue.record("not a heartbeat"); return }
        #expect(heartbeat.lastSequence == 1)
        #expect(blocks.sequence == 2, "the heartbeat topic has its own numbers")
    }

    @Test("a dropped block makes every topic skip a number and refuses snapshots with snapshot_unavailable")
    func droppedBlockSkipsAndRefuses() throws {
        var flow = RandomBookFlow(seed: 9)
        var state = FeedState(markets: [RandomBookFlow.market], nowMs: 0)
        var counters = FeedCounters()
        _ = frames(&state, flow.nextBlock(operations: 10), &counters)
        state.blockDropped()
        let next = frames(&state, flow.nextBlock(operations: 10), &counters)
        #expect(next.first { $0.topic == .blocks }?.sequence == 3)
        #expect(throws: FeedError.self) { try SnapshotDecoding.snapshot(state, market: Self.symbol, depth: .l2) }
        let refusal = try Lodestone_V1_SnapshotResponse(wireBytes: state.snapshotParts(request: SnapshotDecoding.request(Self.symbol, .l2)).parts[0])
        #expect(refusal.reject.code == 7302 && refusal.reject.name == "snapshot_unavailable")
    }
}
