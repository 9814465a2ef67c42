import ArgumentParser
import BenchSupport
import Chain
import Crypto
import Dispatch
import Foundation
import Gateway
import Histogram
import Node
import ZeroMQ

/// `lodestone-loadgen`: N simulated market makers sending signed orders to a node's gateway
/// at a target rate; prints accepted orders/s as a share of the machine's Schnorr
/// verification ceiling (measured in the same run), and ack and fill latency percentiles.
/// Against a cluster devnet the gateway is the follower's, which reports a fill only once
/// the validators finalized its block: submit→fill is then submit→finalized fill.
@main
struct LoadgenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lodestone-loadgen", abstract: "Drive a node's gateway with simulated market makers.")

    @Option(help: "The devnet folder (genesis.json, keys/trader-N.key).") var dir = "devnet"
    @Option(help: "The gateway's order-entry endpoint; default: gateway_endpoint in the devnet's node.json (a cluster's follower).")
    var gateway: String?
    @Option(help: "Market makers (one trader key each; create the devnet with enough traders).") var makers = 3
    @Option(help: "Total orders per second across all makers.") var rate = 1_000.0
    @Option(help: "Seconds of sending.") var seconds = 10.0
    @Option(help: "Seconds to wait for late acks and fills after sending stops.") var drain = 3.0
    @Option(
        help:
            "Independent coins per maker and asset; orders chain on each coin's change (a refusal stalls only its own lane). 0: one coin per order."
    ) var lanes = 0
    @Option(help: "Orders per request: 1 sends Place requests, 2...256 Batches of Places.") var batch = 1
    @Option(help: "Orders per transaction (1...64): each Place carries one transaction of N orders of one side, one coin, one signature.")
    var ordersPerTransaction = 1
    @Option(help: "Market symbol.") var market = "BTC-USDT"
    @Option(help: "Mid price in ticks.") var midTicks: UInt64 = 3_000_000
    @Flag(help: "Print the figures as one JSON object (for Tools/loadgen/cluster-figures.sh).") var json = false

    func validate() throws {
        guard (1...256).contains(batch) else { throw ValidationError("--batch must be 1...256") }
        guard OrderBuilder.ordersPerTransactionAllowed.contains(ordersPerTransaction) else {
            throw ValidationError("--orders-per-transaction must be 1...\(OrderBuilder.ordersPerTransactionAllowed.upperBound)")
        }
        guard makers >= 1, lanes >= 0, rate > 0, seconds > 0 else {
            throw ValidationError("--makers, --lanes, --rate and --seconds must be positive")
        }
    }

    func run() throws {
        let layout = DevnetLayout(directory: dir)
        let config = try GenesisFile.load(path: layout.genesisPath).config(path: layout.genesisPath)
        guard let chainMarket = config.markets.first(where: { $0.symbol == market }) else { throw LoadgenError("no market \(market)") }
        let keys = try layout.traderKeyPaths.prefix(makers).map { try KeyFile.signingKey(at: $0) }
        let gateway = try gateway ?? NodeConfiguration.load(path: layout.nodeConfigPath).gatewayEndpoint
        guard !gateway.isEmpty else { throw LoadgenError("\(layout.nodeConfigPath) runs no gateway; pass --gateway") }
        guard keys.count == makers else { throw LoadgenError("\(dir) has \(keys.count) trader keys; need \(makers)") }
        let ceiling = try VerifyCeiling.measure()
        // One I/O thread per maker: each connection's reports are read off TCP as they
        // arrive, not behind the other makers' bursts.
        let context = try ZMQContext(ioThreads: min(makers, ZMQLimits.maxIOThreads))
        let transactionsPerMaker = Int(rate * seconds / Double(makers * ordersPerTransaction)) + 1
        // Sides alternate per transaction, so each asset pays for half the transactions.
        let laneCount = lanes > 0 ? lanes : transactionsPerMaker / 2 + 1
        // The coins come from the node's coin index, not genesis: a used devnet works too.
        let workers = try keys.map { key in
            let funding = try CoinQuery.freeCoins(
                of: key.publicKey.bytes, assets: [chainMarket.baseAsset, chainMarket.quoteAsset], context: context, endpoint: gateway)
            return try MarketMaker(
                chain: OrderChain(key: key, config: config, market: chainMarket, lanes: laneCount, funding: funding), context: context,
                endpoint: gateway,
                ratePerSecond: rate / Double(makers), midTicks: midTicks, batchSize: batch, ordersPerTransaction: ordersPerTransaction)
        }
        let preparing = Self.onMakerThreads(workers) { worker in
            try worker.subscribeReports()
            try worker.prepare(transactions: transactionsPerMaker)
        }
        if let first = preparing.first { throw LoadgenError(first) }
        let deadline = Monotonic.nowNs() + UInt64(seconds * 1e9)
        let failures = Self.onMakerThreads(workers) { [drain] worker in
            try worker.run(deadlineNs: deadline, drainNs: deadline + UInt64(drain * 1e9))
        }
        var total = MakerResults()
        for worker in workers { total.merge(worker.results) }
        if json {
            print(figures(total, seconds: seconds, failures: failures))
        } else {
            Self.report(total, seconds: seconds, ceiling: ceiling, failures: failures)
        }
    }

    /// Runs `body` for every maker on a thread of its own and waits for all; returns what
    /// failed. Threads, not a dispatch pool: a pool would run only as many makers as there
    /// are cores and starve the rest.
    static func onMakerThreads(_ workers: [MarketMaker], _ body: @escaping @Sendable (MarketMaker) throws -> Void) -> [String] {
        let failures = Failures()
        let finished = DispatchGroup()
        for (index, worker) in workers.enumerated() {
            finished.enter()
            Thread {
                defer { finished.leave() }
                do { try body(worker) } catch { failures.add("maker \(index): \(error)") }
            }.start()
        }
        finished.wait()
        return failures.all
    }

    static func report(_ total: MakerResults, seconds: Double, ceiling: (perSecond: Double, cores: Int), failures: [String]) {
        let acceptedRate = Double(total.accepted) / seconds
        print("submitted=\(total.submitted) accepted=\(total.accepted) rejected=\(total.rejected) fills=\(total.fills)")
        print(
            String(
                format: "accepted orders/s: %.0f = %.1f%% of the Schnorr verify ceiling (%.0f/s on %d cores)",
                acceptedRate, 100 * acceptedRate / ceiling.perSecond, ceiling.perSecond, ceiling.cores))
        print("submit→ack µs:  \(percentiles(total.ackLatencyUs))")
        print("submit→fill µs: \(percentiles(total.fillLatencyUs))")
        for failure in failures { print("error: \(failure)") }
    }

    /// The run's figures as one JSON line: rates per second, latency percentiles in µs.
    func figures(_ total: MakerResults, seconds: Double, failures: [String]) -> String {
        func percentile(_ histogram: Histogram<UInt64>, _ value: Double) -> Any {
            histogram.totalCount > 0 ? histogram.valueAtPercentile(value) : NSNull()
        }
        let object: [String: Any] = [
            "rate": rate, "seconds": seconds, "makers": makers, "orders_per_transaction": ordersPerTransaction,
            "submitted": total.submitted, "accepted": total.accepted,
            "accepted_per_second": Double(total.accepted) / seconds, "fills": total.fills,
            "rejected": total.rejected, "failures": failures,
            "ack_p50_us": percentile(total.ackLatencyUs, 50), "ack_p99_us": percentile(total.ackLatencyUs, 99),
            "fill_p50_us": percentile(total.fillLatencyUs, 50), "fill_p99_us": percentile(total.fillLatencyUs, 99),
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    static func percentiles(_ histogram: Histogram<UInt64>) -> String {
        guard histogram.totalCount > 0 else { return "no samples" }
        return [50.0, 99.0, 99.9].map { "p\($0 == 50 ? "50" : String($0))=\(histogram.valueAtPercentile($0))" }.joined(separator: " ")
            + " (n=\(histogram.totalCount))"
    }

    private final class Failures: @unchecked Sendable {
        private var messages: [String] = []
        private let lock = NSLock()
        func add(_ message: String) { lock.withLock { messages.append(message) } }
        var all: [String] { lock.withLock { messages } }
    }
}
