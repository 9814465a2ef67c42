// The standard socket options. Where libzmq uses a sentinel (0 or -1) for "off", "unlimited"
// or "infinite", the Swift value is `nil`, so every explicit number means what it says.

extension ZMQOption where Value == Int? {
    /// Most messages queued for sending per peer (ZMQ_SNDHWM); nil: unlimited.
    public static var sendHighWaterMark: Self {
        optionalInt(.sendHighWaterMark, none: 0, range: 1...ZMQLimits.maxHighWaterMark)
    }

    /// Most messages queued on receipt per peer (ZMQ_RCVHWM); nil: unlimited.
    public static var receiveHighWaterMark: Self {
        optionalInt(.receiveHighWaterMark, none: 0, range: 1...ZMQLimits.maxHighWaterMark)
    }

    /// How long unsent messages are kept after close (ZMQ_LINGER); nil: until sent.
    /// Sockets start at 0 here, because `ZMQContext` turns libzmq's blocky mode off.
    public static var lingerMs: Self {
        optionalInt(.linger, none: -1, range: 0...ZMQLimits.maxTimeoutMs)
    }

    /// How long a blocking receive waits before returning nil (ZMQ_RCVTIMEO); nil: forever.
    public static var receiveTimeoutMs: Self {
        optionalInt(.receiveTimeout, none: -1, range: 0...ZMQLimits.maxTimeoutMs)
    }

    /// How long a blocking send waits before reporting `wouldBlock` (ZMQ_SNDTIMEO); nil: forever.
    public static var sendTimeoutMs: Self {
        optionalInt(.sendTimeout, none: -1, range: 0...ZMQLimits.maxTimeoutMs)
    }

    /// Largest single frame a peer may send before it is disconnected (ZMQ_MAXMSGSIZE);
    /// nil: unlimited.
    public static var maxMessageBytes: Self {
        optionalInt(.maxMessageSize, none: -1, range: 0...ZMQLimits.maxMessageBytes, wide: true)
    }

    /// Interval between ZMTP heartbeat pings (ZMQ_HEARTBEAT_IVL); nil: no heartbeats.
    public static var heartbeatIntervalMs: Self {
        optionalInt(.heartbeatInterval, none: 0, range: 1...ZMQLimits.maxTimeoutMs)
    }

    /// How long to wait for a heartbeat reply before closing (ZMQ_HEARTBEAT_TIMEOUT);
    /// nil: the heartbeat interval.
    public static var heartbeatTimeoutMs: Self {
        optionalInt(.heartbeatTimeout, none: 0, range: 1...ZMQLimits.maxTimeoutMs)
    }

    /// How long the peer may go without hearing a heartbeat (ZMQ_HEARTBEAT_TTL); nil: no
    /// limit. libzmq keeps deciseconds, so values must be whole multiples of 100 ms.
    public static var heartbeatTTLMs: Self {
        optionalInt(.heartbeatTTL, none: 0, range: 100...6_553_500, multipleOf: 100)
    }
}

extension ZMQOption where Value == Bool {
    /// ROUTER only, write-only: sending to an unknown routing id fails with
    /// `peer_unreachable` instead of dropping the message silently (ZMQ_ROUTER_MANDATORY).
    public static var routerMandatory: Self { flag(.routerMandatory, .writeOnly) }

    /// Queue messages only for completed connections (ZMQ_IMMEDIATE).
    public static var immediate: Self { flag(.immediate, .readWrite) }

    /// Act as the CURVE server of connections (ZMQ_CURVE_SERVER); needs `curveSecretKey`.
    public static var curveServer: Self { flag(.curveServer, .readWrite) }

    /// XPUB only, write-only: subscriptions take effect only when the application applies
    /// them (`subscribe(_:)`/`unsubscribe(_:)` on the XPUB right after reading each one), so it
    /// can refuse what it does not publish (ZMQ_XPUB_MANUAL).
    public static var xpubManual: Self { flag(.xpubManual, .writeOnly) }
}

extension ZMQOption where Value == ZMQTCPKeepalive {
    /// TCP keepalive on the socket's connections (ZMQ_TCP_KEEPALIVE).
    public static var tcpKeepalive: Self {
        Self(
            name: .tcpKeepalive, access: .readWrite, kind: .int32,
            encode: { .int32($0.rawValue) },
            // libzmq only stores -1, 0 or 1, which are exactly the cases.
            decode: { ZMQTCPKeepalive(rawValue: $0.int32) ?? .systemDefault })
    }
}

extension ZMQOption where Value == [UInt8] {
    /// This socket's identity as seen by a ROUTER peer (ZMQ_ROUTING_ID): 1 to 255 bytes, not
    /// starting with a zero byte (libzmq reserves those for ids it makes up). Set before
    /// connecting.
    public static var routingID: Self {
        shortBytes(.routingID, .readWrite, allowsEmpty: false, isValid: { $0.first != 0 })
    }

    /// SUB: add a topic prefix; empty matches everything.
    static var subscribe: Self { shortBytes(.subscribe, .writeOnly, allowsEmpty: true) }

    /// SUB: remove a topic prefix added before.
    static var unsubscribe: Self { shortBytes(.unsubscribe, .writeOnly, allowsEmpty: true) }
}

extension ZMQOption where Value == ZMQCurveKey {
    /// This socket's long-term CURVE public key (ZMQ_CURVE_PUBLICKEY).
    public static var curvePublicKey: Self { curveKey(.curvePublicKey) }

    /// This socket's long-term CURVE secret key (ZMQ_CURVE_SECRETKEY).
    public static var curveSecretKey: Self { curveKey(.curveSecretKey) }

    /// Client side: the server's public key; setting it makes the socket a CURVE client
    /// (ZMQ_CURVE_SERVERKEY).
    public static var curveServerKey: Self { curveKey(.curveServerKey) }

    private static func curveKey(_ name: ZMQOptionName) -> Self {
        Self(
            name: name, access: .readWrite, kind: .bytes(capacity: ZMQCurveKey.byteCount),
            encode: { .bytes($0.bytes) },
            // A 32-byte buffer makes libzmq return the binary key, never Z85.
            decode: { ZMQCurveKey(checkedBytes: $0.bytes) })
    }
}

extension ZMQOption where Value == String {
    /// The ZAP domain the socket's connections authenticate in (ZMQ_ZAP_DOMAIN); a ZAP handler
    /// bound on `inproc://zeromq.zap.01` sees it. At most 255 bytes.
    public static var zapDomain: Self { text(.zapDomain, .readWrite, maxBytes: ZMQLimits.maxShortBytes) }

    /// The endpoint the socket last bound or connected, with wildcards resolved.
    static var lastEndpoint: Self { text(.lastEndpoint, .readOnly, maxBytes: ZMQLimits.maxEndpointBytes) }
}
