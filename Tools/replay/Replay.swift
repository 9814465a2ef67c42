import Matching

/// Applies parsed input to a book, writing events as JSON lines, then the final book.
struct Replay {
    let input: ReplayInput
    let rules: MarketRules
    let capacity: BookCapacity
    let includeMarketData: Bool

    /// Output is handed to `emit` in chunks of about `chunkBytes`, so memory stays flat.
    static let chunkBytes = 1 << 20

    /// The capacity a run needs: the requested limits, and an ID space for every interned ID.
    static func capacity(for input: ReplayInput, maxRestingOrders: Int, maxPriceLevels: Int) throws(MatchingError) -> BookCapacity {
        try BookCapacity(
            maxRestingOrders: maxRestingOrders, maxPriceLevels: maxPriceLevels,
            maxOrderIDs: UInt32(max(1, input.orderIDs.count)))
    }

    func run(_ engine: Engine, emit: @escaping ([UInt8]) -> Void) {
        engine.run(Task(replay: self, emit: emit), rules: rules, capacity: capacity)
    }

    private struct Task: BookTask {
        let replay: Replay
        let emit: ([UInt8]) -> Void

        func run<Book: OrderBook>(on book: inout Book) {
            let input = replay.input
            var writer = JSONLinesWriter(
                orderNames: input.orderIDs.names, ownerNames: input.owners.names, includeMarketData: replay.includeMarketData)
            for (line, record) in input.records {
                writer.line = line
                switch record {
                case .operation(let operation): operation.apply(to: &book, into: &writer)
                case .refused(let error): writer.refused(error, line: line)
                }
                if writer.bytes.count >= Replay.chunkBytes { emit(writer.take()) }
            }
            writer.book(bids: book.levels(.buy), asks: book.levels(.sell))
            emit(writer.take())
        }
    }
}
