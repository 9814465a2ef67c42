import Crypto
import Ledger
import Matching
import Primitives
import Testing

@testable import Chain
@testable import ChainFixtures
import Pool

/// A market's settlement is one transaction and the block has a byte limit, so the orders a
/// block touches over all markets must fit a settlement's input and output limits and the
/// block's settlement bytes, whatever the orders do.
@Suite("Chain: a block never touches more orders than its settlements can hold")
struct SettlementRoomTests {
    static let price: UInt64 = 30_000_000_000
    static let lot: UInt64 = 10_000

    /// `count` sell orders of one lot each by `key` in one transaction, paid from `coin`; the
    /// change (last output) is the next coin.
    static func sells(
        _ f: ChainFixture, _ key: any SigningKey, count: Int, expiry: UInt64? = nil, from coin: (id: Hash256, amount: Amount)
    ) -> (transaction: Transaction, change: (id: Hash256, amount: Amount)) {
        let contract = sellContract(f, key, expiry: expiry)
        let locked = UInt64(count) * lot
        let outputs =
            Array(repeating: Output(asset: f.btc, amount: Amount(lot), program: .magneticOrder(contract)), count: count)
            + [Output(asset: f.btc, amount: Amount(coin.amount.units - locked), program: .payToKey(key.publicKey))]
        let transaction = f.sign(
            Transaction(inputs: [Input(spending: coin.id, witness: .signature(ChainFixture.placeholder))], outputs: outputs), with: key)
        let changeID = Transaction.outputID(
            transactionID: transaction.id(suite: ChainFixture.suite), index: count, suite: ChainFixture.suite)
        return (transaction, (changeID, Amount(coin.amount.units - locked)))
    }

    static func sellContract(_ f: ChainFixture, _ key: any SigningKey, expiry: UInt64?) -> MagneticOrder {
        MagneticOrder(
            requestedAsset: f.usdt, price: try! Ratio(price, f.config.markets[0].baseUnit), sellerProgram: .payToKey(key.publicKey),
            sellerKey: key.publicKey, flags: [], maxFeeBps: 20, expiryHeight: expiry)
    }

    /// Rests `count` one-lot sells of Alice at one price, in as few blocks as the block's
    /// share for items allows.
    static func restSells(_ f: inout ChainFixture, count: Int) throws {
        var coin = f.coins(f.alice, f.btc)[0]
        var left = count
        while left > 0 {
            var transactions: [Transaction] = []
            var inBlock = 0
            while left > 0, inBlock + BlockExecutor.maxOrdersPerTransaction <= BlockExecutor.blockItemsMax {
                let size = min(left, BlockExecutor.maxOrdersPerTransaction)
                let (transaction, change) = sells(f, f.alice, count: size, from: coin)
                transactions.append(transaction)
                coin = change
                left -= size
                inBlock += size
            }
            let (_, outcome) = try f.block(transactions)
            #expect(outcome.rejected.isEmpty)
        }
    }

    @Test("the limits follow from a settlement's and the block's: one input and at most three outputs per order, within the bytes left")
    func limitsFitTheSettlementsAndTheBlock() throws {
        #expect(BlockExecutor.settlementOrdersMax <= Transaction.settlementInputsMax)
        #expect(3 * BlockExecutor.settlementOrdersMax + 2 <= Transaction.settlementOutputsMax)
        // Items and expiries together leave room for the resting orders new orders reach.
        #expect(2 * BlockExecutor.blockItemsMax <= BlockExecutor.settlementOrdersMax)
        #expect(BlockExecutor.blockItemsMax + Exchange.expiriesPerHeightMax < BlockExecutor.settlementOrdersMax)
        #expect(BlockExecutor.settlementOrdersMax * BlockExecutor.settledOrderBytesMax <= Block.settlementBytesMax)
        #expect(Block.transactionBytesMax + Block.settlementBytesMax + (8 << 20) <= Block.maxEncodedBytes)
        #expect(Mempool.candidateBytesMax <= Block.transactionBytesMax)

        // The largest a settled order can be: a 16-key multisig seller, a partial fill (its
        // input names a remainder) and a remainder plus two payouts, amounts at their widest.
        let f = ChainFixture()
        let keys = (0..<ControlProgram.maxMultisigKeys).map { ChainFixture.key(UInt8(0x40 + $0)).publicKey }
        let seller = ControlProgram.multisig(threshold: UInt8(keys.count), keys: keys)
        let contract = MagneticOrder(
            requestedAsset: f.usdt, price: try Ratio(UInt64.max, UInt64.max - 1), sellerProgram: seller, sellerKey: keys[0],
            flags: [.postOnly], maxFeeBps: 10_000, expiryHeight: .max)
        let widest = Amount(UInt64.max >> 1)
        let input = Input(
            spending: Hash256.zero, witness: .fillOrder(filled: widest, remainderOutput: UInt32(Transaction.settlementOutputsMax - 1)))
        let remainder = Output(asset: f.btc, amount: widest, program: .magneticOrder(contract))
        let payout = Output(asset: f.usdt, amount: widest, program: seller)
        let bytes =
            input.spentOutputID.canonicalBytes.count + input.witness.canonicalBytes.count
            + remainder.canonicalBytes.count + 2 * payout.canonicalBytes.count
        #expect(bytes <= BlockExecutor.settledOrderBytesMax, "a settled order takes up to \(bytes) bytes")
    }

