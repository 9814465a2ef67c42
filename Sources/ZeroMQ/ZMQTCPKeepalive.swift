/// Whether a socket's TCP connections use keepalive probes (ZMQ_TCP_KEEPALIVE).
public enum ZMQTCPKeepalive: Int32, Sendable, CaseIterable {
    /// Leave the operating system's setting alone.
    case systemDefault = -1
    /// Turn keepalive off.
    case disabled = 0
    /// Turn keepalive on.
    case enabled = 1
}
