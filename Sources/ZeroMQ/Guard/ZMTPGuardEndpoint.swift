/// An address a `ZMTPGuard` listens on or connects to: `tcp://<ipv4>:<port>` (host `*` is
/// every interface, port `*` any free port, both only where the guard listens) or
/// `ipc://<path>` (a Unix domain socket).
enum ZMTPGuardEndpoint: Equatable, CustomStringConvertible {
    /// An IPv4 address (host byte order) and port; port 0 asks for any free port.
    case tcp(address: UInt32, port: UInt16)
    /// A Unix domain socket path.
    case ipc(path: String)

    /// Longest `ipc://` path: `sun_path` holds 108 bytes with the terminating NUL.
    static let ipcPathBytesMax = 107

    /// Parses `text`; `listening` allows the wildcards (`*` host and port). Fails with
    /// `invalid_endpoint` naming the rule broken.
    init(_ text: String, listening: Bool) throws(ZMTPGuardError) {
        guard text.utf8.count <= ZMQLimits.maxEndpointBytes, !text.utf8.contains(0) else {
            throw ZMTPGuardError(.invalidEndpoint, "an endpoint is at most \(ZMQLimits.maxEndpointBytes) bytes without NUL")
        }
        if text.hasPrefix("ipc://") {
            let path = String(text.dropFirst("ipc://".count))
            guard (1...Self.ipcPathBytesMax).contains(path.utf8.count), path != "*" else {
                throw ZMTPGuardError(
                    .invalidEndpoint, "ipc:// needs a path of 1...\(Self.ipcPathBytesMax) bytes (no wildcard), got '\(text)'")
            }
            self = .ipc(path: path)
            return
        }
        guard text.hasPrefix("tcp://"), let colon = text.lastIndex(of: ":"), colon > text.index(text.startIndex, offsetBy: 5) else {
            throw ZMTPGuardError(.invalidEndpoint, "expected tcp://<ipv4>:<port> or ipc://<path>, got '\(text)'")
        }
        let host = text[text.index(text.startIndex, offsetBy: 6)..<colon]
        let portText = text[text.index(after: colon)...]
        let address: UInt32
        if host == "*" && listening {
            address = 0
        } else if host == "localhost" {
            address = 0x7F00_0001
        } else if let parsed = Self.ipv4(host) {
            address = parsed
        } else {
            throw ZMTPGuardError(
                .invalidEndpoint, "host must be a dotted IPv4 address\(listening ? ", * " : "") or localhost, got '\(host)' in '\(text)'")
        }
        let port: UInt16
        if portText == "*" && listening {
            port = 0
        } else if let number = UInt16(portText), number > 0 {
            port = number
        } else {
            throw ZMTPGuardError(.invalidEndpoint, "port must be 1...65535\(listening ? " or *" : ""), got '\(portText)' in '\(text)'")
        }
        self = .tcp(address: address, port: port)
    }

    /// Four decimal octets 0...255 without leading zeros, e.g. 127.0.0.1.
    private static func ipv4<S: StringProtocol>(_ text: S) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var address: UInt32 = 0
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCII), part.allSatisfy(\.isNumber),
                part == "0" || !part.hasPrefix("0"), let octet = UInt8(part)
            else { return nil }
            address = address << 8 | UInt32(octet)
        }
        return address
    }

    /// The endpoint as text, e.g. `tcp://127.0.0.1:40231` (`0.0.0.0` for every interface).
    var description: String {
        switch self {
        case .tcp(let address, let port):
            let octets = [24, 16, 8, 0].map { String(address >> UInt32($0) & 0xFF) }
            return "tcp://\(octets.joined(separator: ".")):\(port)"
        case .ipc(let path):
            return "ipc://\(path)"
        }
    }
}
