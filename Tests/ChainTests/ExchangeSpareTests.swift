import Crypto
import Ledger
import Primitives
import Testing

@testable import Chain
@testable import ChainFixtures
@testable import Matching

/// Seeded random blocks through the spare-books path (`ExchangeSpare`: blocks change a spare
/// copy of the books in place, commit replays them on the other) against the copying path
/// and against books rebuilt from the UTXO set.
@Suite("Exchange spare: blocks that change the books in place give the books copying gives")
struct ExchangeSpareTests {
    /// What an outside reader sees of a state's books: every resting order in priority order
    /// with its size, and every level of both sides, per market.
    static func view(_ exchange: Exchange) -> [[Exchange.RestingOrderView]] {
        exchange.markets.indices.map { exchange.restingOrders(market: $0) }
    }

    static func levels(_ exchange: Exchange) -> [[PriceLevel]] {
        exchange.books.flatMap { [$0.levels(.buy), $0.levels(.sell)] }
    }

    /// An amend of one of `flow`'s resting sell orders: same price, about half the size.
    static func amend(_ flow: inout RandomFlow) -> Transaction? {
        let f = flow.f
        let candidates = flow.placed.filter { placed in
            guard let live = f.state.exchange.liveOrder(placed.orderID), f.rests(placed.orderID) else { return false }
            return live.terms.side == .sell && live.offeredAmount.units >= 20_000
        }
        guard !candidates.isEmpty else { return nil }
        let (orderID, owner) = candidates[flow.int(0...(candidates.count - 1))]
        guard let live = f.state.exchange.liveOrder(orderID), let output = f.state.utxos.entry(live.outputID)?.output else { return nil }
        let kept = live.offeredAmount.units / 20_000 * 10_000
        let amend = f.sign(
            Transaction(
                inputs: [Input(spending: live.outputID, witness: .cancelOrder(ChainFixture.placeholder))],
                outputs: [
                    Output(asset: f.btc, amount: Amount(kept), program: output.program),
                    Output(asset: f.btc, amount: Amount(live.offeredAmount.units - kept), program: .payToKey(owner.publicKey)),
                ]), with: owner)
        flow.placed.append((f.orderID(of: amend), owner))
        return amend
    }

    @Test(
        "over 80 seeded blocks (orders, cancels, amends, cancel-alls, expiries; blocks executed and dropped, blocks rejected) the books, the commitment and the next block equal the copying path's and the rebuilt books"
    )
    func differential() throws {
        var flow = RandomFlow(seed: 0x5BA2_E001)
        var copying = flow.f.state
        copying.keepsSpareExchange = false
        var sparesChecked = 0
        var amends = 0
        for round in 0..<80 {
            var (transactions, cancels) = try flow.nextBlock()
            if flow.int(0...2) == 0, let amend = Self.amend(&flow) {
                transactions.append(amend)
                amends += 1
            }
            var cancelAlls: [CancelAllRequest] = []
            if flow.int(0...9) == 0 {
                cancelAlls.append(try flow.f.cancelAll(flow.f.carol, upTo: flow.f.state.height))
            }
            flow.f.clockMs += 100
            let lastCommit = try flow.f.lastCommit()
            // Now and then a block is executed and not committed (another round's proposal):
            // it takes the spare with it, and the next execution must copy instead.
            if flow.int(0...3) == 0 {
                _ = try flow.f.state.proposeBlock(
                    transactions: Array(transactions.prefix(1)), cancels: [], timestampMs: flow.f.clockMs,
                    proposer: flow.f.validator, lastCommit: lastCommit)
            }
            let (block, proposed) = try flow.f.state.proposeBlock(
                transactions: transactions, cancels: cancels, cancelAlls: cancelAlls, timestampMs: flow.f.clockMs,
                proposer: flow.f.validator, lastCommit: lastCommit)
            // A block whose settlements are not what it executes to is rejected after executing.
            if !block.settlements.isEmpty, flow.int(0...3) == 0 {
                let tampered = Block(
                    header: block.header, transactions: block.transactions, cancels: block.cancels, cancelAlls: block.cancelAlls,
                    deadManSwitches: block.deadManSwitches, settlements: Array(block.settlements.dropLast()),
                    lastCommit: block.lastCommit, evidence: block.evidence, signature: block.signature)
                #expect(throws: ChainError.self) { try flow.f.state.verify(tampered) }
            }
            let verified = try flow.f.state.verify(block)
            #expect(verified.settlements == proposed.settlements)
            // Either outcome may be committed: the proposer's own, or the follower's re-execution.
            flow.f.state.commit(round % 2 == 0 ? proposed : verified, header: block.header)
            let copied = try copying.verify(block)
            copying.commit(copied, header: block.header)

            let state = flow.f.state
            #expect(state.commitment == copying.commitment)
            let sameAsCopying = state.exchange.sameContents(as: copying.exchange)
            #expect(sameAsCopying, "round \(round)")
            let rebuilt = try ChainState.rebuilt(
                config: state.config, utxos: state.utxos, tip: state.tip, tipHash: state.tipHash, commitment: state.commitment,
                epoch: state.epoch)
            #expect(Self.view(state.exchange) == Self.view(rebuilt.exchange))
            #expect(Self.levels(state.exchange) == Self.levels(rebuilt.exchange))
            // The spare, when there is one, is the committed books again (taking it here only
            // makes the next block copy).
            if round % 5 == 4, let spare = state.spare.take(generation: state.exchange.generation) {
                let spareSame = spare.sameContents(as: state.exchange)
                #expect(spareSame, "round \(round)")
                sparesChecked += 1
            }
        }
        #expect(sparesChecked >= 10, "the spare path must be the one taken")
        #expect(amends >= 5, "the flow must amend often enough to exercise replaces")
        #expect(flow.f.state.exchange.restingOrderCount > 0)
    }

