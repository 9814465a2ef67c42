import Foundation
import ZeroMQ

/// CurveZMQ for the order-entry socket: the server's key pair, and the client public keys
/// it serves (the ZAP handler refuses every other key before any request is read).
public struct CurveSettings: Sendable, Equatable {
    /// Most client keys an allow-list holds.
    public static let allowedClientsMax = 100_000

    /// The server's long-term key pair (clients are given the public key).
    public let serverKeys: ZMQCurveKeyPair
    /// The client public keys served.
    public let allowedClients: Set<ZMQCurveKey>

    /// Refuses an allow-list over `allowedClientsMax` keys.
    public init(serverKeys: ZMQCurveKeyPair, allowedClients: Set<ZMQCurveKey>) throws(GatewayError) {
        guard allowedClients.count <= Self.allowedClientsMax else {
            throw GatewayError(.badSetting, "\(allowedClients.count) client keys, at most \(Self.allowedClientsMax)")
        }
        self.serverKeys = serverKeys
        self.allowedClients = allowedClients
    }

    /// Reads an allow-list: one Z85 public key (40 characters) per line; blank lines and
    /// lines starting with `#` are skipped.
    public static func clientKeys(fromText text: String) throws(GatewayError) -> Set<ZMQCurveKey> {
        var keys = Set<ZMQCurveKey>()
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            do { keys.insert(try ZMQCurveKey(z85: trimmed)) } catch {
                throw GatewayError(.badSetting, "line \(number + 1): not a Z85 CURVE key: \(error)")
            }
            guard keys.count <= allowedClientsMax else { throw GatewayError(.badSetting, "more than \(allowedClientsMax) client keys") }
        }
        return keys
    }
}
