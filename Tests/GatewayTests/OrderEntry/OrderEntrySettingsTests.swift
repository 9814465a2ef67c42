import Gateway
import Node
import Testing

@Suite("Gateway settings and codes: bounds refused with a code, stable distinct codes")
struct OrderEntrySettingsTests {
    @Test("every gateway setting outside its bounds is refused with bad_gateway_setting (7209) naming it")
    func settingsBounds() {
        let changes: [(String, (inout OrderEntrySettings) -> Void)] = [
            ("max_connections", { $0.maxConnections = 0 }),
            ("max_in_flight", { $0.maxInFlight = 2_000_000 }),
            ("send_high_water_mark", { $0.sendHighWaterMark = 0 }),
            ("cutoff_drops", { $0.cutoffDrops = 0 }),
            ("rate", { $0.ratePerSecond = 0 }),
            ("burst", { $0.burst = 1_000_001 }),
            ("max_subscribed_connections", { $0.maxSubscribedConnections = 0 }),
            ("max_subscribed_connections", { $0.maxSubscribedConnections = $0.maxConnections }),
        ]
        #expect(throws: Never.self) { try OrderEntrySettings().check() }
        for (name, change) in changes {
            var settings = OrderEntrySettings()
            change(&settings)
            let error = #expect(throws: GatewayError.self) { try settings.check() }
            #expect(error?.code == 7209 && error?.message.contains(name) == true, "\(name)")
        }
    }

    @Test("node.json: gateway keys out of bounds are config_invalid naming the key; a devnet's gateway sits 10 ports above its intake")
    func nodeConfiguration() {
        var configuration = NodeConfiguration()
        #expect(throws: Never.self) { try configuration.check(path: "node.json") }
        let bad: [(String, (inout NodeConfiguration) -> Void)] = [
            ("gateway_endpoint", { $0.gatewayEndpoint = "udp://x" }),
            ("gateway_rate_per_second", { $0.gatewayRatePerSecond = 0 }),
            ("gateway_burst", { $0.gatewayBurst = 0 }),
            ("gateway_max_connections", { $0.gatewayMaxConnections = 0 }),
            ("gateway_max_subscribed_connections", { $0.gatewayMaxSubscribedConnections = 100_001 }),
            ("snapshot_send_hwm", { $0.snapshotSendHWM = 0 }),
            ("gateway_curve_clients_file", { $0.gatewayCurveKeyFile = "server.curve" }),
        ]
        for (key, change) in bad {
            configuration = NodeConfiguration()
            change(&configuration)
            let error = #expect(throws: NodeError.self) { try configuration.check(path: "node.json") }
            #expect(error?.code == 9002 && error?.message.contains(key) == true, "\(key)")
        }
        configuration = NodeConfiguration()
        configuration.gatewayEndpoint = ""
        #expect(throws: Never.self) { try configuration.check(path: "node.json") }
        #expect(NodeConfiguration.gatewayEndpoint(besideIntake: "tcp://127.0.0.1:7401") == "tcp://127.0.0.1:7411")
        #expect(NodeConfiguration.gatewayEndpoint(besideIntake: "tcp://127.0.0.1:*") == "tcp://127.0.0.1:*")
        #expect(NodeConfiguration.gatewayEndpoint(besideIntake: "tcp://127.0.0.1:65530") == "tcp://127.0.0.1:*")
    }

    @Test("gateway codes are distinct, in 7201...7299, with distinct snake_case names")
    func codes() {
        let kinds = GatewayError.Kind.allCases
        #expect(Set(kinds.map(\.rawValue)).count == kinds.count && kinds.allSatisfy { (7201...7299).contains($0.rawValue) })
        #expect(Set(kinds.map(\.name)).count == kinds.count)
        #expect(kinds.allSatisfy { $0.name.allSatisfy { $0.isLowercase || $0 == "_" } })
    }

    @Test("a refusal's name and text are clipped to the wire's limits on a character boundary")
    func rejectionClipped() {
        let rejection = Rejection(code: 8001, name: String(repeating: "n", count: 100), text: String(repeating: "é", count: 1_000))
        #expect(rejection.name.utf8.count == 64)
        #expect(rejection.text.utf8.count == 1_024 && rejection.text.allSatisfy { $0 == "é" })
        #expect(Rejection(code: 7201, name: "", text: "").name == "unnamed")
    }
}
