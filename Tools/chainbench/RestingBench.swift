import BenchSupport
import Chain
import Crypto
import Foundation
import Ledger
import Markets
import Matching
import MatchingWorkloads
import Primitives

/// `--resting N`: each market is first filled with `N` resting orders away from the touch
/// (committed block by block, as a chain would), then `blocks` blocks of crossing orders are
/// built and committed one after another, as a node does, and each is timed. A block's cost
/// should not grow with `N`: the books are changed in place (`--copy-books` measures the old
/// path, where every block copies what it touches).
struct RestingBench {
    let config: ChainConfig
    let validator: any SigningKey
    var state: ChainState
    /// Blocks of resting orders, then the timed blocks.
    let fill: [[CheckedTransaction]]
    let timed: [[CheckedTransaction]]

    /// One transaction to make: whose, in which market, which orders.
    private struct Plan {
        let signer: Int
        let market: Int
        let orders: [(side: Side, ticks: Int64, lots: Int64)]
    }

    init(
        resting: Int, orders: Int, ordersPerTransaction: Int, markets marketCount: Int, blocks: Int, traders traderCount: Int, seed: UInt64
    )
        throws
    {
        let suite = Workload.suite
        validator = try suite.signingKey(secret: [UInt8](repeating: 1, count: 32))
        let keys: [any SigningKey] = try (0..<traderCount + 1).map { index in
            var secret = [UInt8](repeating: 0x43, count: 32)
            secret[0] = UInt8(index & 0xFF)
            secret[1] = UInt8(index >> 8)
            return try suite.signingKey(secret: secret)
        }
        var random = SplitMix64(seed: seed)
        // The fill: per market, bids below and asks above the timed orders' prices, over a
        // thousand levels, all from one maker (the last key), 64 orders per transaction.
        let perTransaction = BlockExecutor.maxOrdersPerTransaction
        // Per market per block: the block's item room shared by the markets.
        let transactionsPerBlock = max(1, BlockExecutor.blockItemsMax / perTransaction / marketCount)
        var fillPlans: [[Plan]] = []
        for start in stride(from: 0, to: resting, by: perTransaction * transactionsPerBlock) {
            var block: [Plan] = []
            for market in 0..<marketCount {
                for first in stride(from: start, to: min(resting, start + perTransaction * transactionsPerBlock), by: perTransaction) {
                    let specs = (first..<min(resting, first + perTransaction)).map { index in
                        let side: Side = index % 2 == 0 ? .buy : .sell
                        let away = Int64(100 + (index / 2) % 1_000)
                        return (side, side == .buy ? 3_000_000 - away : 3_000_000 + away, Int64(1 + random.next() % 20))
                    }
                    block.append(Plan(signer: traderCount, market: market, orders: specs))
                }
            }
            fillPlans.append(block)
        }
        // The timed blocks: crossing orders around the touch, as `Workload` makes them.
        var timedPlans: [[Plan]] = []
        var signer = 0
        for _ in 0..<blocks {
            var block: [Plan] = []
            for first in stride(from: 0, to: orders, by: ordersPerTransaction) {
                let specs = (first..<min(orders, first + ordersPerTransaction)).map { _ in
                    let side: Side = random.next() % 2 == 0 ? .buy : .sell
                    return (side, Int64(3_000_000 + Int(random.next() % 41) - 20), Int64(1 + random.next() % 20))
                }
                block.append(Plan(signer: signer % traderCount, market: block.count % marketCount, orders: specs))
                signer += 1
            }
            timedPlans.append(block)
        }
        let baseSymbols = (0..<marketCount).map { marketCount == 1 ? "BTC" : "B\($0)" }
        let plans = fillPlans.flatMap { $0 } + timedPlans.flatMap { $0 }
        // Plan i pays from allocations 2i (base) and 2i + 1 (USDT) of its signer.
        let allocations = plans.flatMap { plan in
            let owner = ControlProgram.payToKey(keys[plan.signer].publicKey)
            return [
                Allocation(asset: baseSymbols[plan.market], amount: Workload.coinBase, program: owner),
                Allocation(asset: "USDT", amount: Workload.coinQuote, program: owner),
            ]
        }
        let config = try Workload.chainConfig(
            name: "chainbench-resting", baseSymbols: baseSymbols, allocations: allocations, validator: validator.publicKey)
        self.config = config
        state = try ChainState.genesis(config)
        var index = 0
        // As a pool hands them over: checked on admission, signatures passed.
        func sign(_ block: [Plan]) throws -> [CheckedTransaction] {
            let transactions = try block.map { plan in
                defer { index += 1 }
                return try Workload.transaction(
                    config: config, market: config.markets[plan.market], key: keys[plan.signer], orders: plan.orders, baseCoin: 2 * index)
            }
            return CheckedTransaction.all(transactions, config: config).map { $0.signaturesPassed() }
        }
        fill = try fillPlans.map(sign)
        timed = try timedPlans.map(sign)
    }

    /// Builds and commits one block (the time of just that, in µs) as a node does.
    private mutating func commit(_ transactions: [CheckedTransaction], timestampMs: UInt64) throws -> (
        fills: Int, rejected: Int, micros: Double
    ) {
        let lastCommit = try state.commitCertificate(signedBy: [validator])
        let start = DispatchTime.now().uptimeNanoseconds
        let (block, outcome) = try state.proposeBlock(
            checked: transactions, cancels: [], timestampMs: timestampMs, proposer: validator, lastCommit: lastCommit)
        state.commit(outcome, header: block.header)
        let micros = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e3
        return (outcome.trades.count, outcome.rejected.count, micros)
    }

    /// Fills the books, then times each block; prints one line per phase.
    mutating func run(copyBooks: Bool) throws {
        state.keepsSpareExchange = !copyBooks
        var clock: UInt64 = 1
        let fillStart = DispatchTime.now().uptimeNanoseconds
        for block in fill {
            clock += 1
            let (_, rejected, _) = try commit(block, timestampMs: clock)
            precondition(rejected == 0, "fill orders must all rest")
        }
        let fillSeconds = Double(DispatchTime.now().uptimeNanoseconds - fillStart) / 1e9
        let restingNow = state.exchange.restingOrderCount
        var micros: [Double] = []
        var fills = 0
        var orders = 0
        for block in timed {
            clock += 1
            let (blockFills, rejected, blockMicros) = try commit(block, timestampMs: clock)
            micros.append(blockMicros)
            precondition(rejected == 0, "timed orders must all be valid")
            fills += blockFills
            orders += block.reduce(0) { $0 + $1.transaction.outputs.count - 2 }
        }
        let sorted = micros.sorted()
        let median = sorted.isEmpty ? 0 : sorted[sorted.count / 2]
        let perOrder = orders == 0 ? 0 : micros.reduce(0, +) / Double(orders)
        print(
            "resting=\(restingNow) over \(config.markets.count) markets (filled in \(fill.count) blocks, \(String(format: "%.1f", fillSeconds)) s); books \(copyBooks ? "copied per block (--copy-books)" : "changed in place")"
        )
        print(
            String(
                format:
                    "build + commit per block: median %.0f µs, best %.0f µs, worst %.0f µs over %d blocks of %d orders (%.2f µs per order, %d fills)",
                median, sorted.first ?? 0, sorted.last ?? 0, micros.count,
                timed.first.map { $0.reduce(0) { $0 + $1.transaction.outputs.count - 2 } } ?? 0,
                perOrder, fills))
    }
}
