import ArgumentParser
import Chain
import Crypto
import Foundation
import Gateway
import Ledger
import LodestoneWire
import Markets
import Matching
import Node
import Primitives

/// `lodestone order place|cancel|replace|mass-cancel|cancel-all|dead-man`: builds and signs requests with a key
/// file and sends them to a node's order-entry gateway (docs/OPERATIONS.md).
struct OrderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "order",
        abstract: "Place, cancel or replace orders through a node's order-entry gateway.",
        subcommands: [Place.self, Cancel.self, Replace.self, MassCancel.self, CancelAll.self, DeadMan.self])
}

/// What every order subcommand needs: the node folder, the signing key, the wait.
struct OrderConnection: ParsableArguments {
    @Option(help: "A node folder (holds node.json and the genesis it names).")
    var dir: String

    @Option(help: "The key file that signs (the order's seller key).")
    var key: String

    @Option(help: "The gateway endpoint; default: gateway_endpoint in node.json.")
    var endpoint: String?

    @Option(help: "How long to wait for the gateway's answer, in milliseconds.")
    var timeoutMs = 5_000

    @Option(help: "The request's client_order_id (1...64 printable ASCII bytes).")
    var clientOrderID = "cli-\(UInt32.random(in: .min ... .max))"

    func validate() throws {
        guard (1...60_000).contains(timeoutMs) else { throw ValidationError("--timeout-ms must be 1...60000") }
    }

    /// Sends `request` and prints the answer; throws (exit code 1) on a refusal.
    func send(_ request: (_ settings: NodeSettings, _ key: any SigningKey) throws -> Lodestone_V1_Request) throws {
        let settings = try NodeSettings.load(directory: dir)
        let signingKey = try KeyFile.signingKey(at: key)
        let endpoint = endpoint ?? settings.configuration.gatewayEndpoint
        guard !endpoint.isEmpty else {
            throw ValidationError("node.json runs no gateway (gateway_endpoint is empty); pass --endpoint")
        }
        let client = try OrderEntryClient(endpoint: endpoint)
        defer { client.close() }
        let response = try client.send(try request(settings, signingKey), timeoutMs: timeoutMs)
        print(ResponseText.lines(response).joined(separator: "\n"))
        if ResponseText.isRefusal(response) { throw ExitCode.failure }
    }
}

/// The new order's terms, shared by `place` and `replace`.
struct OrderTermsOptions: ParsableArguments {
    @Option(help: "The market symbol, e.g. BTC-USDT.")
    var market: String

    @Option(help: "buy or sell.")
    var side: String

    @Option(help: "Limit price in the market's units: quote per whole base unit, e.g. 30010.00 (BTC-USDT).")
    var price: String?

    @Option(help: "Limit price as an exact integer: quote minor units per whole base unit (instead of --price).")
    var priceMinor: UInt64?

    @Option(help: "Size in the market's units: base units, e.g. 0.01 (BTC-USDT).")
    var size: String?

    @Option(help: "Size as an exact integer: base minor units (instead of --size).")
    var sizeMinor: UInt64?

    @Flag(help: "Immediate or cancel: whatever is not filled in its block is returned.")
    var ioc = false

    @Flag(help: "Refused at entry if it would cross the book.")
    var postOnly = false

    @Option(help: "The last block height at which the order may rest.")
    var expiry: UInt64?

    func validate() throws {
        guard ["buy", "sell"].contains(side) else { throw ValidationError("--side must be buy or sell") }
        guard !(ioc && postOnly) else { throw ValidationError("--ioc and --post-only exclude each other") }
        guard (price == nil) != (priceMinor == nil) else { throw ValidationError("give one of --price and --price-minor") }
        guard (size == nil) != (sizeMinor == nil) else { throw ValidationError("give one of --size and --size-minor") }
    }

    /// The price and size in minor units, read exactly and checked against the market's grid
    /// before anything is signed: an off-grid value is refused with the rule it breaks.
    func minorUnits(_ market: MarketDefinition) throws(MarketUnitsError) -> (price: UInt64, size: UInt64) {
        let units = MarketUnits(market)
        // validate() made sure exactly one of each pair is given.
        let exactPrice = if let price { try units.price(price) } else { try units.price(minor: priceMinor ?? 0) }
        let exactSize = if let size { try units.size(size) } else { try units.size(minor: sizeMinor ?? 0) }
        return (exactPrice, exactSize)
    }

    var bookSide: Side { side == "buy" ? .buy : .sell }
    var flags: MagneticOrder.Flags { ioc ? .immediateOrCancel : postOnly ? .postOnly : [] }
}

/// Reads `ID:AMOUNT` (hex output ID, minor units).
func parseCoin(_ text: String) throws -> SpendableCoin {
    let parts = text.split(separator: ":")
    guard parts.count == 2, let id = try? Hash256(hex: String(parts[0])), let amount = UInt64(parts[1]) else {
        throw ValidationError("a coin is OUTPUT_ID:AMOUNT (64 hex digits, minor units), got \(text)")
    }
    return SpendableCoin(id: id, amount: amount)
}

/// Reads a 64-hex-digit order ID.
func parseOrderID(_ text: String) throws -> Hash256 {
    guard let id = try? Hash256(hex: text) else { throw ValidationError("an order ID is 64 hex digits, got \(text)") }
    return id
}

