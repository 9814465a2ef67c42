import Chain
import Crypto
import Dispatch
import Foundation
import Gateway
import Ledger
import LodestoneWire
import MainChain
import Peg
import Primitives

/// Funds a pegged devnet's traders through the peg, as a user would: each trader deposits
/// BTC and USDT on the main chain to the federation naming its own sidechain key
/// (`DepositBuilder`), and the mints are awaited on the sidechain through the gateway's
/// balances query. `lodestone devnet` runs `fundTraders` on a devnet's first run; the
/// end-to-end test uses the same calls. Every wait is bounded.
public final class DevnetPegFunding {
    /// One deposit sent to the main chain.
    public struct Deposit: Sendable, Equatable {
        public let trader: PublicKey
        public let symbol: String
        public let asset: AssetID
        public let amount: UInt64
        public let transactionID: Hash256
        /// The deposit output's main-chain ID: the sidechain mints it once by this.
        public let outputID: Hash256
        /// When it was handed to the main chain (monotonic ms).
        public let submittedMs: UInt64
    }

    /// Longest wait for the main chain's RPC to answer after start.
    public static let mainChainWaitMs: UInt64 = 30_000
    /// Pause between two polls of the main chain or the gateway.
    public static let pollIntervalMs: UInt64 = 100
    /// Each gateway request's timeout.
    public static let gatewayTimeoutMs = 2_000

    public let layout: DevnetLayout
    /// The sidechain's configuration (its genesis, asset IDs, chain ID).
    public let config: ChainConfig
    /// The genesis peg section's terms, as the federation applies them.
    public let terms: PegTerms
    public let mainChainID: Hash256
    /// The devnet main chain's RPC (`mainchain/devnet.json`).
    public let mainChain: DevnetMainChainClient
    /// The order-entry gateway of the devnet folder's node (node.json).
    public let gatewayEndpoint: String
    private var gateway: OrderEntryClient?
    private var requests: UInt64 = 0

    /// Opens the devnet's genesis, its main chain's RPC and its gateway (from node.json).
    public init(layout: DevnetLayout) throws {
        self.layout = layout
        let genesisPath = layout.genesisPath
        config = try GenesisFile.load(path: genesisPath).config(path: genesisPath)
        guard let peg = config.genesis.peg else {
            throw NodeError.devnetRefused(path: layout.directory, reason: "the devnet's genesis has no peg")
        }
        terms = try PegTerms(genesis: peg, config: config)
        mainChainID = peg.mainChain.genesisHeader.hash(suite: config.suite)
        mainChain = try DevnetMainChainClient(endpoint: try layout.mainChainRun().rpc, suite: config.suite)
        gatewayEndpoint = try NodeConfiguration.load(path: layout.nodeConfigPath).gatewayEndpoint
    }

    deinit {
        mainChain.close()
        gateway?.close()
    }

    /// Monotonic milliseconds, for latencies and deadlines (never a wall clock).
    public static func nowMs() -> UInt64 { DispatchTime.now().uptimeNanoseconds / 1_000_000 }

    /// Waits until the main chain's RPC answers; its tip.
    public func waitForMainChain(timeoutMs: UInt64 = mainChainWaitMs) throws -> MainChainTip {
        let deadline = Self.nowMs() + timeoutMs
        while true {
            do { return try mainChain.best() } catch {
                guard Self.nowMs() < deadline else { throw error }
                Thread.sleep(forTimeInterval: Double(Self.pollIntervalMs) / 1_000)
            }
        }
    }

    /// The asset ID of a pegged `symbol`.
    public func asset(_ symbol: String) throws -> AssetID {
        guard let id = config.assetIDs[symbol], terms.depositMinimums[id] != nil else {
            throw NodeError.devnetRefused(path: layout.directory, reason: "\(symbol) is not a pegged asset of this devnet")
        }
        return id
    }

    /// Deposits `amount` of `symbol` from `key`'s main-chain coins to the federation, minted
    /// to `key`'s sidechain pay-to-key; returns once the main chain's mempool took it.
    public func deposit(from key: any SigningKey, symbol: String, amount: UInt64) throws -> Deposit {
        let asset = try asset(symbol)
        let coins = try mainChain.allOutputs(heldBy: .payToKey(key.publicKey))
        let built = try DepositBuilder(terms: terms, mainChainID: mainChainID).deposit(
            asset: asset, amount: Amount(amount), destination: .payToKey(key.publicKey), from: coins, key: key)
        let submittedMs = Self.nowMs()
        _ = try mainChain.submit(transaction: built.transaction)
        return Deposit(
            trader: key.publicKey, symbol: symbol, asset: asset, amount: amount, transactionID: built.transactionID,
            outputID: built.outputID,
            submittedMs: submittedMs)
    }

