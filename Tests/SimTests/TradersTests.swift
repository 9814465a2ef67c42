import Chain
import Pool
import Testing

@testable import LodestoneSim

@Suite struct TradersTests {
    /// The traders' orders and cancels are valid signed items the real pool admits against
    /// the genesis state, and the same seed builds the same bytes.
    @Test func ordersAreAdmittedAndReplayExactly() throws {
        let genesis = try SimGenesis(validators: 4)
        let state = try ChainState.genesis(genesis.config)
        func batch(_ seed: UInt64) -> [PoolItem] {
            var traders = Traders(keys: genesis.traderKeys, config: genesis.config, random: SimRandom(seed: seed))
            return (0..<6).flatMap { traders.nextItems(state: state, nowMs: UInt64($0) * 10) }
        }
        let items = batch(1)
        #expect(items.count >= 6)
        #expect(items == batch(1))
        let pool = try Mempool(config: genesis.config)
        let results = pool.submit(items, state: state)
        #expect(results.allSatisfy { if case .success = $0 { true } else { false } }, "\(results)")
    }

    @Test func supplyIsTheSumOfAllocations() throws {
        let genesis = try SimGenesis(validators: 4)
        let btc = try #require(genesis.config.assetIDs["BTC"])
        #expect(genesis.supply[btc] == SimGenesis.btcPerCoin * UInt64(SimGenesis.coinsPerAsset * SimGenesis.traderCount))
    }
}