    @Test("an execution takes the spare and changes its books in place; a second one, without it, copies and gives the same result")
    func inPlace() throws {
        var f = ChainFixture()
        try f.block([f.order(f.alice, .sell, price: 30_000_000_000, size: 1_000_000)])
        try f.block([f.order(f.bob, .buy, price: 29_000_000_000, size: 1_000_000)])
        let committed = f.state.exchange
        let spare = try #require(f.state.spare.take(generation: committed.generation))
        let spareSame = spare.sameContents(as: committed)
        #expect(spareSame)
        let spareOrders = spare.books[0].orders.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
        let committedOrders = committed.books[0].orders.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
        #expect(spareOrders != committedOrders, "the spare is a copy of its own")
        f.state.spare = ExchangeSpare(consume spare)
        let taker = CheckedTransaction.all([f.order(f.carol, .buy, price: 30_000_000_000, size: 500_000)], config: f.config)
        let outcome = try BlockExecutor.execute(
            state: f.state, mode: .build, timestampMs: f.clockMs + 100, transactions: taker, cancels: [])
        #expect(outcome.trades.count == 1)
        // The fill changed the spare's order pool where it was: nothing was copied.
        #expect(outcome.exchange.books[0].orders.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) } == spareOrders)
        #expect(f.state.exchange.books[0].levels(.sell).first?.totalSize == 100)
        #expect(outcome.exchange.books[0].levels(.sell).first?.totalSize == 50)
        #expect(f.state.spare.take(generation: committed.generation) == nil, "the execution took the spare")
        let again = try BlockExecutor.execute(
            state: f.state, mode: .build, timestampMs: f.clockMs + 100, transactions: taker, cancels: [])
        #expect(again.exchange.books[0].orders.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) } != committedOrders)
        let againSame = again.exchange.sameContents(as: outcome.exchange)
        #expect(againSame)
        #expect(again.commitment == outcome.commitment)
    }

    @Test("an outcome executed on other books leaves no spare; the next block copies and executes as on the spare")
    func foreignOutcome() throws {
        var f = ChainFixture()
        try f.block([f.order(f.alice, .sell, price: 30_000_000_000, size: 1_000_000)])
        var other = f.state
        other.exchange = Exchange(markets: f.config.markets)  // books of another generation
        let (block, outcome) = try f.state.proposeBlock(
            transactions: [f.order(f.bob, .buy, price: 30_000_000_000, size: 400_000)], cancels: [], timestampMs: f.clockMs + 100,
            proposer: f.validator, lastCommit: try f.lastCommit())
        other.commit(outcome, header: block.header)
        f.state.commit(outcome, header: block.header)
        f.clockMs += 100
        #expect(other.spare.take(generation: other.exchange.generation) == nil)
        let next = CheckedTransaction.all([f.order(f.carol, .buy, price: 30_000_000_000, size: 300_000)], config: f.config)
        let onSpare = try BlockExecutor.execute(state: f.state, mode: .build, timestampMs: f.clockMs + 100, transactions: next, cancels: [])
        let copied = try BlockExecutor.execute(state: other, mode: .build, timestampMs: f.clockMs + 100, transactions: next, cancels: [])
        #expect(onSpare.trades.count == 1)
        #expect(onSpare.commitment == copied.commitment)
        let sameBooks = onSpare.exchange.sameContents(as: copied.exchange)
        #expect(sameBooks)
    }
}