    /// Every trader key of the devnet deposits its sidechain share of each pegged asset
    /// (`DevnetLayout.perTrader`); then `peg-funded.json` records them, so a later run does not
    /// deposit again. `report` gets one line per deposit.
    public func fundTraders(report: (String) -> Void) throws -> [Deposit] {
        let tip = try waitForMainChain()
        report("main chain up at height \(tip.height); depositing each trader's BTC and USDT to the federation")
        var deposits: [Deposit] = []
        for (index, path) in layout.traderKeyPaths.enumerated() {
            let key = try KeyFile.signingKey(at: path)
            for (symbol, _) in DevnetOptions.peggedAssets {
                let deposit = try deposit(from: key, symbol: symbol, amount: DevnetLayout.perTrader(symbol))
                deposits.append(deposit)
                report("  trader-\(index + 1) deposits \(deposit.amount) \(symbol) minor units: main-chain output \(deposit.outputID)")
            }
        }
        let record = deposits.map {
            ["trader": $0.trader.description, "symbol": $0.symbol, "amount": "\($0.amount)", "output": "\($0.outputID)"]
        }
        let data = (try? JSONSerialization.data(withJSONObject: ["deposits": record], options: [.prettyPrinted, .sortedKeys])) ?? Data()
        try NodeFiles.write(data, to: layout.pegFundedPath, replace: true)
        return deposits
    }

    /// `key`'s free sidechain units of `asset` (committed outputs that are not orders), from
    /// the gateway's balances query; nil when the gateway does not answer.
    public func freeBalance(of key: PublicKey, asset: AssetID) -> UInt64? {
        guard let balances = balances(of: key) else { return nil }
        return balances.assets.first { $0.asset == Data(asset.hash.bytes) }?.free ?? 0
    }

    /// The gateway's balances of `key`, or nil when it does not answer (the connection is then
    /// replaced, so a late answer is never read as a later one's).
    public func balances(of key: PublicKey) -> Lodestone_V1_Balances? {
        var query = Lodestone_V1_BalancesQuery()
        query.publicKey = Data(key.bytes)
        guard let response = ask({ $0.body = .balances(query) }), case .balances(let balances)? = response.result else { return nil }
        return balances
    }

    /// Sends one gateway request; nil on a timeout or failure.
    public func ask(_ body: (inout Lodestone_V1_Request) -> Void) -> Lodestone_V1_Response? {
        var request = Lodestone_V1_Request()
        body(&request)
        requests += 1
        request.clientOrderID = "devnet-funding-\(requests)"
        if let client = gateway, let response = try? client.send(request, timeoutMs: Self.gatewayTimeoutMs),
            response.clientOrderID == request.clientOrderID
        {
            return response
        }
        // A timeout, a failure or an answer to another request: a fresh connection next time.
        gateway?.close()
        gateway = try? OrderEntryClient(endpoint: gatewayEndpoint)
        guard let client = gateway, let response = try? client.send(request, timeoutMs: Self.gatewayTimeoutMs),
            response.clientOrderID == request.clientOrderID
        else {
            gateway?.close()
            gateway = nil
            return nil
        }
        return response
    }

    /// Waits until every (key, asset) of `expected` has exactly its free balance on the
    /// sidechain; returns, per entry in order, when it was first seen there (monotonic ms), or
    /// throws naming those still short at `timeoutMs`.
    public func waitForBalances(_ expected: [(key: PublicKey, asset: AssetID, free: UInt64)], timeoutMs: UInt64) throws -> [UInt64] {
        let deadline = Self.nowMs() + timeoutMs
        var seen: [UInt64?] = expected.map { _ in nil }
        while true {
            var last: [UInt64?] = []
            for (index, entry) in expected.enumerated() where seen[index] == nil {
                let free = freeBalance(of: entry.key, asset: entry.asset)
                last.append(free)
                if free == entry.free { seen[index] = Self.nowMs() }
            }
            if seen.allSatisfy({ $0 != nil }) { return seen.map { $0 ?? 0 } }
            guard Self.nowMs() < deadline else {
                let short = expected.indices.filter { seen[$0] == nil }.map {
                    "\(expected[$0].key) \(expected[$0].asset) \(expected[$0].free)"
                }
                throw NodeError.devnetRefused(
                    path: layout.directory,
                    reason: "no mint within \(timeoutMs) ms for: \(short.joined(separator: "; ")) (last seen \(last))")
            }
            Thread.sleep(forTimeInterval: Double(Self.pollIntervalMs) / 1_000)
        }
    }

    /// Waits for the mints of `deposits` (each trader's free balance of each asset equal to
    /// what it deposited, on top of `before`), reporting each with its peg-in latency
    /// (deposit submitted to the mint seen committed); the latencies in ms, in order.
    public func waitForMints(
        _ deposits: [Deposit], before: [PublicKey: [AssetID: UInt64]] = [:], timeoutMs: UInt64, report: (String) -> Void
    ) throws -> [UInt64] {
        var totals: [(key: PublicKey, asset: AssetID, free: UInt64)] = []
        for deposit in deposits {
            if let index = totals.firstIndex(where: { $0.key == deposit.trader && $0.asset == deposit.asset }) {
                totals[index].free += deposit.amount
            } else {
                totals.append((deposit.trader, deposit.asset, (before[deposit.trader]?[deposit.asset] ?? 0) + deposit.amount))
            }
        }
        let seen = try waitForBalances(totals, timeoutMs: timeoutMs)
        return deposits.map { deposit in
            let index = totals.firstIndex { $0.key == deposit.trader && $0.asset == deposit.asset } ?? 0
            let latency = seen[index] >= deposit.submittedMs ? seen[index] - deposit.submittedMs : 0
            report("  minted \(deposit.amount) \(deposit.symbol) to \(deposit.trader): peg-in \(latency) ms after the deposit was sent")
            return latency
        }
    }
}
