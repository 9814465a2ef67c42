import Foundation
import LodestoneWire
import Matching
import Primitives

/// Everything the publisher thread owns: each market's book copy, the topic sequences and
/// the height last published. Feed frames and snapshots are both cut from it, on one
/// thread, so a snapshot's sequence always names the update that produced its book.
struct FeedState {
    let markets: [FeedMarket]
    private(set) var books: [Int: FeedBook]
    private(set) var sequencer: FeedSequencer
    private(set) var height: UInt64 = 0
    /// Set when the book copy cannot be trusted; snapshots are refused with this reason.
    private(set) var unavailableReason: String?

    init(markets: [FeedMarket], nowMs: UInt64, resting: [Int: [FeedRestingOrder]] = [:], unavailableReason: String? = nil) {
        self.markets = markets
        books = Dictionary(uniqueKeysWithValues: markets.map { market in
            var book = FeedBook(market: market)
            book.seed(resting[market.index] ?? [])
            return (market.index, book)
        })
        sequencer = FeedSequencer(topics: Self.topics(markets), nowMs: nowMs)
        self.unavailableReason = unavailableReason
    }

    /// Every feed topic of `markets`, and `blocks`.
    static func topics(_ markets: [FeedMarket]) -> [FeedTopic] {
        markets.flatMap { market in
            FeedTopic.Stream.allCases.filter(\.isPerMarket).compactMap { try? FeedTopic(stream: $0, market: market.symbol) }
        } + [.blocks]
    }

    func market(symbol: String) -> FeedMarket? { markets.first { $0.symbol == symbol } }

    /// The frames for one committed block: per market its L2 and L3 updates and trades,
    /// then the block summary.
    mutating func frames(for block: FeedBlock, nowMs: UInt64, counters: inout FeedCounters) -> [FeedFrame] {
        var bodies: [FeedBody] = []
        for market in markets {
            let events = market.index < block.events.count ? block.events[market.index] : []
            var unmatched = 0
            let changes = books[market.index]!.apply(events, unmatched: &unmatched)
            counters.eventsUnmatched += UInt64(unmatched)
            bodies += FeedUpdates.l2(changes, market: market.symbol, height: block.height).map(FeedBody.l2)
            bodies += FeedUpdates.l3(changes, market: market.symbol, height: block.height).map(FeedBody.l3)
            bodies += block.trades.filter { $0.market == market.index }.map {
                .trade(FeedUpdates.trade($0, market: market.symbol, height: block.height))
            }
        }
        bodies.append(.block(FeedUpdates.summary(block)))
        height = block.height
        return bodies.compactMap { frame($0, nowMs: nowMs, counters: &counters) }
    }

    /// A `Heartbeat` on `heartbeat.<topic>` for each topic quiet for `heartbeatMs`.
    mutating func heartbeatFrames(nowMs: UInt64, heartbeatMs: Int, counters: inout FeedCounters) -> [FeedFrame] {
        sequencer.quietTopics(nowMs: nowMs, heartbeatMs: heartbeatMs).compactMap { topic in
            var heartbeat = Lodestone_V1_Heartbeat()
            heartbeat.topic = topic.text
            heartbeat.lastSequence = sequencer.lastSequence(topic)
            return frame(.heartbeat(heartbeat), nowMs: nowMs, counters: &counters)
        }
    }

    /// A block was lost before publishing: the copy is now wrong, so every topic skips a
    /// number (subscribers see a gap) and snapshots are refused from here on.
    mutating func blockDropped() {
        sequencer.skipAll()
        unavailableReason = "the publisher dropped a block on overload; restart the node to re-seed it"
    }

    /// Encodes `body` with its topic's next number; a body failing its own checks is
    /// counted and skipped without using a number, so the sending side never gaps.
    private mutating func frame(_ body: FeedBody, nowMs: UInt64, counters: inout FeedCounters) -> FeedFrame? {
        do {
            let topic = try body.topic()
            let frame = try body.frame(sequence: sequencer.lastSequence(topic) + 1)
            _ = sequencer.next(topic, nowMs: nowMs)
            return frame
        } catch {
            counters.messagesInvalid += 1
            return nil
        }
    }
}
