import Chain
import Foundation
import Node
import Testing

@Suite("Genesis file: devnet genesis converts to the chain's Genesis; bad files name file and field")
struct GenesisFileTests {
    /// The devnet's genesis.json as a JSON object, for mutation.
    func genesisJSON(_ devnet: TestDevnet) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: devnet.layout.genesisPath))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func write(_ json: [String: Any], to path: String) throws {
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
    }

    @Test("the devnet genesis lists LODE, BTC, USDT, ETH, funds every trader in each, and carries the shipped markets")
    func devnetGenesis() throws {
        let devnet = try TestDevnet(traders: 3)
        let config = try GenesisFile.load(path: devnet.layout.genesisPath).config(path: devnet.layout.genesisPath)
        #expect(config.genesis.assets.map(\.symbol) == ["LODE", "BTC", "USDT", "ETH"])
        #expect(config.genesis.nativeAsset == "LODE")
        #expect(config.genesis.allocations.count == 3 * 4)
        #expect(config.markets.map(\.symbol) == ["BTC-USDT", "ETH-BTC", "ETH-USDT"])
        #expect(config.genesis.blockIntervalMs == 100)
        #expect(config.genesis.validators == [TestDevnet.key("validator").publicKey])
    }

    @Test("the same keys and time give the same chain ID: every node derives the chain from the file alone")
    func chainIDIsStable() throws {
        let first = try TestDevnet(), second = try TestDevnet()
        let a = try first.settings().chain.chainID, b = try second.settings().chain.chainID
        #expect(a == b)
    }

    /// Breaks `field` of a devnet genesis.
    static func breakField(_ field: String, in json: inout [String: Any]) {
        switch field {
        case "chain_name": json["chain_name"] = nil
        case "block_interval_ms": json["block_interval_ms"] = 0
        case "allocations[1].amount": edit(&json, "allocations", 1) { $0["amount"] = "lots" }
        case "allocations[0].amount": edit(&json, "allocations", 0) { $0["amount"] = 0 }
        case "allocations[2].asset": edit(&json, "allocations", 2) { $0["asset"] = "DOGE" }
        case "validators[0]": json["validators"] = ["zz"]
        case "fee_collector": json["fee_collector"] = String(repeating: "00", count: 32)
        case "native_asset": json["native_asset"] = "XYZ"
        case "markets[0].tick_size": edit(&json, "markets", 0) { $0["tick_size"] = 0 }
        case "markets[1].status": edit(&json, "markets", 1) { $0["status"] = "open" }
        case "markets[2].base_decimals": edit(&json, "markets", 2) { $0["base_decimals"] = 6 }
        case "assets[1].symbol": edit(&json, "assets", 1) { $0["symbol"] = "LODE" }
        default: Issue.record("no way to break \(field)")
        }
    }

    @Test("each broken field is config_invalid (9002) naming the file and the field", arguments: [
        "chain_name", "block_interval_ms", "allocations[1].amount", "allocations[0].amount", "allocations[2].asset",
        "validators[0]", "fee_collector", "native_asset", "markets[0].tick_size", "markets[1].status",
        "markets[2].base_decimals", "assets[1].symbol",
    ])
    func brokenField(field: String) throws {
        let devnet = try TestDevnet()
        var json = try genesisJSON(devnet)
        Self.breakField(field, in: &json)
        let path = devnet.layout.genesisPath
        try write(json, to: path)
        let error = try #require(throws: NodeError.self) { try GenesisFile.load(path: path).config(path: path) }
        guard case let .configInvalid(errorPath, errorField, _) = error else {
            Issue.record("expected config_invalid, got \(error)")
            return
        }
        #expect(error.code == 9002)
        #expect(errorPath == path)
        #expect(errorField == field)
        #expect(error.message.contains(path) && error.message.contains(field))
    }

    @Test("a missing file is config_unreadable (9001) naming it; text that is not JSON is config_invalid")
    func unreadable() throws {
        let devnet = try TestDevnet(create: false)
        let path = devnet.directory + "/nowhere.json"
        #expect(throws: NodeError.configUnreadable(path: path, reason: "no such file")) { try GenesisFile.load(path: path) }
        try FileManager.default.createDirectory(atPath: devnet.directory, withIntermediateDirectories: true)
        try Data("{ not json".utf8).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: NodeError.self) { try GenesisFile.load(path: path) }
        #expect(error.code == 9002)
    }

    @Test("allocations of one asset summing past 2^64-1 are config_invalid naming the allocation and the asset; the same total spread over two assets is fine")
    func supplyOverflow() throws {
        let devnet = try TestDevnet()
        var json = try genesisJSON(devnet)
        let allocations = try #require(json["allocations"] as? [[String: Any]])
        let btc = allocations.indices.filter { allocations[$0]["asset"] as? String == "BTC" }
        try #require(btc.count >= 2)
        let half = UInt64.max / 2 + 1
        for index in btc.prefix(2) { Self.edit(&json, "allocations", index) { $0["amount"] = NSNumber(value: half) } }
        try write(json, to: devnet.layout.genesisPath)
        let file = try GenesisFile.load(path: devnet.layout.genesisPath)
        let error = try #require(throws: NodeError.self) { try file.genesis(path: devnet.layout.genesisPath) }
        guard case let .configInvalid(_, field, reason) = error else {
            Issue.record("expected config_invalid, got \(error)")
            return
        }
        #expect(field == "allocations[\(btc[1])].amount")
        #expect(reason.contains("BTC"))

        let usdt = try #require(allocations.indices.first { allocations[$0]["asset"] as? String == "USDT" })
        Self.edit(&json, "allocations", btc[1]) { $0["amount"] = NSNumber(value: UInt64(1)) }
        Self.edit(&json, "allocations", usdt) { $0["amount"] = NSNumber(value: half) }
        try write(json, to: devnet.layout.genesisPath)
        _ = try GenesisFile.load(path: devnet.layout.genesisPath).genesis(path: devnet.layout.genesisPath)
    }

    static func edit(_ json: inout [String: Any], _ list: String, _ index: Int, _ change: (inout [String: Any]) -> Void) {
        var items = json[list] as! [[String: Any]]
        change(&items[index])
        json[list] = items
    }
}
