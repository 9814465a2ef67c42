import Matching
import Testing

@testable import LodestoneReplay

@Suite("Benchmark")
struct BenchmarkTests {
    @Test("the benchmark applies every parsed operation, with the same events on both engines")
    func countsOperations() throws {
        let input = ReplayInput(Array(try generated(3_000, seed: 5).utf8))
        let capacity = try Replay.capacity(for: input, maxRestingOrders: 4_096, maxPriceLevels: 1_024)
        let benchmark = Benchmark(input: input, rules: try MarketRules(), capacity: capacity)
        let fast = benchmark.run(.fast)
        #expect(fast.operations == 3_000)
        #expect(fast.events == benchmark.run(.reference).events)
    }

    @Test("the memory line reports each engine's bytes per resting order, at most 128 for fast")
    func memoryReport() throws {
        let capacity = try BookCapacity(maxRestingOrders: 1_024, maxPriceLevels: 64, maxOrderIDs: 4_096)
        let line = Benchmark.memoryReport(.fast, capacity: capacity)
        let bytes = try #require(Int(line.prefix { $0.isNumber }))
        #expect(bytes <= 128)
        #expect(bytes == FastBook.footprint(capacity).bytesPerOrder)
        #expect(Benchmark.memoryReport(.reference, capacity: capacity).hasPrefix("\(ReferenceBook.bytesPerOrder) bytes per resting order"))
    }

    @Test("a run with too little capacity shows its rejections by code, so it cannot pass for a fast one")
    func rejectionsByCode() throws {
        let input = ReplayInput(Array(try generated(3_000, seed: 5).utf8))
        let roomy = try Replay.capacity(for: input, maxRestingOrders: 4_096, maxPriceLevels: 1_024)
        let tiny = try BookCapacity(maxRestingOrders: 4, maxPriceLevels: 2, maxOrderIDs: roomy.maxOrderIDs)
        let starved = Benchmark(input: input, rules: try MarketRules(), capacity: tiny).run(.fast)
        let full = try #require(starved.rejections.first { $0.name == "book_full" })
        #expect(full.code == 4011 && full.count > 0)
        #expect(starved.rejections.reduce(0) { $0 + $1.count } == starved.events.rejected)
        #expect(Benchmark.rejectionReport(starved).contains("4011 book_full × \(full.count)"))
        let fine = Benchmark(input: input, rules: try MarketRules(), capacity: roomy).run(.fast)
        #expect(fine.rejections.allSatisfy { $0.name != "book_full" })
    }

    @Test("the resident-memory line reads the process's peak and current resident set")
    func residentMemory() {
        let line = Benchmark.residentMemoryReport()
        #expect(line.hasPrefix("resident memory: peak "))
        #expect(line.contains(" MiB, now "))
    }
}
