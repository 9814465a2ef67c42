extension FieldCheck {
    /// Accepted TCP ports; `*` (any free port) is accepted besides.
    static let portsAllowed = 1...65_535

    /// Throws naming `field` unless `endpoint` is `tcp://HOST:PORT` with a host and a port in
    /// 1...65535 or `*`, or `ipc://PATH` with a path. ZeroMQ would take a larger port modulo
    /// 65536 and bind somewhere else than configured.
    func endpoint(_ endpoint: String, field: String) throws(NodeError) {
        if endpoint.hasPrefix("ipc://") {
            try that(endpoint.count > "ipc://".count, field, "'\(endpoint)' has no path after ipc://")
            return
        }
        guard endpoint.hasPrefix("tcp://") else { throw invalid(field, "'\(endpoint)' must be a tcp:// or ipc:// endpoint") }
        let address = endpoint.dropFirst("tcp://".count)
        guard let colon = address.lastIndex(of: ":") else {
            throw invalid(field, "'\(endpoint)' has no port: use tcp://HOST:PORT (PORT 1...65535 or *)")
        }
        let host = address[..<colon]
        let port = address[address.index(after: colon)...]
        try that(!host.isEmpty && host != "[]", field, "'\(endpoint)' has no host: use tcp://HOST:PORT, e.g. tcp://127.0.0.1:7401")
        guard port != "*" else { return }
        let digits = !port.isEmpty && port.utf8.count <= 5 && port.allSatisfy(\.isASCII) && port.allSatisfy(\.isNumber)
        guard digits, let number = Int(port), Self.portsAllowed.contains(number) else {
            throw invalid(field, "port '\(port)' of '\(endpoint)' is outside 1...65535 (or * for any free port)")
        }
    }
}
