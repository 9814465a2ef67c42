import Foundation
import Node
import Testing

@Suite("node.json: defaults for missing keys, every limit bounded, bad values named")
struct NodeConfigurationTests {
    func load(_ text: String) throws -> NodeConfiguration {
        let devnet = try TestDevnet(create: false)
        try FileManager.default.createDirectory(atPath: devnet.directory, withIntermediateDirectories: true)
        let path = devnet.directory + "/node.json"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return try NodeConfiguration.load(path: path)
    }

    @Test("an empty object gives every default")
    func defaults() throws {
        #expect(try load("{}") == NodeConfiguration())
        #expect(NodeConfiguration().intakeEndpoint == "tcp://127.0.0.1:7401")
    }

    @Test("a written configuration reads back equal")
    func roundTrip() throws {
        var configuration = NodeConfiguration()
        configuration.intakeQueueCapacity = 17
        configuration.logLevel = "debug"
        let text = String(decoding: try JSONEncoder().encode(configuration), as: UTF8.self)
        #expect(try load(text) == configuration)
    }

    @Test("a value outside its bounds, a wrong type, an unknown log level: each config_invalid naming the key", arguments: [
        (#"{"intake_queue_capacity": 0}"#, "intake_queue_capacity"),
        (#"{"block_max_transactions": 1000000}"#, "block_max_transactions"),
        (#"{"mempool_max_bytes": 5}"#, "mempool_max_bytes"),
        (#"{"intake_endpoint": "udp://x"}"#, "intake_endpoint"),
        (#"{"log_level": "loud"}"#, "log_level"),
        (#"{"data_dir": 7}"#, "data_dir"),
        (#"{"data_dir": ""}"#, "data_dir"),
        (#"{"intake_endpoint": "tcp://127.0.0.1:70000"}"#, "intake_endpoint"),
        (#"{"feed_endpoint": "tcp://127.0.0.1:0"}"#, "feed_endpoint"),
        (#"{"snapshot_endpoint": "tcp://:7422"}"#, "snapshot_endpoint"),
        (#"{"gateway_endpoint": "tcp://127.0.0.1"}"#, "gateway_endpoint"),
        (#"{"gateway_endpoint": "tcp://127.0.0.1:-1"}"#, "gateway_endpoint"),
        (#"{"intake_endpoint": "ipc://"}"#, "intake_endpoint"),
    ])
    func rejected(text: String, field: String) throws {
        let error = try #require(throws: NodeError.self) { try load(text) }
        guard case let .configInvalid(_, errorField, _) = error else {
            Issue.record("expected config_invalid, got \(error)")
            return
        }
        #expect(errorField == field)
    }

    @Test("ports 1...65535 and * are accepted, with any host form; an empty gateway endpoint runs no gateway", arguments: [
        "tcp://127.0.0.1:1", "tcp://127.0.0.1:65535", "tcp://*:7401", "tcp://127.0.0.1:*", "tcp://[::1]:7401", "tcp://localhost:7401",
        "ipc:///tmp/lodestone.sock",
    ])
    func acceptedEndpoints(endpoint: String) throws {
        let configuration = try load(#"{"intake_endpoint": "\#(endpoint)", "gateway_endpoint": ""}"#)
        #expect(configuration.intakeEndpoint == endpoint)
        #expect(configuration.gatewayEndpoint.isEmpty)
    }
}
