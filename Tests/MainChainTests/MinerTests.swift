import Crypto
import Ledger
import MainChain
import Primitives
import Storage
import Testing

@Suite("Miner: mines on the tip with an injected clock, keeps to its CPU share, and the difficulty retargets toward the block interval")
struct MinerTests {
    @Test("with a fake clock the miner mines k blocks, each on the previous, carrying the pooled transaction once")
    func minesBlocks() throws {
        let fixture = try MainChainFixture()
        let node = try MainChainNode(genesis: fixture.genesis, store: MemoryStore())
        let spend = try fixture.transfer(
            fixture.genesisOutput(0), of: 1_000_000_000, asset: fixture.btc, from: fixture.alice, to: fixture.bob.publicKey)
        _ = try node.submitTransaction(spend)
        let clock = SteppingClock(startMs: fixture.genesis.timestampMs, stepMs: 10)
        let miner = MainChainMiner(node: node, settings: MinerSettings(hashesPerChunk: 4), clock: clock)
        let blocks = miner.mine(blocks: 5)
        #expect(blocks.count == 5)
        #expect(node.best.height == 5 && node.best.hash == blocks[4].hash(suite: fixture.suite))
        #expect(blocks[0].transactions == [spend])
        #expect(blocks.dropFirst().allSatisfy { $0.transactions.isEmpty })
        #expect(miner.statistics.blocksMined == 5)
    }

    @Test("at 25% the miner rests 75 ms of every 100 ms window it hashes in")
    func dutyCycle() throws {
        // A target so hard nothing is found: the miner only hashes and rests.
        let fixture = try MainChainFixture(powLimitBits: 0x1d00_ffff)
        let node = try MainChainNode(genesis: fixture.genesis, store: MemoryStore())
        let clock = SteppingClock(startMs: fixture.genesis.timestampMs, stepMs: 5)
        let miner = MainChainMiner(node: node, settings: MinerSettings(cpuPercent: 25, hashesPerChunk: 2), clock: clock)
        var chunks = 0
        miner.mine(blocks: 1) {
            chunks += 1
            return chunks > 400
        }
        // 5 ms per chunk: 5 chunks reach 25 ms busy, then 75 ms of rest; 400 chunks = 80 windows.
        let windows = clock.sleptMs / 75
        #expect(clock.sleptMs % 75 == 0 && windows >= 78 && windows <= 80)
    }

    /// A chunk slower than the whole window (a loaded machine) is paid back in full: the
    /// miner still rests three times what it worked, where it used to skip resting.
    @Test("at 25% the rest is three times the work even when one chunk overruns the window", arguments: [40, 150] as [UInt64])
    func dutyCycleHoldsForSlowChunks(chunkMs: UInt64) throws {
        let fixture = try MainChainFixture(powLimitBits: 0x1d00_ffff)
        let node = try MainChainNode(genesis: fixture.genesis, store: MemoryStore())
        let clock = SteppingClock(startMs: fixture.genesis.timestampMs, stepMs: chunkMs)
        let miner = MainChainMiner(node: node, settings: MinerSettings(cpuPercent: 25, hashesPerChunk: 2), clock: clock)
        var chunks: UInt64 = 0
        miner.mine(blocks: 1) {
            chunks += 1
            return chunks > 20
        }
        // Each chunk alone reaches the 25 ms share, so every rest is 3 × chunkMs (the old
        // window-end rule rested 60 ms after a 40 ms chunk and not at all after 150 ms).
        // (The stop check also runs between templates, so there are fewer rests than checks.)
        #expect(clock.sleptMs % (3 * chunkMs) == 0)
        #expect(clock.sleptMs >= 10 * 3 * chunkMs)
        #expect(miner.statistics.sleptMs == clock.sleptMs)
    }

    @Test(
        "a fixed hash rate far above the start difficulty: after some periods the mean block interval is within the rule's bound of the target"
    )
    func retargetConverges() throws {
        // 100 ms blocks, retarget every 10; the miner hashes 8 per chunk and each chunk takes
        // 1 ms of fake time: 800 hashes per target interval, while the genesis target takes ~2.
        let fixture = try MainChainFixture(blockIntervalMs: 100, retargetIntervalBlocks: 10)
        let node = try MainChainNode(genesis: fixture.genesis, store: MemoryStore())
        let clock = SteppingClock(startMs: fixture.genesis.timestampMs, stepMs: 1)
        let miner = MainChainMiner(node: node, settings: MinerSettings(hashesPerChunk: 8), clock: clock)
        let periods = 16
        let blocks = miner.mine(blocks: periods * 10 - 1)
        #expect(blocks.count == periods * 10 - 1)
        let headers = [fixture.genesis.genesisHeader] + blocks.map(\.header)
        func meanInterval(period: Int) -> Double {
            let first = headers[period * 10]
            let last = headers[period * 10 + 9]
            return Double(last.timestampMs - first.timestampMs) / 9
        }
        // At first blocks come every chunk or two (far below 100 ms); the clamp lets the
        // target fall at most 4× a period, so ⌈log4(800 / 2)⌉ = 5 periods reach the rate.
        #expect(meanInterval(period: 0) < 10)
        // Then each period's mean of 9 exponential intervals: within a factor 3 of the target
        // (the rule corrects each period by the last one's error; 9 samples vary ~±33%).
        let late = (10..<periods).map(meanInterval)
        let overall = late.reduce(0, +) / Double(late.count)
        #expect(overall > 100.0 / 2 && overall < 100.0 * 2, "mean interval \(overall) ms over periods 10..<\(periods)")
        #expect(late.allSatisfy { $0 > 100.0 / 4 && $0 < 100.0 * 4 }, "\(late)")
        #expect(headers.last!.targetBits != fixture.genesis.powLimitBits)
    }
}
