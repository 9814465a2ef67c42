import ArgumentParser
import Chain
import Crypto
import Foundation
import Ledger
import MainChain
import Node
import Peg
import Primitives

extension PegCommand {
    /// `lodestone peg in`: a deposit on the main chain to the federation, naming a sidechain key.
    struct PegIn: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "in",
            abstract: "Deposit a pegged asset on the main chain; the federation mints it on the sidechain.",
            discussion: """
                Spends the key's main-chain coins (listed by the main chain's holder index) into an output locked to the \
                federation named by the sidechain's genesis, naming the sidechain key to mint to (--to, default the same \
                key) and the key's own main-chain pay-to-key as the refund. Unpegged assets and amounts below the \
                asset's minimum deposit are refused here: the federation would only refund them. The federation mints \
                once the deposit's block has K confirmations (K is in the genesis); follow it with `lodestone peg status` \
                and `lodestone balances`.
                """)

        @OptionGroup var mainChain: MainChainConnection

        @Option(help: "The key file that owns the main-chain coins and signs the deposit.")
        var key: String

        @Option(help: "The pegged asset's symbol, e.g. BTC.")
        var asset: String

        @Option(help: "How much, in the asset's units, e.g. 0.5 (BTC).")
        var amount: String

        @Option(help: "The sidechain public key (hex) to mint to; default the signing key's.")
        var to: String?

        @Option(help: "A sidechain node folder (its genesis gives the peg terms).")
        var dir: String?

        @Option(help: "The sidechain's genesis file (instead of --dir).")
        var genesis: String?

        func validate() throws {
            guard (dir == nil) != (genesis == nil) else { throw ValidationError("give exactly one of --dir and --genesis") }
        }

        func run() throws {
            let config = try sidechainConfig(dir: dir, genesis: genesis)
            let setup = try PegSetup(config: config)
            let (assetID, units) = try setup.amount(amount, of: asset, checkMinimum: true)
            let signingKey = try KeyFile.signingKey(at: key)
            let destination = try to.map { try parsePegKey($0, option: "--to", suite: config.suite) } ?? signingKey.publicKey
            let client = try mainChain.open(setup)
            defer { client.close() }
            let deposit: DepositBuilder.Deposit
            do {
                let coins = try client.allOutputs(heldBy: .payToKey(signingKey.publicKey))
                deposit = try DepositBuilder(terms: setup.terms, mainChainID: setup.mainChainID).deposit(
                    asset: assetID, amount: units, destination: .payToKey(destination), from: coins, key: signingKey)
                _ = try client.submit(transaction: deposit.transaction)
            } catch let error as MainChainClientError {
                throw WalletError.mainChain(error)
            }
            print("deposit output \(deposit.outputID)")
            print("main-chain transaction \(deposit.transactionID)")
            print(
                "\(setup.format(units.units, asset)) to sidechain key \(destination); minted after \(setup.peg.confirmationsRequired) "
                    + "main-chain confirmation(s)")
            if deposit.transaction.outputs.count > 1 {
                let change = Transaction.outputID(transactionID: deposit.transactionID, index: 1, suite: config.suite)
                print("change \(change):\(deposit.transaction.outputs[1].amount.units)")
            }
        }
    }
}

/// The sidechain's configuration from a node folder or a genesis file.
func sidechainConfig(dir: String?, genesis: String?) throws -> ChainConfig {
    if let genesis { return try GenesisFile.load(path: genesis).config(path: genesis) }
    return try NodeSettings.load(directory: dir ?? "").chain
}
