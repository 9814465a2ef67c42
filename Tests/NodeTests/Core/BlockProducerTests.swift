import Chain
import Crypto
import Foundation
import Ledger
import Node
import Pool
import Primitives
import Storage
import Testing

@Suite("Block producer: one durable block per call, one log line each, nothing torn on storage failure")
struct BlockProducerTests {
    struct Setup {
        let devnet: TestDevnet
        let settings: NodeSettings
        let store = MemoryStore()
        let log = LogRecorder()
        var maker: OrderMaker { OrderMaker(config: settings.chain) }

        init() throws {
            devnet = try TestDevnet()
            settings = try devnet.settings()
        }

        func producer() throws -> BlockProducer<MemoryStore> {
            try BlockProducer(
                store: store, config: settings.chain, validatorKey: settings.validatorKey,
                limits: BlockLimits(maxTransactions: 100, maxCancels: 100), makePool: { config, _ throws(ChainError) in try Mempool(config: config) },
                logger: log.logger)
        }

        /// A resting ask of trader 1 and a crossing bid of trader 2.
        func crossingOrders() -> [Transaction] {
            let ask = maker.order(devnet.trader(1), .sell, price: 30_000_000_000, size: 1_000_000, from: maker.genesisCoin(devnet.trader(1), asset: "BTC")).0
            let bid = maker.order(devnet.trader(2), .buy, price: 30_000_000_000, size: 1_000_000, from: maker.genesisCoin(devnet.trader(2), asset: "USDT")).0
            return [ask, bid]
        }
    }

    @Test("a block with two crossing orders is stored, indexed and logged as one line: height, txs, cancels, fills, settlements, ms")
    func producesBlock() throws {
        let setup = try Setup()
        var producer = try setup.producer()
        let orders = setup.crossingOrders()
        #expect(producer.submit(orders).allSatisfy { (try? $0.get()) != nil })
        let report = try producer.produceBlock(timestampMs: TestDevnet.genesisTimestampMs + 100)
        #expect((report.height, report.transactions, report.cancels, report.fills, report.settlements) == (1, 2, 0, 1, 1))
        let blockLines = setup.log.messages.filter { $0.hasPrefix("height=") }
        #expect(blockLines == [report.logLine])
        #expect(report.logLine.hasPrefix("height=1 txs=2 cancels=0 fills=1 settlements=1 ms="))
        let suite = setup.settings.chain.suite
        for order in orders { #expect(try producer.chainStore.location(ofTransaction: order.id(suite: suite))?.height == 1) }
        #expect(try producer.chainStore.block(at: 1)?.transactions == orders)
        #expect(producer.pool.transactionCount == 0)
    }

    @Test("an empty pool still gives a block every call (heights move, so expiries do)")
    func emptyBlocks() throws {
        let setup = try Setup()
        var producer = try setup.producer()
        for step in 1...3 { _ = try producer.produceBlock(timestampMs: TestDevnet.genesisTimestampMs + UInt64(step)) }
        #expect(producer.state.height == 3)
        #expect(setup.log.messages.filter { $0.hasPrefix("height=") }.count == 3)
    }

    @Test("a producer reopened on the same store resumes at the same height, tip and commitment")
    func reopen() throws {
        let setup = try Setup()
        var producer = try setup.producer()
        _ = producer.submit(setup.crossingOrders())
        _ = try producer.produceBlock(timestampMs: TestDevnet.genesisTimestampMs + 100)
        let reopened = try setup.producer()
        #expect(reopened.state.height == 1)
        #expect(reopened.state.tipHash == producer.state.tipHash)
        #expect(reopened.state.commitment == producer.state.commitment)
    }

    @Test("when the store fails the block is storage_failed (9101) with the storage text, and neither state nor store moves")
    func storageFailure() throws {
        let setup = try Setup()
        var producer = try setup.producer()
        _ = producer.submit(setup.crossingOrders())
        let before = (producer.state.height, producer.state.commitment)
        setup.store.close()
        let error = try #require(throws: NodeError.self) { try producer.produceBlock(timestampMs: TestDevnet.genesisTimestampMs + 100) }
        #expect(error == .storage(.closed(store: "memory")))
        #expect(error.message.contains("closed"))
        #expect((producer.state.height, producer.state.commitment) == before)
        #expect(producer.pool.transactionCount == 2, "the pool keeps what the block could not store")
    }

    @Test("a node key that genesis does not list cannot produce (not_a_validator, 9005)")
    func notAValidator() throws {
        let setup = try Setup()
        #expect(throws: NodeError.notAValidator(publicKey: setup.devnet.trader(1).publicKey.description)) {
            try BlockProducer(
                store: setup.store, config: setup.settings.chain, validatorKey: setup.devnet.trader(1),
                limits: BlockLimits(maxTransactions: 1, maxCancels: 0), makePool: { config, _ throws(ChainError) in try Mempool(config: config) },
                logger: setup.log.logger)
        }
    }
}
