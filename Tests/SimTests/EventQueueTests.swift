import Testing

@testable import LodestoneSim

@Suite struct EventQueueTests {
    @Test func popsByTimeThenByScheduleOrder() {
        var queue = EventQueue<String>()
        queue.schedule("c", atMs: 5)
        queue.schedule("a", atMs: 1)
        queue.schedule("d", atMs: 5)
        queue.schedule("b", atMs: 3)
        queue.schedule("e", atMs: 5)
        var popped: [String] = []
        while let entry = queue.pop() { popped.append(entry.payload) }
        #expect(popped == ["a", "b", "c", "d", "e"])
        #expect(queue.isEmpty)
    }

    /// Many random schedules come out sorted by (time, sequence), and the same schedule
    /// always pops in the same order: the world's trace depends on the seed alone.
    @Test func randomSchedulesPopInOrderDeterministically() {
        func drain(seed: UInt64) -> [(UInt64, Int)] {
            var random = SimRandom(seed: seed)
            var queue = EventQueue<Int>()
            var out: [(UInt64, Int)] = []
            for index in 0..<5_000 {
                queue.schedule(index, atMs: random.uint64(in: 0...200))
                // Interleave pops with pushes, as the world does.
                if random.chance(perMille: 300), let entry = queue.pop() { out.append((entry.timeMs, entry.payload)) }
            }
            while let entry = queue.pop() { out.append((entry.timeMs, entry.payload)) }
            return out
        }
        let first = drain(seed: 11)
        #expect(first.count == 5_000)
        #expect(first.map(\.0) == drain(seed: 11).map(\.0))
        #expect(first.map(\.1) == drain(seed: 11).map(\.1))
        // Without interleaved pops the whole run is sorted by time, ties by schedule order.
        var random = SimRandom(seed: 12)
        var queue = EventQueue<Int>()
        for index in 0..<2_000 { queue.schedule(index, atMs: random.uint64(in: 0...50)) }
        var last: (UInt64, Int) = (0, -1)
        while let entry = queue.pop() {
            #expect(entry.timeMs > last.0 || (entry.timeMs == last.0 && entry.payload > last.1))
            last = (entry.timeMs, entry.payload)
        }
    }
}