    @Test("a buy that would sweep more resting orders than the settlements' room is returned whole; the block builds and verifies")
    func sweepPastTheSettlementRoomIsReturned() throws {
        // More makers than a settlement may spend: before the room was kept, building this
        // block failed (the settlement had too many inputs) and so did every later block.
        var f = ChainFixture()
        let makers = BlockExecutor.settlementOrdersMax + 8
        try Self.restSells(&f, count: makers)
        #expect(f.state.exchange.restingOrderCount == makers)
        let before = f.totals()
        let bobUSDT = f.balance(f.bob, f.usdt)
        let sweep = f.order(f.bob, .buy, price: Self.price, size: UInt64(makers) * Self.lot)
        let (block, outcome) = try f.block([sweep])
        #expect(outcome.trades.isEmpty)
        #expect(block.settlements.count == 1)
        #expect(block.settlements[0].inputs.count == 1)
        let returned = outcome.events[0].contains { chainEvent in
            if case .rejected(_, .settlementRoomExhausted(let reached, let room)) = chainEvent.event {
                return reached > room && room == BlockExecutor.settlementOrdersMax - 1
            }
            return false
        }
        #expect(returned)
        #expect(f.balance(f.bob, f.usdt) == bobUSDT)
        #expect(f.state.exchange.restingOrderCount == makers)
        #expect(f.totals() == before)

        // A buy within the room fills as before, one maker per lot.
        let filled = 1_000
        let (_, fill) = try f.block([f.order(f.bob, .buy, price: Self.price, size: UInt64(filled) * Self.lot)])
        #expect(fill.trades.count == filled)
        #expect(f.state.exchange.restingOrderCount == makers - filled)
        #expect(f.totals() == before)
    }

    @Test("new orders and cancels past the block's share for items wait for the next block (market_block_full)")
    func marketShareOfABlock() throws {
        var f = ChainFixture()
        var coin = f.coins(f.alice, f.btc)[0]
        var transactions: [Transaction] = []
        let perTransaction = BlockExecutor.maxOrdersPerTransaction
        let fitting = BlockExecutor.blockItemsMax / perTransaction
        for _ in 0...fitting {
            let (transaction, change) = Self.sells(f, f.alice, count: perTransaction, from: coin)
            transactions.append(transaction)
            coin = change
        }
        let (block, outcome) = try f.block(transactions)
        #expect(block.transactions.count == fitting)
        #expect(outcome.rejected.count == 1)
        if case .marketBlockFull(_, let limit)? = outcome.rejected.first?.error {
            #expect(limit == BlockExecutor.blockItemsMax)
        } else {
            Issue.record("expected market_block_full, got \(String(describing: outcome.rejected.first?.error))")
        }
        let (next, _) = try f.block([transactions[fitting]])
        #expect(next.transactions.count == 1)
        #expect(f.state.exchange.restingOrderCount == (fitting + 1) * perTransaction)
    }

