import Matching

/// Times only the matching: the input is parsed before the clock starts and events go to a
/// counting sink.
struct Benchmark: BookTask {
    struct Result {
        let operations: Int
        let duration: Duration
        let events: EventCounter

        var operationsPerSecond: Int {
            let (seconds, attoseconds) = duration.components
            let nanoseconds = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
            return nanoseconds > 0 ? Int(Int64(operations) * 1_000_000_000 / nanoseconds) : 0
        }
    }

    let operations: [BookOperation]
    let rules: MarketRules
    let capacity: BookCapacity

    init(input: ReplayInput, rules: MarketRules, capacity: BookCapacity) {
        operations = input.records.compactMap { if case .operation(let operation) = $0.record { operation } else { nil } }
        self.rules = rules
        self.capacity = capacity
    }

    func run(_ engine: Engine) -> Result { engine.run(self, rules: rules, capacity: capacity) }

    func run<Book: OrderBook>(on book: inout Book) -> Result {
        var counter = EventCounter()
        let clock = ContinuousClock()
        let start = clock.now
        for operation in operations { operation.apply(to: &book, into: &counter) }
        return Result(operations: operations.count, duration: clock.now - start, events: counter)
    }

    /// The memory line: what the engine's storage costs per resting order and per level.
    static func memoryReport(_ engine: Engine, capacity: BookCapacity) -> String {
        switch engine {
        case .fast:
            let footprint = FastBook.footprint(capacity)
            return "\(footprint.bytesPerOrder) bytes per resting order (pools allocated as the book grows; plus "
                + "\(footprint.bytesPerLevel) per price level, \(footprint.bytesPerOrderID) per order ID; at most "
                + "\(footprint.totalBytes) bytes at these limits)"
        case .reference:
            return "\(ReferenceBook.bytesPerOrder) bytes per resting order (array element; arrays grow as needed)"
        }
    }
}
