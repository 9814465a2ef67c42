import Foundation
import Node
import Testing

/// Foundation's JSONDecoder reports a number its type cannot hold with an empty coding path;
/// every such value must still be refused with the key it sits at.
@Suite("Config JSON: a negative, fractional or over-range number, or a wrong type, names its key")
struct JSONConfigTests {
    /// Writes `text` as node.json of a fresh folder and loads it.
    func loadNode(_ text: String) throws -> NodeConfiguration {
        let devnet = try TestDevnet(create: false)
        try FileManager.default.createDirectory(atPath: devnet.directory, withIntermediateDirectories: true)
        let path = devnet.directory + "/node.json"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return try NodeConfiguration.load(path: path)
    }

    /// The config_invalid field of `error`, or nil (recorded as an issue).
    func field(of error: NodeError) -> String? {
        guard case let .configInvalid(_, field, _) = error else {
            Issue.record("expected config_invalid, got \(error)")
            return nil
        }
        return field
    }

    @Test("node.json: each bad number is config_invalid naming the key, with what was found and the accepted range", arguments: [
        (#"{"intake_queue_capacity": -1}"#, "intake_queue_capacity", "-1"),
        (#"{"intake_queue_capacity": 1.5}"#, "intake_queue_capacity", "1.5"),
        (#"{"intake_queue_capacity": 1e30}"#, "intake_queue_capacity", "is not a whole number"),
        (#"{"mempool_max_bytes": 99999999999999999999}"#, "mempool_max_bytes", "is not a whole number"),
        (#"{"gateway_rate_per_second": -5}"#, "gateway_rate_per_second", "0...18446744073709551615"),
        (#"{"gateway_burst": 0.25}"#, "gateway_burst", "0.25"),
        (#"{"feed_heartbeat_ms": "soon"}"#, "feed_heartbeat_ms", "whole number"),
        (#"{"log_level": 3}"#, "log_level", "a string"),
    ])
    func nodeNumbers(text: String, key: String, reason: String) throws {
        let error = try #require(throws: NodeError.self) { try loadNode(text) }
        #expect(field(of: error) == key)
        #expect(error.message.contains(reason), "\(error.message)")
        #expect(!error.message.contains("(top level)"))
    }

    /// The devnet's genesis.json with `value` (raw JSON text) at `path`: a key, or
    /// `list[index].key`.
    func genesisText(_ devnet: TestDevnet, _ path: (list: String?, index: Int, key: String), _ value: String) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: devnet.layout.genesisPath))
        var json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let marker = "__replaced__"
        if let list = path.list {
            var items = try #require(json[list] as? [[String: Any]])
            items[path.index][path.key] = marker
            json[list] = items
        } else {
            json[path.key] = marker
        }
        let text = String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self)
        return text.replacingOccurrences(of: "\"\(marker)\"", with: value)
    }

    @Test("genesis.json: each bad number is config_invalid naming its key, also inside lists", arguments: [
        ("timestamp_ms", nil, 0, "-1", "timestamp_ms"),
        ("block_interval_ms", nil, 0, "100.5", "block_interval_ms"),
        ("suite", nil, 0, "256", "suite"),
        ("amount", "allocations", 1, "-7", "allocations[1].amount"),
        ("amount", "allocations", 2, "18446744073709551616", "allocations[2].amount"),
        ("decimals", "assets", 0, "300", "assets[0].decimals"),
        ("tick_size", "markets", 0, "-5", "markets[0].tick_size"),
        ("maker_fee_bps", "markets", 1, "70000", "markets[1].maker_fee_bps"),
        ("min_price_ticks", "markets", 0, "1.25", "markets[0].min_price_ticks"),
    ] as [(String, String?, Int, String, String)])
    func genesisNumbers(key: String, list: String?, index: Int, value: String, expected: String) throws {
        let devnet = try TestDevnet()
        let text = try genesisText(devnet, (list, index, key), value)
        try Data(text.utf8).write(to: URL(fileURLWithPath: devnet.layout.genesisPath))
        let error = try #require(throws: NodeError.self) { try GenesisFile.load(path: devnet.layout.genesisPath) }
        #expect(field(of: error) == expected, "\(error.message)")
        #expect(error.message.contains(devnet.layout.genesisPath))
    }
}
