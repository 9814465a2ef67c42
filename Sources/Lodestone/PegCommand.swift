import ArgumentParser
import Chain
import Crypto
import Foundation
import Ledger
import MainChain
import Markets
import Node
import Peg
import Primitives

/// `lodestone peg in|out|status`: move a pegged asset between the main chain and the
/// sidechain through the federation (docs/PEG.md, "Pegging in and out"), and compare what
/// the federation holds on the main chain with the sidechain's supply.
struct PegCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peg",
        abstract: "Deposit to the sidechain from the main chain, withdraw back, or show the peg's state.",
        subcommands: [PegIn.self, PegOut.self, PegStatus.self])
}

/// The sidechain's peg terms as the CLI reads them from a genesis: the section, the terms
/// the builders take, and the pegged assets by symbol.
struct PegSetup {
    let config: ChainConfig
    let peg: PegGenesis
    let terms: PegTerms

    /// The peg of the chain `config` describes; `WalletError.noPeg` when it has none.
    init(config: ChainConfig) throws {
        guard let peg = config.genesis.peg else { throw WalletError.noPeg }
        var minimums: [AssetID: Amount] = [:]
        for asset in peg.peggedAssets {
            guard let id = config.assetIDs[asset.symbol] else { continue }
            minimums[id] = asset.minimumDeposit
        }
        self.config = config
        self.peg = peg
        terms = try PegTerms(
            federation: peg.federation, confirmationsRequired: peg.confirmationsRequired, depositMinimums: minimums,
            sidechainChainID: config.chainID, suite: config.suite)
    }

    /// The main chain's ID: its genesis header's hash (what a main-chain signature binds).
    var mainChainID: Hash256 { peg.mainChain.genesisHeader.hash(suite: config.suite) }

    /// The pegged asset `symbol`, and `text` read exactly in its decimals; refused locally
    /// when the asset is not pegged or (with `minimum`) the amount is below its minimum deposit.
    func amount(_ text: String, of symbol: String, checkMinimum: Bool) throws -> (asset: AssetID, amount: Amount) {
        guard let pegged = peg.peggedAssets.first(where: { $0.symbol == symbol }), let id = config.assetIDs[symbol],
            let definition = config.assets[symbol]
        else { throw WalletError.unpeggedAsset(symbol) }
        let units: UInt64
        do { units = try MarketUnits.minorUnits(text, decimals: definition.decimals, asset: symbol, quantity: "amount") } catch {
            throw WalletError.badAmount(error.description)
        }
        guard units > 0 else { throw WalletError.badAmount("the amount must be above 0") }
        if checkMinimum, units < pegged.minimumDeposit.units {
            throw WalletError.belowMinimum(asset: symbol, amount: units, minimum: pegged.minimumDeposit.units)
        }
        return (id, Amount(units))
    }

    /// `minor` units of `symbol` in whole units, e.g. `0.01000000 BTC`.
    func format(_ minor: UInt64, _ symbol: String) -> String {
        let decimals = config.assets[symbol]?.decimals ?? 0
        return MarketUnits.format(minor, decimals: decimals, displayDecimals: Int(decimals)) + " " + symbol
    }
}

/// A public key in hex, valid for `suite`.
func parsePegKey(_ text: String, option: String, suite: any CryptoSuite) throws -> PublicKey {
    guard let bytes = try? Hex.decode(text), let key = try? PublicKey(bytes: bytes), suite.isValid(publicKey: key) else {
        throw ValidationError("\(option) takes a public key in hex (64 digits), got \(text)")
    }
    return key
}

/// What `peg in` and `peg status` share: the main chain's RPC.
struct MainChainConnection: ParsableArguments {
    @Option(help: "The main chain's RPC endpoint, e.g. tcp://127.0.0.1:9401.")
    var mainChainRPC: String

    @Option(help: "How long to wait for each main-chain answer, in milliseconds.")
    var mainChainTimeoutMs = 5_000

    func validate() throws {
        guard (1...60_000).contains(mainChainTimeoutMs) else { throw ValidationError("--main-chain-timeout-ms must be 1...60000") }
    }

    /// A client of the RPC, after checking that it serves the main chain `setup` pegs to.
    func open(_ setup: PegSetup) throws -> DevnetMainChainClient {
        let client = try DevnetMainChainClient(endpoint: mainChainRPC, suite: setup.config.suite, timeoutMs: mainChainTimeoutMs)
        do {
            let genesis = try client.headers(fromHeight: 0, countMax: 1)
            guard genesis.first?.hash(suite: setup.config.suite) == setup.mainChainID else {
                client.close()
                throw ValidationError(
                    "\(mainChainRPC) serves another main chain than the sidechain's genesis pegs to (\(setup.mainChainID))")
            }
        } catch let error as MainChainClientError {
            client.close()
            throw WalletError.mainChain(error)
        }
        return client
    }
}
