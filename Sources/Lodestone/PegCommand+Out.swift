import ArgumentParser
import Chain
import Crypto
import Foundation
import Gateway
import Ledger
import LodestoneWire
import Node
import Peg
import Primitives

extension PegCommand {
    /// `lodestone peg out`: a burn on the sidechain that the federation pays on the main chain.
    struct PegOut: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "out",
            abstract: "Burn a pegged asset on the sidechain; the federation pays it on the main chain.",
            discussion: """
                Lists the key's sidechain coins of the asset through the node's gateway (the coin index), signs a \
                transaction whose output 0 is a cross-chain-out burn to the main-chain pay-to-key of --to, with change \
                back to the key, and hands it to the node's intake. Once the burn's block is final the federation pays \
                it on the main chain exactly once, keyed by the burn's output ID (printed).
                """)

        @Option(help: "A sidechain node folder (holds node.json and the genesis it names).")
        var dir: String

        @Option(help: "The key file that owns the sidechain coins and signs the burn.")
        var key: String

        @Option(help: "The pegged asset's symbol, e.g. BTC.")
        var asset: String

        @Option(help: "How much, in the asset's units, e.g. 0.5 (BTC).")
        var amount: String

        @Option(help: "The main-chain public key (hex) the federation pays.")
        var to: String

        @Option(help: "The gateway endpoint; default: gateway_endpoint in node.json.")
        var endpoint: String?

        @Option(help: "How long to wait for each answer, in milliseconds.")
        var timeoutMs = 5_000

        /// Most coin pages read (500 coins each).
        static let coinPagesMax = 20

        func validate() throws {
            guard (1...60_000).contains(timeoutMs) else { throw ValidationError("--timeout-ms must be 1...60000") }
        }

        func run() throws {
            let settings = try NodeSettings.load(directory: dir)
            let setup = try PegSetup(config: settings.chain)
            let (assetID, units) = try setup.amount(amount, of: asset, checkMinimum: false)
            let address = try parsePegKey(to, option: "--to", suite: settings.chain.suite)
            let signingKey = try KeyFile.signingKey(at: key)
            let coins = try sidechainCoins(settings, key: signingKey.publicKey, asset: assetID)
            let burn = try BurnBuilder(terms: setup.terms).burn(
                asset: assetID, amount: units, mainChainAddress: .payToKey(address), from: coins, key: signingKey)
            let intake = try IntakeClient(endpoint: settings.configuration.intakeEndpoint)
            defer { intake.close() }
            if case .rejected(let rejection) = try intake.submit(burn.transaction, timeoutMs: timeoutMs) {
                print("rejected \(rejection.code) \(rejection.name): \(rejection.message)")
                throw ExitCode.failure
            }
            print("burn output \(burn.burnOutputID)")
            print("sidechain transaction \(burn.transactionID)")
            print("\(setup.format(units.units, asset)) to main-chain key \(address); paid by the federation once the burn is final")
            if burn.transaction.outputs.count > 1 {
                let change = Transaction.outputID(transactionID: burn.transactionID, index: 1, suite: settings.chain.suite)
                print("change \(change):\(burn.transaction.outputs[1].amount.units)")
            }
        }

        /// The key's spendable coins of `asset` from the gateway's coin index (resting orders left out).
        private func sidechainCoins(_ settings: NodeSettings, key: PublicKey, asset: AssetID) throws -> [SidechainCoin] {
            let endpoint = endpoint ?? settings.configuration.gatewayEndpoint
            guard !endpoint.isEmpty else {
                throw ValidationError("node.json runs no gateway (gateway_endpoint is empty); pass --endpoint")
            }
            let client = try OrderEntryClient(endpoint: endpoint)
            defer { client.close() }
            var request = Lodestone_V1_CoinsQuery()
            request.publicKey = Data(key.bytes)
            request.asset = Data(asset.hash.bytes)
            request.limit = UInt32(WireLimits.coinsPageMax)
            var coins: [SidechainCoin] = []
            for page in 1...Self.coinPagesMax {
                let response = try client.send(
                    Lodestone_V1_Request(clientOrderID: "peg-out-coins-\(page)", .coins(request)), timeoutMs: timeoutMs)
                guard case .coins(let answer)? = response.result else {
                    print(ResponseText.lines(response).joined(separator: "\n"))
                    throw ExitCode.failure
                }
                for coin in answer.coins where coin.orderID.isEmpty && [UInt8](coin.asset) == asset.hash.bytes {
                    guard let id = try? Hash256(bytes: [UInt8](coin.outputID)) else { continue }
                    coins.append(SidechainCoin(outputID: id, asset: asset, amount: Amount(coin.amount)))
                }
                guard !answer.nextAfter.isEmpty else { break }
                request.after = answer.nextAfter
            }
            return coins
        }
    }
}
