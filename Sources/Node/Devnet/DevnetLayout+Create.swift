import Crypto
import Foundation
import Markets

extension DevnetLayout {
    /// Creates the devnet: keys, a genesis funding every trader with the markets of
    /// `options.marketsDirectory`, node.json, and an empty data folder; with more than one
    /// validator also a folder per validator and the CURVE keys of the consensus network. A
    /// folder that already holds a devnet is left as it is (returns false); one holding
    /// anything else is refused.
    @discardableResult
    public func create(_ options: DevnetOptions, clock: any NodeClock = SystemClock()) throws(NodeError) -> Bool {
        guard !exists else { return false }
        try checkCreatable(options)
        let markets: MarketCatalog
        do { markets = try MarketCatalog.load(directory: options.marketsDirectory) } catch { throw .markets(error) }
        try NodeFiles.makeDirectory(keysPath)
        try NodeFiles.makeDirectory(dataPath)
        let collector = try newKey("fee-collector", at: feeCollectorKeyPath, options)
        var traders = [PublicKey]()
        for number in 1...options.traders {
            traders.append(try newKey("trader-\(number)", at: traderKeyPath(number), options).publicKey)
        }
        let timestampMs = options.genesisTimestampMs ?? clock.nowMs()
        let gateway = options.gatewayEndpoint ?? NodeConfiguration.gatewayEndpoint(besideIntake: options.intakeEndpoint)
        // With a peg, BTC and USDT reach the traders only through deposits: a genesis
        // allocation of a pegged asset would be supply no burn could ever take back.
        let peg = options.peg ? try createPeg(options, traders: traders, gateway: gateway, timestampMs: timestampMs) : nil
        var genesis = GenesisFile(
            chainName: DevnetOptions.chainName, timestampMs: timestampMs,
            blockIntervalMs: options.blockIntervalMs, nativeAsset: DevnetOptions.nativeAsset,
            assets: DevnetOptions.assets.map(\.asset),
            allocations: Self.allocations(traders).filter { peg == nil || !Self.isPegged($0.asset) },
            validators: [], feeCollector: collector.publicKey, markets: markets.markets, peg: peg?.section)
        if options.validators == 1 {
            genesis.validators = [try newKey("validator", at: validatorKeyPath, options).publicKey.description]
            try write(genesis)
            var configuration = NodeConfiguration()
            configuration.intakeEndpoint = options.intakeEndpoint
            configuration.feedEndpoint = options.feedEndpoint
            configuration.snapshotEndpoint = options.snapshotEndpoint
            configuration.gatewayEndpoint = gateway
            configuration.mainChainRPC = peg?.mainChainRPC ?? ""
            try configuration.check(path: nodeConfigPath)
            // node.json last: its presence marks a complete devnet.
            try configuration.write(to: nodeConfigPath)
        } else {
            try createCluster(options, genesis: genesis, mainChainRPC: peg?.mainChainRPC ?? "")
        }
        return true
    }

    /// Checks that a node could run the genesis, then writes it.
    func write(_ genesis: GenesisFile) throws(NodeError) {
        _ = try genesis.config(path: genesisPath)  // refuse to write a genesis no node could run
        try genesis.write(to: genesisPath)
    }

    /// Removes the devnet folder, for `--fresh`. Only a folder that holds a devnet (or
    /// nothing) is removed, so a mistyped path cannot delete unrelated files.
    public func remove() throws(NodeError) {
        guard NodeFiles.exists(directory) else { return }
        guard exists || contents().isEmpty else {
            throw .devnetRefused(path: directory, reason: "holds files but no \(NodeConfiguration.fileName); not removing it")
        }
        try NodeFiles.remove(directory)
    }

    private func checkCreatable(_ options: DevnetOptions) throws(NodeError) {
        guard (1...DevnetOptions.validatorsMax).contains(options.validators) else {
            throw .devnetRefused(
                path: directory, reason: "validators must be 1...\(DevnetOptions.validatorsMax), got \(options.validators)")
        }
        guard DevnetPorts.baseAllowed.contains(options.portBase) else {
            throw .devnetRefused(path: directory, reason: "the port base must be \(DevnetPorts.baseAllowed), got \(options.portBase)")
        }
        guard (1...DevnetOptions.tradersMax).contains(options.traders) else {
            throw .devnetRefused(path: directory, reason: "traders must be 1...\(DevnetOptions.tradersMax), got \(options.traders)")
        }
        let gateway = options.gatewayEndpoint ?? NodeConfiguration.gatewayEndpoint(besideIntake: options.intakeEndpoint)
        guard !options.peg || !gateway.contains("*") else {
            throw .devnetRefused(
                path: directory, reason: "a devnet with a peg needs a fixed gateway port (the federation members reach it)")
        }
        guard contents().isEmpty else {
            throw .devnetRefused(path: directory, reason: "holds files but no \(NodeConfiguration.fileName); use an empty or new folder")
        }
    }

    private func contents() -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    }

    func newKey(_ name: String, at path: String, _ options: DevnetOptions) throws(NodeError) -> any SigningKey {
        let key = options.makeKey(name)
        try KeyFile(key: key).write(to: path)
        return key
    }

    /// Every devnet asset to every trader.
    private static func allocations(_ traders: [PublicKey]) -> [GenesisFile.Allocation] {
        traders.flatMap { trader in
            DevnetOptions.assets.map { GenesisFile.Allocation(asset: $0.asset.symbol, amount: $0.perTrader, publicKey: trader.description) }
        }
    }
}
