import Matching
import PropertyBased
import Testing
import TestSupport

/// Invariants that must hold after every operation of a seeded random stream, on both books.
@Suite("Order book properties")
struct OrderBookPropertyTests {
    static let operations = 20_000

    /// Runs a stream of `operations` into a book of `engine`, calling `check` after each;
    /// returns the book at the end.
    @discardableResult
    static func run(
        _ engine: Engine, seed: UInt64, _ check: (_ book: any OrderBook, _ operation: BookOperation, _ events: [BookEvent]) -> Bool
    ) -> any OrderBook {
        let rules = OperationStream.rules(seed: seed)
        var stream = OperationStream(seed: seed, rules: rules)
        var book = engine.make(rules: rules, capacity: OperationStream.capacity)
        var log = EventLog()
        for step in 0..<operations {
            let operation = stream.next()
            operation.apply(to: &book, into: &log)
            guard check(book, operation, log.drain()) else {
                Issue.record("seed \(seed) step \(step): \(operation)")
                break
            }
        }
        return book
    }

    @Test("the book is never crossed after any operation", arguments: Engine.allCases, [UInt64(11), 12, 13])
    func neverCrossed(engine: Engine, seed: UInt64) {
        Self.run(engine, seed: seed) { book, _, _ in book.isUncrossed }
    }

    @Test("for every order, filled + cancelled + resting = original size", arguments: Engine.allCases, [UInt64(21), 22, 23])
    func conservation(engine: Engine, seed: UInt64) {
        var ledger = OrderLedger()
        let book = Self.run(engine, seed: seed) { book, operation, events in
            let touched = ledger.record(events, askedSize: operation.orderSize)
            return ledger.unbalanced(touched, in: book).isEmpty
        }
        // Orders untouched since they rested must balance too.
        #expect(ledger.unbalanced(ledger.orders, in: book).isEmpty)
    }

    @Test("every fill's fees are the ceiling of the exact fee", arguments: Engine.allCases, [UInt64(31), 32])
    func feesRoundUpByLessThanOneUnit(engine: Engine, seed: UInt64) {
        let rules = OperationStream.rules(seed: seed)
        Self.run(engine, seed: seed) { _, _, events in
            fills(events).allSatisfy {
                isCeilFee($0.makerFee, price: $0.price, size: $0.size, bps: rules.makerFeeBps)
                    && isCeilFee($0.takerFee, price: $0.price, size: $0.size, bps: rules.takerFeeBps)
            }
        }
    }

    @Test("replaying only the L2 and L3 events rebuilds the book exactly", arguments: Engine.allCases, [UInt64(41), 42])
    func feedsRebuildTheBook(engine: Engine, seed: UInt64) {
        var mirror = FeedMirror()
        Self.run(engine, seed: seed) { book, _, events in
            mirror.apply(events)
            return mirror.matches(book)
        }
    }
}
