import Foundation
import Gateway
import LodestoneWire
import Testing
import ZeroMQ

@Suite("Order-entry gateway over CurveZMQ: the ZAP handler serves allow-listed client keys only")
struct CurveTests {
    static let waitMs = GatewayNode.waitMs
    /// Long enough for a CURVE handshake on loopback many times over; the refused client's
    /// wait ends here instead of hanging.
    static let refusedWaitMs = 1_000

    @Test("a listed client key is served; an unlisted one gets no answer; plain TCP gets none either")
    func allowList() throws {
        let serverKeys = try ZMQCurve.generateKeyPair()
        let listed = try ZMQCurve.generateKeyPair()
        let unlisted = try ZMQCurve.generateKeyPair()
        var settings = OrderEntrySettings()
        settings.endpoint = "tcp://127.0.0.1:*"
        settings.curve = try CurveSettings(serverKeys: serverKeys, allowedClients: [listed.publicKey])
        let gateway = try StandaloneGateway(settings: settings)
        let request = Lodestone_V1_Request(clientOrderID: "q", .status(.order(3)))

        let served = try OrderEntryClient(endpoint: gateway.endpoint, curve: (serverKeys.publicKey, listed))
        #expect(try served.send(request, timeoutMs: Self.waitMs).status.state == .unknown)
        let refused = try OrderEntryClient(endpoint: gateway.endpoint, curve: (serverKeys.publicKey, unlisted))
        #expect(throws: GatewayError.self) { try refused.send(request, timeoutMs: Self.refusedWaitMs) }
        let plain = try OrderEntryClient(endpoint: gateway.endpoint)
        #expect(throws: GatewayError.self) { try plain.send(request, timeoutMs: Self.refusedWaitMs) }
        #expect(try served.send(request, timeoutMs: Self.waitMs).status.state == .unknown, "still served after the refusals")
    }

    @Test("a node started with gateway_curve_key_file and gateway_curve_clients_file serves the listed client only")
    func nodeWithCurve() throws {
        let serverKeys = try ZMQCurve.generateKeyPair()
        let listed = try ZMQCurve.generateKeyPair()
        let gateway = try GatewayNode { configuration, directory in
            try "\(serverKeys.publicKey.z85)\n\(serverKeys.secretKey.z85)\n".write(toFile: directory + "/gateway.curve", atomically: true, encoding: .utf8)
            try "# allowed\n\(listed.publicKey.z85)\n".write(toFile: directory + "/clients.curve", atomically: true, encoding: .utf8)
            configuration.gatewayCurveKeyFile = "gateway.curve"
            configuration.gatewayCurveClientsFile = "clients.curve"
        }
        let endpoint = try #require(gateway.node.gatewayEndpoint)
        let request = Lodestone_V1_Request(clientOrderID: "q", .status(.order(4)))
        let served = try OrderEntryClient(endpoint: endpoint, curve: (serverKeys.publicKey, listed))
        #expect(try served.send(request, timeoutMs: Self.waitMs).status.state == .unknown)
        let refused = try OrderEntryClient(endpoint: endpoint, curve: (serverKeys.publicKey, try ZMQCurve.generateKeyPair()))
        #expect(throws: GatewayError.self) { try refused.send(request, timeoutMs: Self.refusedWaitMs) }
    }

    @Test("an allow-list file reads one Z85 key per line, skipping blanks and comments; a bad line is named")
    func allowListFile() throws {
        let key = try ZMQCurve.generateKeyPair().publicKey
        #expect(try CurveSettings.clientKeys(fromText: "# market makers\n\n  \(key.z85)  \n") == [key])
        let error = #expect(throws: GatewayError.self) { try CurveSettings.clientKeys(fromText: "\(key.z85)\nnot-a-key") }
        #expect(error?.kind == .badSetting && error?.message.hasPrefix("line 2") == true)
    }
}