extension OrderCommand {
    struct Place: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign and send an order paid from one coin of the offered asset.",
            discussion: """
                The CLI opens no database: pass the coin to spend with --coin OUTPUT_ID:AMOUNT \
                (the change coin of an earlier order is printed with its ack). Without --coin, \
                the key's genesis allocation of the offered asset is spent (a fresh devnet).
                """)

        @OptionGroup var connection: OrderConnection
        @OptionGroup var terms: OrderTermsOptions

        @Option(help: "The coin to spend: OUTPUT_ID:AMOUNT.")
        var coin: String?

        func run() throws {
            try connection.send { settings, key in
                let builder = try OrderBuilder(config: settings.chain, symbol: terms.market)
                let (price, size) = try terms.minorUnits(builder.market.definition)
                let asset = builder.offeredAsset(terms.bookSide)
                let spent = try coin.map(parseCoin) ?? genesisCoin(settings.chain, key: key, asset: asset)
                let transaction = try builder.order(
                    terms.bookSide, price: price, size: size, flags: terms.flags, expiryHeight: terms.expiry, from: spent, key: key)
                printTerms(terms.bookSide, price: price, size: size, market: builder.market.definition)
                printChange(transaction, config: settings.chain)
                return .place(transaction, clientOrderID: connection.clientOrderID)
            }
        }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel one order by its ID.")

        @OptionGroup var connection: OrderConnection

        @Option(help: "The order's ID (64 hex digits).")
        var orderID: String

        func run() throws {
            try connection.send { settings, key in
                let cancel = try CancelRequest.signed(
                    orderID: try parseOrderID(orderID), chainID: settings.chain.chainID, key: key, suite: settings.chain.suite)
                return .cancel(cancel, clientOrderID: connection.clientOrderID)
            }
        }
    }

    struct MassCancel: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mass-cancel", abstract: "Cancel several orders, each judged alone.")

        @OptionGroup var connection: OrderConnection

        @Option(help: "An order ID (64 hex digits); repeat for each order.")
        var orderID: [String]

        func validate() throws {
            guard (1...WireLimits.maxMassCancels).contains(orderID.count) else {
                throw ValidationError("give 1...\(WireLimits.maxMassCancels) --order-id")
            }
        }

        func run() throws {
            try connection.send { settings, key in
                let cancels = try orderID.map {
                    try CancelRequest.signed(
                        orderID: try parseOrderID($0), chainID: settings.chain.chainID, key: key, suite: settings.chain.suite)
                }
                return .massCancel(cancels, clientOrderID: connection.clientOrderID)
            }
        }
    }

    struct Replace: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cancel a resting order and place its replacement in one transaction.",
            discussion: "--order is the output holding the order now and what it holds: OUTPUT_ID:AMOUNT (the order ID before any fill).")

        @OptionGroup var connection: OrderConnection
        @OptionGroup var terms: OrderTermsOptions

        @Option(help: "The resting order's output: OUTPUT_ID:AMOUNT.")
        var order: String

        func run() throws {
            try connection.send { settings, key in
                let builder = try OrderBuilder(config: settings.chain, symbol: terms.market)
                let (price, size) = try terms.minorUnits(builder.market.definition)
                let transaction = try builder.replace(
                    try parseCoin(order), with: terms.bookSide, price: price, size: size, flags: terms.flags,
                    expiryHeight: terms.expiry, key: key)
                printTerms(terms.bookSide, price: price, size: size, market: builder.market.definition)
                printChange(transaction, config: settings.chain)
                return .replace(transaction, clientOrderID: connection.clientOrderID)
            }
        }
    }
}

/// The key's genesis allocation of `asset`: the coin of a fresh devnet.
func genesisCoin(_ config: ChainConfig, key: any SigningKey, asset: AssetID) throws -> SpendableCoin {
    guard
        let index = config.genesis.allocations.firstIndex(where: {
            config.assetIDs[$0.asset] == asset && $0.program == .payToKey(key.publicKey)
        })
    else {
        throw ValidationError("the key has no genesis coin of that asset; pass --coin OUTPUT_ID:AMOUNT")
    }
    let id = Transaction.outputID(transactionID: config.chainID, index: index, suite: config.suite)
    return SpendableCoin(id: id, amount: config.genesis.allocations[index].amount.units)
}

/// Prints what is signed, in the market's units and in the exact integers the wire carries.
func printTerms(_ side: Side, price: UInt64, size: UInt64, market: MarketDefinition) {
    let units = MarketUnits(market)
    print(
        "\(side == .buy ? "buy" : "sell") \(units.formatSize(size)) \(market.baseAsset) at \(units.formatPrice(price)) "
            + "\(market.quoteAsset) (price \(price), size \(size) in minor units)")
}

/// Prints the change coin (output 1), which pays for the key's next order.
func printChange(_ transaction: Transaction, config: ChainConfig) {
    guard transaction.outputs.count > 1 else { return }
    let id = Transaction.outputID(transactionID: transaction.id(suite: config.suite), index: 1, suite: config.suite)
    print("change coin \(id):\(transaction.outputs[1].amount.units)")
}
