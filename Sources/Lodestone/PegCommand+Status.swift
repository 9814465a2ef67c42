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
    /// `lodestone peg status`: the sidechain's peg view, and with the main chain's RPC the
    /// federation's holdings next to the sidechain's supply of each pegged asset.
    struct PegStatus: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Show the peg: main-chain headers and supply on the sidechain; with --main-chain-rpc, what the federation holds.",
            discussion: """
                The federation holds, on the main chain, its deposits (outputs locked to it) and its change (its plain \
                multisig). Supply on the sidechain of a pegged asset equals what the federation holds once every deposit \
                is minted or refunded and every burn paid: a deposit waiting for its K confirmations, or a burn waiting \
                for its payment, shows as a difference until then.
                """)

        @Option(help: "A sidechain node folder (asks its node, or reads its data folder if it is not running).")
        var dir: String

        @Option(help: "The main chain's RPC endpoint; adds the main-chain tip and the federation's holdings.")
        var mainChainRPC: String?

        @Option(help: "How long to wait for each answer, in milliseconds.")
        var timeoutMs = 5_000

        @Flag(help: "Exit with status 1 when a pegged asset's holdings and supply differ.")
        var requireMatch = false

        func validate() throws {
            guard (1...60_000).contains(timeoutMs) else { throw ValidationError("--timeout-ms must be 1...60000") }
            guard !requireMatch || mainChainRPC != nil else { throw ValidationError("--require-match needs --main-chain-rpc") }
        }

        func run() throws {
            let settings = try NodeSettings.load(directory: dir)
            let setup = try PegSetup(config: settings.chain)
            let status = try nodeStatus(settings)
            let supply = status.peg?.supply ?? [:]
            print(status.pegLine ?? "peg: the node reports no peg view")
            print(
                "federation \(setup.peg.federation.threshold)-of-\(setup.peg.federation.keys.count)  K \(setup.peg.confirmationsRequired)"
                    + "  main chain \(setup.mainChainID)")
            guard let mainChainRPC else {
                for asset in setup.peg.peggedAssets {
                    print("\(asset.symbol)  sidechain supply \(setup.format(supply[asset.symbol] ?? 0, asset.symbol))")
                }
                return
            }
            let connection = try MainChainConnection.parse(["--main-chain-rpc", mainChainRPC, "--main-chain-timeout-ms", "\(timeoutMs)"])
            let client = try connection.open(setup)
            defer { client.close() }
            let tip: MainChainTip
            let held: [HeldOutput]
            do {
                tip = try client.best()
                held = try client.allOutputs(heldBy: setup.peg.federation.multisigProgram)
            } catch {
                throw WalletError.mainChain(error)
            }
            print("main-chain tip \(tip.height) \(tip.hash)")
            var holdings: [AssetID: UInt64] = [:]
            for output in held {
                let (sum, overflow) = holdings[output.record.output.asset, default: 0].addingReportingOverflow(
                    output.record.output.amount.units)
                holdings[output.record.output.asset] = overflow ? .max : sum
            }
            var allMatch = true
            for asset in setup.peg.peggedAssets {
                guard let id = setup.config.assetIDs[asset.symbol] else { continue }
                let onMain = holdings[id] ?? 0
                let onSide = supply[asset.symbol] ?? 0
                let verdict: String
                if onMain == onSide {
                    verdict = "match"
                } else {
                    allMatch = false
                    let (more, difference) = onMain > onSide ? ("more", onMain - onSide) : ("less", onSide - onMain)
                    verdict =
                        "DIFFER: the federation holds \(setup.format(difference, asset.symbol)) \(more) (pending mints, refunds or payments?)"
                }
                print(
                    "\(asset.symbol)  federation holds \(setup.format(onMain, asset.symbol)) in \(held.filter { $0.record.output.asset == id }.count) output(s)"
                        + "  sidechain supply \(setup.format(onSide, asset.symbol))  \(verdict)")
            }
            if requireMatch && !allMatch { throw ExitCode.failure }
        }

        /// The node's status: asked at its intake, or read from its folder when it does not answer.
        private func nodeStatus(_ settings: NodeSettings) throws -> NodeStatus {
            let endpoint = settings.configuration.intakeEndpoint
            if endpoint.hasSuffix(":*") { return try NodeStatus.stored(settings) }
            do {
                let client = try IntakeClient(endpoint: endpoint)
                defer { client.close() }
                return try client.status(timeoutMs: timeoutMs)
            } catch NodeError.intakeNoReply {
                return try NodeStatus.stored(settings)
            }
        }
    }
}
