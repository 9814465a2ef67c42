import Crypto
import Ledger
import Markets
import Matching
import Primitives
import Testing

@testable import Chain
@testable import ChainFixtures

@Suite("Cancel-all: one signature returns every order of a seller in scope up to a height")
struct CancelAllTests {
    @Test("it returns exactly the seller's orders up to the bound: later orders and other sellers rest on, funds come back")
    func cancelsNamedOrders() throws {
        var f = ChainFixture()
        let early = f.order(f.alice, .sell, price: 30_000_000_000, size: 1_000_000)
        let bobs = f.order(f.bob, .sell, price: 31_000_000_000, size: 1_000_000)
        try f.block([early, bobs])
        let late = f.order(f.alice, .buy, price: 20_000_000_000, size: 1_000_000)
        try f.block([late])
        let btcBefore = f.balance(f.alice, f.btc)
        let totals = f.totals()

        let request = try f.cancelAll(f.alice, upTo: 1)
        let (block, outcome) = try f.massBlock(cancelAlls: [request])

        #expect(block.cancelAlls == [request])
        #expect(outcome.rejected.isEmpty)
        #expect(!f.rests(f.orderID(of: early)))
        #expect(f.rests(f.orderID(of: late)))
        #expect(f.rests(f.orderID(of: bobs)))
        #expect(f.balance(f.alice, f.btc) == btcBefore + 1_000_000)
        #expect(f.totals() == totals)
    }

    @Test("a market scope leaves the seller's orders in other markets resting")
    func marketScope() throws {
        var f = ChainFixture(markets: [ChainFixture.market, CancelAllTests.lodeMarket])
        let btcOrder = f.order(f.alice, .sell, price: 30_000_000_000, size: 1_000_000)
        let lodeOrder = CancelAllTests.lodeSell(f, f.alice)
        try f.block([btcOrder, lodeOrder])
        #expect(f.rests(f.orderID(of: lodeOrder)))

        try f.massBlock(cancelAlls: [try f.cancelAll(f.alice, market: 1, upTo: 1)])

        #expect(f.rests(f.orderID(of: btcOrder)))
        #expect(!f.rests(f.orderID(of: lodeOrder)))
        #expect(try f.refusal(cancelAlls: [try f.cancelAll(f.alice, market: 2, upTo: 1)]) == .scopeUnknownMarket(market: 2, count: 2))
    }

    @Test("orders created earlier in the same block never enter their book and return whole")
    func sameBlock() throws {
        var f = ChainFixture()
        let btcBefore = f.balance(f.alice, f.btc)
        let order = f.order(f.alice, .sell, price: 30_000_000_000, size: 1_000_000)
        let (_, outcome) = try f.massBlock([order], cancelAlls: [try f.cancelAll(f.alice, upTo: 1)])
        #expect(outcome.rejected.isEmpty)
        #expect(f.state.exchange.liveOrder(f.orderID(of: order)) == nil)
        #expect(f.balance(f.alice, f.btc) == btcBefore)
        #expect(outcome.events[0].allSatisfy { if case .fill = $0.event { false } else { true } })
    }

    @Test("bad signature, another chain, replay, too old, a future bound and nothing left are refused with their codes; nothing changes")
    func refusals() throws {
        var f = ChainFixture()
        try f.block([f.order(f.alice, .sell, price: 30_000_000_000, size: 1_000_000)])
        let good = try f.cancelAll(f.alice, upTo: 1)
        let forged = CancelAllRequest(
            sellerKey: f.alice.publicKey, market: nil, createdUpToHeight: 1, signature: try f.cancelAll(f.bob, upTo: 1).signature)
        let otherChain = try CancelAllRequest.signed(
            market: nil, createdUpToHeight: 1, chainID: ChainFixture.hash(0x77), key: f.alice, suite: ChainFixture.suite)
        let commitment = f.state.stateCommitment
        #expect(try f.refusal(cancelAlls: [forged]) == .cancelAllBadSignature(sellerKey: f.alice.publicKey))
        #expect(try f.refusal(cancelAlls: [otherChain]) == .cancelAllBadSignature(sellerKey: f.alice.publicKey))
        #expect(try f.refusal(cancelAlls: [try f.cancelAll(f.bob, upTo: 1)]) == .cancelAllNothingLeft(sellerKey: f.bob.publicKey))
        #expect(try f.refusal(cancelAlls: [try f.cancelAll(f.alice, upTo: 3)]) == .cancelAllFutureHeight(upToHeight: 3, height: 2))
        #expect(f.state.stateCommitment == commitment)

        // The proposer leaves a refused one out and keeps the good one; a replay finds nothing.
        let (block, outcome) = try f.massBlock(cancelAlls: [forged, good, good])
        #expect(block.cancelAlls == [good])
        #expect(outcome.rejected.map(\.error.name) == ["cancel_all_bad_signature", "cancel_all_nothing_left"])
        #expect(try f.refusal(cancelAlls: [good]) == .cancelAllNothingLeft(sellerKey: f.alice.publicKey))

        for _ in 0..<CancelAllRequest.windowBlocks { try f.block() }
        #expect(try f.refusal(cancelAlls: [good]) == .cancelAllTooOld(upToHeight: 1, height: 603, windowBlocks: 600))
    }

