import Foundation
import Gateway
import ZeroMQ

extension OrderEntrySettings {
    /// The gateway's settings from node.json, reading its CURVE key files; nil when
    /// `gateway_endpoint` is empty.
    static func load(_ settings: NodeSettings) throws(NodeError) -> OrderEntrySettings? {
        let configuration = settings.configuration
        guard !configuration.gatewayEndpoint.isEmpty else { return nil }
        var gateway = OrderEntrySettings()
        gateway.endpoint = configuration.gatewayEndpoint
        gateway.ratePerSecond = configuration.gatewayRatePerSecond
        gateway.burst = configuration.gatewayBurst
        gateway.maxConnections = configuration.gatewayMaxConnections
        gateway.maxSubscribedConnections = configuration.gatewayMaxSubscribedConnections
        gateway.publicConnectionsMax = configuration.publicConnectionsMax
        // Never more answers in flight than the queue they wait in can hold.
        gateway.maxInFlight = configuration.intakeQueueCapacity
        if !configuration.gatewayCurveKeyFile.isEmpty {
            gateway.curve = try curve(
                keyFile: NodeFiles.resolve(configuration.gatewayCurveKeyFile, against: settings.directory),
                clientsFile: NodeFiles.resolve(configuration.gatewayCurveClientsFile, against: settings.directory))
        }
        return gateway
    }

    private static func curve(keyFile: String, clientsFile: String) throws(NodeError) -> CurveSettings {
        let keyLines = String(decoding: try NodeFiles.read(keyFile), as: UTF8.self)
            .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        let clientsText = String(decoding: try NodeFiles.read(clientsFile), as: UTF8.self)
        do throws(GatewayError) {
            guard keyLines.count == 2 else { throw GatewayError(.badSetting, "want a public and a secret Z85 key, one per line") }
            let keys: ZMQCurveKeyPair
            do { keys = ZMQCurveKeyPair(publicKey: try ZMQCurveKey(z85: keyLines[0]), secretKey: try ZMQCurveKey(z85: keyLines[1])) } catch {
                throw GatewayError(.badSetting, "not Z85 CURVE keys: \(error)")
            }
            return try CurveSettings(serverKeys: keys, allowedClients: CurveSettings.clientKeys(fromText: clientsText))
        } catch {
            throw .keyFileInvalid(path: keyLines.count == 2 ? clientsFile : keyFile, reason: error.message)
        }
    }
}
