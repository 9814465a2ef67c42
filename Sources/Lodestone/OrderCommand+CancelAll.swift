import ArgumentParser
import Chain
import Gateway
import LodestoneWire
import Node

extension OrderCommand {
    /// `lodestone order cancel-all [--market SYMBOL] [--up-to-height H]`.
    struct CancelAll: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cancel-all",
            abstract: "Cancel every order of the key (in one market, or all) created up to a height, with one signature.")

        @OptionGroup var connection: OrderConnection

        @Option(help: "Only this market's orders, e.g. BTC-USDT; default: every market.")
        var market: String?

        @Option(help: "Cancel orders created at or below this height; default: the next block's (everything sent so far).")
        var upToHeight: UInt64?

        func run() throws {
            try connection.send { settings, key in
                let bound = try upToHeight ?? connection.tipHeight(settings) + 1
                let request = try CancelAllRequest.signed(
                    market: try marketIndex(market, settings), createdUpToHeight: bound, chainID: settings.chain.chainID, key: key,
                    suite: settings.chain.suite)
                return .cancelAll(request, clientOrderID: connection.clientOrderID)
            }
        }
    }

    /// `lodestone order dead-man --in-blocks N [--market SYMBOL]`.
    struct DeadMan: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dead-man",
            abstract: "Arm or refresh a dead-man switch: the chain cancels the key's orders N blocks from now unless refreshed.")

        @OptionGroup var connection: OrderConnection

        @Option(help: "Blocks from the node's tip to the trigger: 2...\(DeadManSwitch.horizonBlocks).")
        var inBlocks: UInt64

        @Option(help: "Only this market's orders, e.g. BTC-USDT; default: every market.")
        var market: String?

        func validate() throws {
            // The switch must land in a block below its trigger: at least the next one.
            guard (2...DeadManSwitch.horizonBlocks).contains(inBlocks) else {
                throw ValidationError("--in-blocks must be 2...\(DeadManSwitch.horizonBlocks)")
            }
        }

        func run() throws {
            try connection.send { settings, key in
                let deadMan = try DeadManSwitch.signed(
                    market: try marketIndex(market, settings), triggerHeight: try connection.tipHeight(settings) + inBlocks,
                    chainID: settings.chain.chainID, key: key, suite: settings.chain.suite)
                return .deadManSwitch(deadMan, clientOrderID: connection.clientOrderID)
            }
        }
    }
}

extension OrderConnection {
    /// The node's tip height, asked of its intake.
    func tipHeight(_ settings: NodeSettings) throws -> UInt64 {
        let client = try IntakeClient(endpoint: settings.configuration.intakeEndpoint)
        defer { client.close() }
        return try client.status(timeoutMs: timeoutMs).height
    }
}

/// The index of the market `symbol` names (nil for none given).
func marketIndex(_ symbol: String?, _ settings: NodeSettings) throws -> UInt32? {
    guard let symbol else { return nil }
    guard let market = settings.chain.markets.first(where: { $0.symbol == symbol }) else {
        throw ValidationError("no market \(symbol) on this chain")
    }
    return UInt32(market.index)
}