    @Test("at most expiriesPerHeightMax orders (all markets) expire at one height; a replace keeping its expiry needs no room")
    func expiriesPerHeight() throws {
        var f = ChainFixture()
        let expiry: UInt64 = 50
        let limit = Exchange.expiriesPerHeightMax
        var coin = f.coins(f.alice, f.btc)[0]
        var transactions: [Transaction] = []
        for _ in 0..<(limit / BlockExecutor.maxOrdersPerTransaction) {
            let (transaction, change) = Self.sells(f, f.alice, count: BlockExecutor.maxOrdersPerTransaction, expiry: expiry, from: coin)
            transactions.append(transaction)
            coin = change
        }
        // One more at the same height, in the same block: left out with its code.
        let (extra, _) = Self.sells(f, f.alice, count: 1, expiry: expiry, from: coin)
        let (block, outcome) = try f.block(transactions + [extra])
        #expect(block.transactions.count == transactions.count)
        guard case .expiryHeightFull(_, let height, let bound)? = outcome.rejected.first?.error else {
            Issue.record("expected expiry_height_full, got \(String(describing: outcome.rejected.first?.error))")
            return
        }
        #expect(height == expiry && bound == limit)
        #expect(f.state.exchange.expiringCount(height: expiry) == limit)
        // In a later block too (the resting ones count), and the pool refuses it with the same code.
        let (_, later) = try f.block([extra])
        #expect(later.rejected.count == 1)
        let pool = try Mempool(config: f.config)
        #expect(throws: ChainError.expiryHeightFull(symbol: "BTC-USDT", height: expiry, limit: limit)) {
            try pool.submit(extra, state: f.state)
        }
        // Another height is fine.
        let (other, _) = Self.sells(f, f.alice, count: 1, expiry: expiry + 1, from: coin)
        let (_, placed) = try f.block([other])
        #expect(placed.rejected.isEmpty)
        // Replacing one of them with the same expiry (an amend) frees what it takes.
        let orderID = Transaction.outputID(
            transactionID: transactions[0].id(suite: ChainFixture.suite), index: 0, suite: ChainFixture.suite)
        let replace = f.sign(
            Transaction(
                inputs: [Input(spending: orderID, witness: .cancelOrder(ChainFixture.placeholder))],
                outputs: [
                    Output(asset: f.btc, amount: Amount(Self.lot), program: .magneticOrder(Self.sellContract(f, f.alice, expiry: expiry)))
                ]),
            with: f.alice)
        let (_, replaced) = try f.block([replace])
        #expect(replaced.rejected.isEmpty)
        #expect(f.state.exchange.expiringCount(height: expiry) == limit)
        // They all leave at their height, in one settlement that fits one transaction.
        while f.state.height < expiry { try f.block() }
        let (expiredBlock, _) = try f.block()
        #expect(expiredBlock.settlements.first?.inputs.count == limit)
        #expect(f.state.exchange.expiringCount(height: expiry) == 0)
    }

    @Test("a cancel-all naming more resting orders than the block's share returns the oldest that fit; sent again, it returns the rest")
    func cancelAllPastTheShare() throws {
        var f = ChainFixture()
        let count = BlockExecutor.blockItemsMax + 300
        try Self.restSells(&f, count: count)
        let totals = f.totals()
        let request = try f.cancelAll(f.alice, upTo: f.state.height)
        let (first, outcome) = try f.massBlock(cancelAlls: [request])
        #expect(first.cancelAlls == [request])
        #expect(outcome.rejected.isEmpty)
        #expect(f.state.exchange.restingOrderCount == count - BlockExecutor.blockItemsMax)
        #expect(first.settlements[0].inputs.count == BlockExecutor.blockItemsMax)
        // The same request again (a replay) returns what is left, then finds nothing.
        try f.massBlock(cancelAlls: [request])
        #expect(f.state.exchange.restingOrderCount == 0)
        #expect(f.totals() == totals)
        #expect(try f.refusal(cancelAlls: [request]) == .cancelAllNothingLeft(sellerKey: f.alice.publicKey))
    }

    @Test("a dead-man switch over more orders than the block's share returns them over consecutive blocks, then leaves the table")
    func deadManPastTheShare() throws {
        var f = ChainFixture()
        let count = BlockExecutor.blockItemsMax + 300
        try Self.restSells(&f, count: count)
        let trigger = f.state.height + 2
        try f.massBlock(deadManSwitches: [try f.deadMan(f.alice, at: trigger)])
        let (fired, _) = try f.block()
        #expect(fired.header.height == trigger)
        #expect(f.state.exchange.restingOrderCount == count - BlockExecutor.blockItemsMax)
        #expect(f.state.deadMen.trigger(of: .init(sellerKey: f.alice.publicKey, market: nil)) == trigger + 1)
        try f.block()
        #expect(f.state.exchange.restingOrderCount == 0)
        #expect(f.state.deadMen.isEmpty)
    }
}
