extension ZMQSocket {
    /// SUB: receive messages whose first frame starts with `prefix` (at most 255 bytes;
    /// empty matches everything). Other socket types fail with `invalid_option`.
    public func subscribe(_ prefix: [UInt8]) throws(ZMQError) {
        try setOption(.subscribe, prefix)
    }

    /// SUB: `subscribe(_:)` with the UTF-8 bytes of `topic`.
    public func subscribe(_ topic: String) throws(ZMQError) {
        try subscribe(Array(topic.utf8))
    }

    /// SUB: stop receiving for a prefix given to `subscribe(_:)` before; subscriptions are
    /// counted, so each subscribe needs its own unsubscribe.
    public func unsubscribe(_ prefix: [UInt8]) throws(ZMQError) {
        try setOption(.unsubscribe, prefix)
    }

    /// SUB: `unsubscribe(_:)` with the UTF-8 bytes of `topic`.
    public func unsubscribe(_ topic: String) throws(ZMQError) {
        try unsubscribe(Array(topic.utf8))
    }
}
