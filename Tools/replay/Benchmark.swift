import Matching

/// Times only the matching: the input is parsed before the clock starts and events go to a
/// counting sink, which also counts rejections by code.
struct Benchmark: BookTask {
    struct Result {
        let operations: Int
        let duration: Duration
        let events: EventCounter
        /// Rejections by error code, in code order.
        let rejections: [(code: UInt16, name: String, count: Int)]

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
        var sink = BenchSink()
        let clock = ContinuousClock()
        let start = clock.now
        for operation in operations { operation.apply(to: &book, into: &sink) }
        let duration = clock.now - start
        let rejections = sink.rejections.sorted { $0.key < $1.key }.map { ($0.key, $0.value.name, $0.value.count) }
        return Result(operations: operations.count, duration: duration, events: sink.counter, rejections: rejections)
    }

    /// The rejection line: how many operations the book refused and why, so that a run whose
    /// book was too small (every order `book_full`) cannot pass for a fast one.
    static func rejectionReport(_ result: Result) -> String {
        guard !result.rejections.isEmpty else { return "rejected: 0" }
        let byCode = result.rejections.map { "\($0.code) \($0.name) × \($0.count)" }.joined(separator: ", ")
        return "rejected: \(result.events.rejected) of \(result.operations) operations (\(byCode))"
    }

    /// The resident-memory line, from /proc/self/status: the peak (`VmHWM`) and the current
    /// (`VmRSS`) resident set of the whole process, input included.
    static func residentMemoryReport() -> String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
            return "resident memory: unknown (no /proc/self/status)"
        }
        func kibibytes(_ field: String) -> Int? {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }) else { return nil }
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        }
        guard let peak = kibibytes("VmHWM"), let now = kibibytes("VmRSS") else { return "resident memory: unknown" }
        return "resident memory: peak \(peak / 1024) MiB, now \(now / 1024) MiB (whole process, parsed input included)"
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

/// Counts every event (`EventCounter`) and, off the hot path, each rejection by its code.
struct BenchSink: EventSink {
    var counter = EventCounter()
    var rejections: [UInt16: (name: String, count: Int)] = [:]

    @inlinable
    mutating func receive(_ event: BookEvent) {
        counter.receive(event)
        if case .rejected(_, let error) = event {
            rejections[error.code, default: (error.name, 0)].count += 1
        }
    }
}
