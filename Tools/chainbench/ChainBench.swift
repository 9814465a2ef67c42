import ArgumentParser
import BenchSupport
import Chain
import Foundation
import Markets
import Matching
import Pool
import Storage

/// `lodestone-chainbench`: the chain's state transition and block commit, measured against
/// the matching core alone in the same run (machines here are noisy; ratios are not).
@main
struct ChainBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lodestone-chainbench",
        abstract: "Measure the state transition and LevelDB block commit against the matching core.")

    @Option(help: "Orders in the block.") var orders = 10_000
    @Option(help: "Distinct traders (seller programs).") var traders = 200
    @Option(help: "Repetitions; the best run of each measurement is reported.") var runs = 3
    @Option(help: "Orders per transaction (1...64), all of one trader, paid from one coin per asset.")
    var ordersPerTransaction = 16
    @Option(
        help:
            "Markets the orders spread over, round robin by transaction (a block takes at most \(BlockExecutor.blockItemsMax) new orders)."
    )
    var markets = 8
    @Option(help: "Workload seed.") var seed: UInt64 = 7
    @Option(help: "Repeat only the state transition this many times (for a profiler), then stop.")
    var profileTransition = 0
    @Option(help: "Repeat only mempool admission (signatures verified in it) this many times (for a profiler), then stop.")
    var profileAdmission = 0
    @Option(help: "Time making block bytes from kept transaction bytes against encoding again, this many rounds, then stop.")
    var profileBlockEncoding = 0
    @Option(
        help:
            "Fill each market with this many resting orders away from the touch first, then time --blocks blocks of --orders crossing orders, each built and committed in turn."
    )
    var resting = 0
    @Option(help: "With --resting: how many blocks to time.") var blocks = 20
    @Flag(help: "With --resting: keep no spare books, so every block copies what it touches (the path before spare books).")
    var copyBooks = false

    func validate() throws {
        guard (1...BlockExecutor.maxOrdersPerTransaction).contains(ordersPerTransaction) else {
            throw ValidationError("--orders-per-transaction must be 1...\(BlockExecutor.maxOrdersPerTransaction)")
        }
        guard (1...MarketLimits.catalogMaxMarkets).contains(markets) else {
            throw ValidationError("--markets must be 1...\(MarketLimits.catalogMaxMarkets)")
        }
    }

    func run() throws {
        if resting > 0 {
            var bench = try RestingBench(
                resting: resting, orders: orders, ordersPerTransaction: ordersPerTransaction, markets: markets, blocks: blocks,
                traders: traders, seed: seed)
            try bench.run(copyBooks: copyBooks)
            return
        }
        let workload = try Workload(
            orders: orders, traders: traders, ordersPerTransaction: ordersPerTransaction, markets: markets, seed: seed)
        if profileAdmission > 0 {
            let cpuStart = ProcessCPU.nowNs()
            for _ in 0..<profileAdmission { _ = try Self.admissionSeconds(workload, preverified: false) }
            let cpuNs = Double(ProcessCPU.nowNs() - cpuStart) / Double(profileAdmission * orders)
            print(String(format: "mempool admission: %.2f µs of CPU per order (all threads)", cpuNs / 1e3))
            return
        }
        // As a pool hands them over: checked (IDs, leaves, output IDs) on admission, signatures passed.
        let checked = CheckedTransaction.all(workload.transactions, config: workload.state.config).map { $0.signaturesPassed() }
        if profileBlockEncoding > 0 {
            try BlockEncodingBench(workload: workload, checked: checked, orders: orders).run(rounds: profileBlockEncoding)
            return
        }
        if profileTransition > 0 {
            let cpuStart = ProcessCPU.nowNs()
            for _ in 0..<profileTransition {
                _ = try BlockExecutor.execute(
                    state: workload.state, mode: .build, timestampMs: 1, transactions: checked, cancels: [])
            }
            let cpuNs = Double(ProcessCPU.nowNs() - cpuStart) / Double(profileTransition * orders)
            print(String(format: "state transition: %.2f µs of CPU per order (all threads)", cpuNs / 1e3))
            return
        }
        var core = Double.infinity
        for _ in 0..<max(1, runs) { core = min(core, Self.matchingCoreSeconds(workload)) }
        var outcome: BlockOutcome?
        var chainCPUNs = UInt64.max
        let chain = try best(runs) {
            let cpuStart = ProcessCPU.nowNs()
            defer { chainCPUNs = min(chainCPUNs, ProcessCPU.nowNs() - cpuStart) }
            outcome = try BlockExecutor.execute(
                state: workload.state, mode: .build, timestampMs: 1, transactions: checked, cancels: [])
        }
        guard let outcome else { return }
        precondition(outcome.rejected.isEmpty, "workload orders must all be valid: \(outcome.rejected.prefix(3))")
        let (block, _) = try workload.state.proposeBlock(
            checked: checked, cancels: [], timestampMs: 1, proposer: workload.validator)
        var commit = Double.infinity
        for _ in 0..<max(1, runs) { commit = min(commit, try Self.commitSeconds(block, outcome: outcome, workload: workload)) }
        var admission = Double.infinity
        for _ in 0..<max(1, runs) { admission = min(admission, try Self.admissionSeconds(workload, preverified: false)) }
        var preverified = Double.infinity
        for _ in 0..<max(1, runs) { preverified = min(preverified, try Self.admissionSeconds(workload, preverified: true)) }
        let ceiling = try VerifyCeiling.measure()
        let coreRate = Double(orders) / core
        let chainRate = Double(orders) / chain
        print(
            "orders=\(orders) in \(workload.transactions.count) transactions of up to \(ordersPerTransaction) orders; fills=\(outcome.trades.count) settlements=\(outcome.settlements.count)"
        )
        print(String(format: "matching core: %.0f orders/s (%.2f ms)", coreRate, core * 1e3))
        print(
            String(
                format:
                    "chain state transition (signatures excluded): %.0f orders/s (%.2f ms) = %.2f%% of the core; %.2f µs of CPU per order",
                chainRate, chain * 1e3, 100 * chainRate / coreRate, Double(chainCPUNs) / Double(orders) / 1e3))
        print(String(format: "LevelDB block commit (synced batch): %.2f ms", commit * 1e3))
        let admissionRate = Double(orders) / admission
        let nodeRate = Double(orders) / (admission + chain + commit)
        let preverifiedRate = Double(orders) / preverified
        print(
            String(
                format:
                    "mempool admission (journaled, %d per batch): %.0f orders/s = %.1f%% of the Schnorr verify ceiling (%.0f/s on %d cores)",
                Self.admissionBatch, admissionRate, 100 * admissionRate / ceiling.perSecond, ceiling.perSecond, ceiling.cores))
        print(
            String(
                format: "mempool admission after the signature stage (signatures verified ahead, not timed): %.0f orders/s", preverifiedRate
            ))
        print(
            String(
                format: "admission + state transition + commit, one after another: %.0f orders/s = %.1f%% of the verify ceiling",
                nodeRate, 100 * nodeRate / ceiling.perSecond))
    }

    /// The fastest of `count` timings of `body`, in seconds.
    func best(_ count: Int, _ body: () throws -> Void) rethrows -> Double {
        var fastest = Double.infinity
        for _ in 0..<max(1, count) {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            fastest = min(fastest, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return fastest
    }

    /// Seconds for the same orders through bare FastBooks, one per market (allocated before timing).
    static func matchingCoreSeconds(_ workload: Workload) -> Double {
        var books = workload.config.markets.map { FastBook(rules: $0.rules, capacity: Exchange.capacity) }
        var sink = EventCounter()
        let start = DispatchTime.now().uptimeNanoseconds
        for (market, orders) in workload.bookOrders.enumerated() {
            for order in orders { try? books[market].submit(order, into: &sink) }
        }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Orders per pool batch: what the node's block loop admits per round (at one order per
    /// transaction; the batch holds as many transactions as make this many orders).
    static let admissionBatch = 1_024

    /// Seconds to admit every order to an empty journaled pool, in node-sized batches
    /// (signatures checked on all cores, one synced journal write per batch); with
    /// `preverified`, the node's signature stage has run over them first, untimed.
    static func admissionSeconds(_ workload: Workload, preverified: Bool) throws -> Double {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("chainbench-pool-\(UUID().uuidString)").path
        let admissionBatch = max(1, Self.admissionBatch / workload.ordersPerTransaction)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try LevelDBStore(path: path)
        defer { store.close() }
        let pool = try Mempool(config: workload.config, journal: store)
        let suite = workload.config.suite
        // The signature stage's work, untimed (it runs on other threads in a node).
        if preverified { pool.preverify(workload.transactions.map { PoolItem.transaction($0, suite: suite) }) }
        let start = DispatchTime.now().uptimeNanoseconds
        // The edge's check (ID, size, output IDs), timed: admission paid for it before.
        let items = workload.transactions.map { PoolItem.transaction($0, suite: suite) }
        for batchStart in stride(from: 0, to: items.count, by: admissionBatch) {
            let results = pool.submit(Array(items[batchStart..<min(items.count, batchStart + admissionBatch)]), state: workload.state)
            precondition(results.allSatisfy { (try? $0.get()) != nil }, "workload orders must all be admitted")
        }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Seconds to commit the block into a store that already holds the genesis state.
    static func commitSeconds(_ block: Block, outcome: BlockOutcome, workload: Workload) throws -> Double {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("chainbench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try LevelDBStore(path: path)
        defer { store.close() }
        let chain = ChainStore(store: store, suite: Workload.suite)
        _ = try chain.open(config: workload.config)
        let start = DispatchTime.now().uptimeNanoseconds
        try chain.commit(block, outcome: outcome)
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