    @Test("a follower rejects a block carrying a refused cancel-all; the roots cover the section")
    func verifyRejects() throws {
        var f = ChainFixture()
        try f.block([f.order(f.alice, .sell, price: 30_000_000_000, size: 1_000_000)])
        let (proposed, _) = try f.state.proposeBlock(
            transactions: [], cancels: [], timestampMs: f.clockMs + 100, proposer: f.validator, lastCommit: try f.lastCommit())
        let forged = CancelAllRequest(
            sellerKey: f.alice.publicKey, market: nil, createdUpToHeight: 1, signature: try f.cancelAll(f.bob, upTo: 1).signature)
        let tampered = Block(
            header: proposed.header, transactions: [], cancels: [], cancelAlls: [forged], settlements: proposed.settlements,
            lastCommit: proposed.lastCommit, signature: proposed.signature)
        #expect(throws: ChainError.cancelAllBadSignature(sellerKey: f.alice.publicKey)) { try f.state.verify(tampered) }

        let good = try f.cancelAll(f.alice, upTo: 1)
        let (block, _) = try f.state.proposeBlock(
            transactions: [], cancels: [], cancelAlls: [good], timestampMs: f.clockMs + 100, proposer: f.validator,
            lastCommit: try f.lastCommit())
        #expect(block.header.transactionRoot != proposed.header.transactionRoot)
        #expect(try Block(canonicalBytes: block.canonicalBytes) == block)
        let first = try f.state.verify(block)
        let second = try f.state.verify(block)
        #expect(first.settlements == second.settlements && first.commitment == second.commitment)
        let dropped = Block(
            header: block.header, transactions: [], cancels: [], settlements: block.settlements, lastCommit: block.lastCommit,
            signature: block.signature)
        #expect(throws: ChainError.self) { try f.state.verify(dropped) }
    }

    @Test("the signed message matches the vector in docs/PROTOCOL.md and verifies")
    func vector() throws {
        let suite = ChainFixture.suite
        let key = ChainFixture.key(0xA1)
        let chainID = ChainFixture.hash(0xC1)
        let message = CancelAllRequest.message(chainID: chainID, sellerKey: key.publicKey, market: 0, createdUpToHeight: 42, suite: suite)
        #expect(message.description == CancelAllTests.vectorMessage)
        let signature = try suite.sign(message.bytes, with: key, auxiliary: [UInt8](repeating: 0, count: 32))
        let request = CancelAllRequest(sellerKey: key.publicKey, market: 0, createdUpToHeight: 42, signature: signature)
        #expect(request.isSigned(chainID: chainID, suite: suite))
        #expect(!request.isSigned(chainID: ChainFixture.hash(0x12), suite: suite))
        #expect(Hex.encode(request.canonicalBytes) == CancelAllTests.vectorEncoding)
    }

    static let vectorMessage = "a5f267dae46dd3da0eea4eebfc4dfd501c4d21ab5662979e5aa399c6ee994369"
    static let vectorEncoding =
        "20ab5d2e79cfd621b1b027ffb24e2453ed7fb571ba9a841ff0e2473466cabd168d01000000002a000000000000004068"
        + "d3f883856731fc40f141b4b366d27f830e80879406b46ef68e4d6f702c55f78ba6ca49d26009fd25f9d776b7c544a405"
        + "409e4efebf57e9e715151694b4d940"

    /// LODE-USDT: tick 0.01 USDT, lot 1 LODE.
    static let lodeMarket = try! MarketDefinition(
        symbol: "LODE-USDT", baseAsset: "LODE", quoteAsset: "USDT", tickSize: 10_000, lotSize: 100_000_000,
        minSize: 100_000_000, makerFeeBps: 10, takerFeeBps: 20, selfTradePolicy: .cancelResting, status: .active,
        baseDecimals: 8, quoteDecimals: 6)

    /// A signed sell of 1 LODE at 1 USDT in market 1.
    static func lodeSell(_ f: ChainFixture, _ key: any SigningKey) -> Transaction {
        let market = f.config.markets[1]
        let contract = MagneticOrder(
            requestedAsset: f.usdt, price: try! Ratio(1_000_000, market.baseUnit), sellerProgram: .payToKey(key.publicKey),
            sellerKey: key.publicKey, flags: [], maxFeeBps: 20, expiryHeight: nil)
        let funding = f.coins(key, f.native)[0]
        let outputs = [
            Output(asset: f.native, amount: Amount(100_000_000), program: .magneticOrder(contract)),
            Output(asset: f.native, amount: Amount(funding.amount.units - 100_000_000), program: .payToKey(key.publicKey)),
        ]
        return f.sign(
            Transaction(inputs: [Input(spending: funding.id, witness: .signature(ChainFixture.placeholder))], outputs: outputs), with: key)
    }
}
