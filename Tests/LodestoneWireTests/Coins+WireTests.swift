import Foundation
import LodestoneWire
import Testing

@Suite("Coins and balances: the query and answer shapes the gateway and clients accept")
struct CoinsWireTests {
    static let key = Data(repeating: 2, count: 32)
    static let asset = WireFixtures.id(0xA5)

    static func coins(asset: Data = Data(), after: Data = Data(), limit: UInt32 = 500, key: Data = key) -> Lodestone_V1_Request {
        WireFixtures.request(
            "coins",
            .coins(
                .with {
                    $0.publicKey = key
                    $0.asset = asset
                    $0.after = after
                    $0.limit = limit
                }))
    }

    static func coin(_ byte: UInt8, order: Bool = false) -> Lodestone_V1_Coin {
        .with {
            $0.outputID = WireFixtures.id(byte)
            $0.asset = asset
            $0.amount = UInt64(byte) + 1
            if order { $0.orderID = WireFixtures.id(byte) }
        }
    }

    static func message(_ result: Lodestone_V1_Response.OneOf_Result) -> Lodestone_V1_ServerMessage {
        .with { $0.kind = .response(WireFixtures.response("q", result)) }
    }

    @Test("a coins query round-trips at its limits: any key of 1...65 bytes, an asset, a 64-byte cursor in that asset, 1...500 coins")
    func coinsQueryAccepted() throws {
        for request in [
            Self.coins(), Self.coins(limit: 1), Self.coins(key: Data([7])), Self.coins(key: Data(repeating: 4, count: 65)),
            Self.coins(asset: Self.asset, after: Self.asset + WireFixtures.id(9)), Self.coins(after: Data(repeating: 0xFF, count: 64)),
        ] {
            #expect(try roundTrip(request) == request)
        }
    }

    @Test("a coins query's bad shapes are refused with their field: key length, asset length, cursor length and asset, page size")
    func coinsQueryRefused() throws {
        try expectRefused(Self.coins(key: Data()), .invalidLength, field: "coins.public_key")
        try expectRefused(Self.coins(key: Data(repeating: 1, count: 66)), .invalidLength, field: "coins.public_key")
        try expectRefused(Self.coins(asset: Data(repeating: 1, count: 31)), .invalidLength, field: "coins.asset")
        try expectRefused(Self.coins(after: Data(repeating: 1, count: 32)), .invalidLength, field: "coins.after")
        try expectRefused(
            Self.coins(asset: Self.asset, after: WireFixtures.id(1) + WireFixtures.id(2)), .invalidValue, field: "coins.after")
        try expectRefused(Self.coins(limit: 0), .invalidValue, field: "coins.limit")
        try expectRefused(Self.coins(limit: UInt32(WireLimits.coinsPageMax) + 1), .invalidValue, field: "coins.limit")
    }

    @Test("a balances query needs a key of 1...65 bytes")
    func balancesQuery() throws {
        let good = WireFixtures.request("b", .balances(.with { $0.publicKey = Self.key }))
        #expect(try roundTrip(good) == good)
        try expectRefused(WireFixtures.request("b", .balances(.with { _ in })), .invalidLength, field: "balances.public_key")
    }

    @Test("a Coins answer of 500 coins with a cursor fits the server message bound; 501 coins, a zero amount or a short ID are refused")
    func coinsAnswer() throws {
        let full = Lodestone_V1_Coins.with {
            $0.coins = (0..<WireLimits.coinsPageMax).map { Self.coin(UInt8(truncatingIfNeeded: $0), order: $0 % 2 == 0) }
            $0.nextAfter = Self.asset + WireFixtures.id(0xFF)
            $0.height = 9
        }
        let message = Self.message(.coins(full))
        #expect(try roundTrip(message) == message)
        #expect(try message.wireBytes().count < WireLimits.maxServerMessageBytes)
        var over = full
        over.coins.append(Self.coin(1))
        try expectRefused(Self.message(.coins(over)), .tooManyItems, field: "response.coins.coins")
        var zero = full
        zero.coins[3].amount = 0
        try expectRefused(Self.message(.coins(zero)), .invalidValue, field: "response.coins.coins[3].amount")
        var short = full
        short.coins[0].outputID = Data(repeating: 1, count: 31)
        try expectRefused(Self.message(.coins(short)), .invalidLength, field: "response.coins.coins[0].output_id")
        var cursor = full
        cursor.nextAfter = WireFixtures.id(1)
        try expectRefused(Self.message(.coins(cursor)), .invalidLength, field: "response.coins.next_after")
    }

    @Test("a Balances answer lists assets in increasing order without repeats, at most 1024")
    func balancesAnswer() throws {
        let entries = (1...3).map { byte in
            Lodestone_V1_AssetBalance.with {
                $0.asset = WireFixtures.id(UInt8(byte))
                $0.free = 5
            }
        }
        let good = Self.message(
            .balances(
                .with {
                    $0.assets = entries
                    $0.height = 4
                }))
        #expect(try roundTrip(good) == good)
        try expectRefused(
            Self.message(.balances(.with { $0.assets = entries.reversed() })), .invalidValue, field: "response.balances.assets[1].asset")
        try expectRefused(
            Self.message(.balances(.with { $0.assets = [entries[0], entries[0]] })), .invalidValue,
            field: "response.balances.assets[1].asset")
        let many = (0...WireLimits.maxBalanceAssets).map { index in
            Lodestone_V1_AssetBalance.with { $0.asset = Data([UInt8(index >> 8), UInt8(index & 0xFF)] + [UInt8](repeating: 0, count: 30)) }
        }
        try expectRefused(Self.message(.balances(.with { $0.assets = many })), .tooManyItems, field: "response.balances.assets")
        var badAsset = entries
        badAsset[0].asset = Data([1])
        try expectRefused(
            Self.message(.balances(.with { $0.assets = badAsset })), .invalidLength, field: "response.balances.assets[0].asset")
    }
}
