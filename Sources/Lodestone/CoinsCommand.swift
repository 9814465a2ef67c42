import ArgumentParser
import Chain
import Crypto
import Foundation
import Gateway
import LodestoneWire
import Node
import Primitives

/// `lodestone coins` and `lodestone balances`: a key's unspent outputs and holdings per
/// asset, read from a node's coin index over its order-entry gateway (docs/PROTOCOL.md §8.2).
struct CoinsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coins",
        abstract: "List the unspent outputs a key can spend (from the node's coin index).")

    @OptionGroup var query: HoldingsQueryOptions

    @Option(help: "Only this asset (symbol, e.g. BTC).")
    var asset: String?

    @Option(help: "Coins per page, 1...500.")
    var limit: UInt32 = 500

    @Option(help: "Most pages to read (each one request); the command stops there and prints the next cursor.")
    var pagesMax = 100

    func validate() throws {
        guard (1...UInt32(WireLimits.coinsPageMax)).contains(limit) else { throw ValidationError("--limit must be 1...500") }
        guard (1...10_000).contains(pagesMax) else { throw ValidationError("--pages-max must be 1...10000") }
    }

    func run() throws {
        let context = try query.open()
        defer { context.client.close() }
        var request = Lodestone_V1_CoinsQuery()
        request.publicKey = Data(context.key.bytes)
        request.limit = limit
        if let asset {
            guard let id = context.settings.chain.assetIDs[asset] else { throw ValidationError("the chain has no asset \(asset)") }
            request.asset = Data(id.hash.bytes)
        }
        var count = 0
        for page in 1...pagesMax {
            let response = try context.client.send(
                Lodestone_V1_Request(clientOrderID: "coins-\(page)", .coins(request)), timeoutMs: query.timeoutMs)
            guard case .coins(let coins)? = response.result else {
                print(ResponseText.lines(response).joined(separator: "\n"))
                throw ExitCode.failure
            }
            for coin in coins.coins {
                let order = coin.orderID.isEmpty ? "" : " order \(Hex.encode([UInt8](coin.orderID)))"
                print("\(Hex.encode([UInt8](coin.outputID))) \(coin.amount) \(context.assetName(coin.asset))\(order)")
            }
            count += coins.coins.count
            guard !coins.nextAfter.isEmpty else {
                print("\(count) coins at height \(coins.height)")
                return
            }
            request.after = coins.nextAfter
        }
        print("\(count) coins so far; more after \(Hex.encode([UInt8](request.after)))")
    }
}

/// `lodestone balances`.
struct BalancesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "balances",
        abstract: "A key's holdings per asset: free, in orders, and pending in the node's pool.")

    @OptionGroup var query: HoldingsQueryOptions

    func run() throws {
        let context = try query.open()
        defer { context.client.close() }
        var request = Lodestone_V1_BalancesQuery()
        request.publicKey = Data(context.key.bytes)
        let response = try context.client.send(
            Lodestone_V1_Request(clientOrderID: "balances", .balances(request)), timeoutMs: query.timeoutMs)
        guard case .balances(let balances)? = response.result else {
            print(ResponseText.lines(response).joined(separator: "\n"))
            throw ExitCode.failure
        }
        print("height \(balances.height)")
        for entry in balances.assets {
            print(
                "\(context.assetName(entry.asset)) free \(entry.free) in_orders \(entry.inOrders) pending_in \(entry.pendingIn) pending_out \(entry.pendingOut)"
            )
        }
    }
}

/// What `coins` and `balances` share: the node folder, the key, the wait.
struct HoldingsQueryOptions: ParsableArguments {
    @Option(help: "A node folder (holds node.json and the genesis it names).")
    var dir: String

    @Option(help: "A key file, or a public key in hex.")
    var key: String

    @Option(help: "The gateway endpoint; default: gateway_endpoint in node.json.")
    var endpoint: String?

    @Option(help: "How long to wait for each answer, in milliseconds.")
    var timeoutMs = 5_000

    func validate() throws {
        guard (1...60_000).contains(timeoutMs) else { throw ValidationError("--timeout-ms must be 1...60000") }
    }

    /// The node's settings, the key and a connected client.
    func open() throws -> HoldingsQueryContext {
        let settings = try NodeSettings.load(directory: dir)
        let publicKey: PublicKey
        if FileManager.default.fileExists(atPath: key) {
            publicKey = try KeyFile.signingKey(at: key).publicKey
        } else {
            guard let bytes = try? Hex.decode(key), !bytes.isEmpty else {
                throw ValidationError("--key \(key) is neither a key file nor a public key in hex")
            }
            publicKey = try PublicKey(bytes: bytes)
        }
        let endpoint = endpoint ?? settings.configuration.gatewayEndpoint
        guard !endpoint.isEmpty else {
            throw ValidationError("node.json runs no gateway (gateway_endpoint is empty); pass --endpoint")
        }
        return HoldingsQueryContext(settings: settings, key: publicKey, client: try OrderEntryClient(endpoint: endpoint))
    }
}

/// An open query session.
struct HoldingsQueryContext {
    let settings: NodeSettings
    let key: PublicKey
    let client: OrderEntryClient

    /// The asset's symbol in the chain's genesis, or its ID in hex.
    func assetName(_ bytes: Data) -> String {
        let symbols = settings.chain.assetIDs.first { $0.value.hash.bytes == [UInt8](bytes) }
        return symbols?.key ?? Hex.encode([UInt8](bytes))
    }
}
