/// What a `ZMTPGuard` has done so far: a snapshot, so nothing it refuses goes uncounted.
public struct ZMTPGuardCounters: Sendable, Equatable, Codable {
    /// Client connections accepted and relayed.
    public var connectionsAccepted: UInt64 = 0
    /// Client connections accepted and closed at once because `connectionsMax` were open.
    public var connectionsRefused: UInt64 = 0
    /// Client connections open now.
    public var connectionsOpen: UInt64 = 0
    /// Bytes read from clients (and relayed to the inner socket unless a violation stopped them).
    public var bytesIn: UInt64 = 0
    /// Bytes written to clients.
    public var bytesOut: UInt64 = 0
    /// Ended connections by why they ended, indexed by `ZMTPGuardDisconnect.rawValue`.
    private var disconnectCounts = [UInt64](repeating: 0, count: ZMTPGuardDisconnect.allCases.count)

    public init() {}

    /// Connections ended for `kind`.
    public func disconnects(_ kind: ZMTPGuardDisconnect) -> UInt64 {
        disconnectCounts[kind.rawValue]
    }

    /// Connections reset because the client broke ZMTP or a limit, all kinds together.
    public var violations: UInt64 {
        ZMTPGuardDisconnect.allCases.filter(\.isViolation).reduce(0) { $0 + disconnects($1) }
    }

    mutating func countDisconnect(_ kind: ZMTPGuardDisconnect) {
        disconnectCounts[kind.rawValue] += 1
    }

    private struct NameKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Reads what `encode(to:)` writes (a node's status); a kind missing from the JSON (an older
    /// node) reads as 0.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: NameKey.self)
        func read(_ name: String) throws -> UInt64 {
            try container.decodeIfPresent(UInt64.self, forKey: NameKey(stringValue: name)) ?? 0
        }
        connectionsAccepted = try read("connections_accepted")
        connectionsRefused = try read("connections_refused")
        connectionsOpen = try read("connections_open")
        bytesIn = try read("bytes_in")
        bytesOut = try read("bytes_out")
        for kind in ZMTPGuardDisconnect.allCases {
            disconnectCounts[kind.rawValue] = try read("disconnects_\(kind)")
        }
    }

    /// snake_case fields, and one `disconnects_<kind>` per kind, for status output.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: NameKey.self)
        try container.encode(connectionsAccepted, forKey: NameKey(stringValue: "connections_accepted"))
        try container.encode(connectionsRefused, forKey: NameKey(stringValue: "connections_refused"))
        try container.encode(connectionsOpen, forKey: NameKey(stringValue: "connections_open"))
        try container.encode(bytesIn, forKey: NameKey(stringValue: "bytes_in"))
        try container.encode(bytesOut, forKey: NameKey(stringValue: "bytes_out"))
        for kind in ZMTPGuardDisconnect.allCases {
            try container.encode(disconnects(kind), forKey: NameKey(stringValue: "disconnects_\(kind)"))
        }
    }
}
